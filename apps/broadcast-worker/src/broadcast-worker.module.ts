import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import type { BroadcastWorkerConfig } from './broadcast-worker.config';

/** Delivers alerts to media broadcasters as signed webhooks. */
@Module({})
export class BroadcastWorkerModule {
  static forRoot(config: BroadcastWorkerConfig): DynamicModule {
    return {
      module: BroadcastWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'broadcast-worker',
        }),
        PlatformModule.forRoot({ app: 'broadcast-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config)),
      ],
    };
  }
}
