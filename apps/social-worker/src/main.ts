import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { socialWorkerConfigSchema } from './social-worker.config';
import { SocialWorkerModule } from './social-worker.module';

void bootstrapApp({
  name: 'social-worker',
  config: socialWorkerConfigSchema,
  module: (config) => SocialWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
