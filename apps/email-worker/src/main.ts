import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { emailWorkerConfigSchema } from './email-worker.config';
import { EmailWorkerModule } from './email-worker.module';

void bootstrapApp({
  name: 'email-worker',
  config: emailWorkerConfigSchema,
  module: (config) => EmailWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
