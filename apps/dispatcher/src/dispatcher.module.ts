import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import { AudienceModule } from '@childalert/audience';
import { DeliveryModule } from '@childalert/delivery';
import { DispatchService } from './dispatch.service';
import { DispatchTargetReader } from './recipients/dispatch-target.reader';
import { RecipientSources } from './recipients/recipient-sources';
import { SocialRecipients } from './recipients/social.recipients';
import { SubscriberRecipients } from './recipients/subscriber.recipients';
import { BroadcastRecipients } from './recipients/broadcast.recipients';
import { PartnerRecipients } from './recipients/partner.recipients';
import { LifecycleConsumer } from './lifecycle.consumer';
import type { DispatcherConfig } from './dispatcher.config';

/** Alert events → audience → per-channel dispatch batches. */
@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'dispatcher',
        }),
        PlatformModule.forRoot({ app: 'dispatcher', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config)),
        AudienceModule.forWorkers(),
        DeliveryModule.forDispatcher(),
      ],
      controllers: [LifecycleConsumer],
      providers: [
        DispatchService,
        DispatchTargetReader,
        RecipientSources,
        SubscriberRecipients,
        BroadcastRecipients,
        SocialRecipients,
        PartnerRecipients,
      ],
    };
  }
}
