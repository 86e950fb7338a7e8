import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import type { MobileWorkerConfig } from './mobile-worker.config';

/** Sends dispatch batches to the mobile app through FCM. */
@Module({})
export class MobileWorkerModule {
  static forRoot(config: MobileWorkerConfig): DynamicModule {
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
        MessagingModule.forRoot(messagingOptionsFor(config)),
      ],
    };
  }
}
