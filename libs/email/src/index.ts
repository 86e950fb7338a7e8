export * from './email-transport';
export * from './smtp-email.options';
export * from './smtp-email.transport';
export * from './smtp-error.classifier';
export * from './email.module';
export * from './smtp.config';
