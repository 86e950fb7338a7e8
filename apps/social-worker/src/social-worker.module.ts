import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { SocialChannelAdapter } from './social-channel.adapter';
import { SocialChannelModule } from './social-channel.module';
import { SocialDispatchConsumer } from './social-dispatch.consumer';
import type { SocialWorkerConfig } from './social-worker.config';
import { socialSettingsOf } from './social.settings';

/** Posts alerts on the NGO's X accounts, one thread per alert and account. */
@Module({})
export class SocialWorkerModule {
  static forRoot(config: SocialWorkerConfig): DynamicModule {
    const settings = socialSettingsOf(config);
    // Account keys and languages only: the credentials are never logged.
    new Logger('SocialWorker').log(
      `accounts: ${[...settings.accounts.values()].map((a) => `${a.key} (${a.language})`).join(', ') || 'none'}`,
    );
    return {
      module: SocialWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'social-worker',
        }),
        PlatformModule.forRoot({ app: 'social-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        DeliveryModule.forChannel({
          adapter: { useExisting: SocialChannelAdapter },
          imports: [SocialChannelModule.forRoot(settings)],
          options: deliveryOptionsFrom(config),
        }),
      ],
      controllers: [SocialDispatchConsumer],
    };
  }
}
