import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { dispatcherConfigSchema } from './dispatcher.config';
import { DispatcherModule } from './dispatcher.module';

void bootstrapApp({
  name: 'dispatcher',
  config: dispatcherConfigSchema,
  module: (config) => DispatcherModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
