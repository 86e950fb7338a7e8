import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import { InboundAckService } from './inbound-ack.service';
import { PartnerChannelAdapter } from './partner-channel.adapter';
import { PartnerChannelModule } from './partner-channel.module';
import { PartnerConsumers } from './partner-consumers';
import type { PartnerWorkerConfig } from './partner-worker.config';
import { partnerSettingsOf } from './partner.settings';

/** Cross-border exchange: signed CAP to partner systems, and receipts for what they send in. */
@Module({})
export class PartnerWorkerModule {
  static forRoot(config: PartnerWorkerConfig): DynamicModule {
    const channel = PartnerChannelModule.forRoot(partnerSettingsOf(config));
    return {
      module: PartnerWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'partner-worker',
        }),
        PlatformModule.forRoot({ app: 'partner-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        channel,
        DeliveryModule.forChannel({
          adapter: { useExisting: PartnerChannelAdapter },
          imports: [channel],
          options: deliveryOptionsFrom(config),
        }),
      ],
      controllers: [PartnerConsumers],
      providers: [InboundAckService],
    };
  }
}
