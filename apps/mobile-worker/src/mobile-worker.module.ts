import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { MobileChannelAdapter } from './mobile-channel.adapter';
import { MobileChannelModule } from './mobile-channel.module';
import { MobileDispatchConsumer } from './mobile-dispatch.consumer';
import type { MobileWorkerConfig } from './mobile-worker.config';
import { mobileSettingsOf } from './mobile.settings';

/** Sends dispatch batches to the mobile app through FCM (firebase-admin sendEach). */
@Module({})
export class MobileWorkerModule {
  static forRoot(config: MobileWorkerConfig): DynamicModule {
    const settings = mobileSettingsOf(config);
    if (settings.credential.kind === 'test-receiver') {
      new Logger('MobileWorker').warn(
        `FCM replaced by the test receiver at ${settings.credential.url.origin} (tests only)`,
      );
    }
    return {
      module: MobileWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'mobile-worker',
        }),
        PlatformModule.forRoot({ app: 'mobile-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        DeliveryModule.forChannel({
          adapter: { useExisting: MobileChannelAdapter },
          imports: [MobileChannelModule.forRoot(settings)],
          options: deliveryOptionsFrom(config),
        }),
      ],
      controllers: [MobileDispatchConsumer],
    };
  }
}
