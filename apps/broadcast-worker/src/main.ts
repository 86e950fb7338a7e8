import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { broadcastWorkerConfigSchema } from './broadcast-worker.config';
import { BroadcastWorkerModule } from './broadcast-worker.module';

void bootstrapApp({
  name: 'broadcast-worker',
  config: broadcastWorkerConfigSchema,
  module: (config) => BroadcastWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
