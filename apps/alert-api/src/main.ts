import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { alertApiConfigSchema } from './alert-api.config';
import { AlertApiModule } from './alert-api.module';
import { setUpAlertApi } from './alert-api.setup';

void bootstrapApp({
  name: 'alert-api',
  config: alertApiConfigSchema,
  module: (config) => AlertApiModule.forRoot(config),
  beforeListen: async (app) => {
    setUpAlertApi(app);
    await startKafkaConsumers(app);
  },
});
