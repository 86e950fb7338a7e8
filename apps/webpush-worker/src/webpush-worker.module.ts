import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DeliveryModule, deliveryOptionsFrom, dispatchConsumerOptions } from '@childalert/delivery';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import { WebpushChannelAdapter } from './webpush-channel.adapter';
import { WebpushChannelModule } from './webpush-channel.module';
import { WebpushDispatchConsumer } from './webpush-dispatch.consumer';
import type { WebpushWorkerConfig } from './webpush-worker.config';
import { webpushSettingsOf } from './webpush.settings';

/** Sends dispatch batches as web push (VAPID, RFC 8030/8291/8292). */
@Module({})
export class WebpushWorkerModule {
  static forRoot(config: WebpushWorkerConfig): DynamicModule {
    const settings = webpushSettingsOf(config);
    if (settings.vapidSource !== 'config') {
      new Logger('WebpushWorker').warn(
        `VAPID keys ${settings.vapidSource === 'generated' ? 'generated into' : 'read from'} ${config.VAPID_KEY_FILE} ` +
          `(development only); public key ${settings.vapid.publicKey}`,
      );
    }
    return {
      module: WebpushWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'webpush-worker',
        }),
        PlatformModule.forRoot({ app: 'webpush-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config, { consumer: dispatchConsumerOptions(config) })),
        DeliveryModule.forChannel({
          adapter: { useExisting: WebpushChannelAdapter },
          imports: [WebpushChannelModule.forRoot(settings)],
          options: deliveryOptionsFrom(config),
        }),
      ],
      controllers: [WebpushDispatchConsumer],
    };
  }
}
