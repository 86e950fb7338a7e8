import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { webpushWorkerConfigSchema } from './webpush-worker.config';
import { WebpushWorkerModule } from './webpush-worker.module';

void bootstrapApp({
  name: 'webpush-worker',
  config: webpushWorkerConfigSchema,
  module: (config) => WebpushWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
