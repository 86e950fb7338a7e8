import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import type { WebpushWorkerConfig } from './webpush-worker.config';

/** Sends dispatch batches as web push (VAPID, RFC 8291/8292). */
@Module({})
export class WebpushWorkerModule {
  static forRoot(config: WebpushWorkerConfig): DynamicModule {
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
        MessagingModule.forRoot(messagingOptionsFor(config)),
      ],
    };
  }
}
