import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { mobileWorkerConfigSchema } from './mobile-worker.config';
import { MobileWorkerModule } from './mobile-worker.module';

void bootstrapApp({
  name: 'mobile-worker',
  config: mobileWorkerConfigSchema,
  module: (config) => MobileWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
