export * from './app-name';
export * from './env-fields';
export * from './config.error';
export * from './load-config';
export * from './base.config';
export * from './app-config.module';
export * from './countries';
