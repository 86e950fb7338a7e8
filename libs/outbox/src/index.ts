export * from './outbox.module';
export * from './outbox.options';
export * from './outbox.writer';
export * from './outbox.relay';
