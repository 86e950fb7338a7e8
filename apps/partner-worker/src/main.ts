import { startKafkaConsumers } from '@childalert/messaging';
import { bootstrapApp } from '@childalert/platform';
import { partnerWorkerConfigSchema } from './partner-worker.config';
import { PartnerWorkerModule } from './partner-worker.module';

void bootstrapApp({
  name: 'partner-worker',
  config: partnerWorkerConfigSchema,
  module: (config) => PartnerWorkerModule.forRoot(config),
  beforeListen: startKafkaConsumers,
});
