import { bootstrapApp } from '@childalert/platform';
import { alertApiConfigSchema } from './alert-api.config';
import { AlertApiModule } from './alert-api.module';

void bootstrapApp({
  name: 'alert-api',
  config: alertApiConfigSchema,
  module: (config) => AlertApiModule.forRoot(config),
});
