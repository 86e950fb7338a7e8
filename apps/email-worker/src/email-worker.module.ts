import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import type { EmailWorkerConfig } from './email-worker.config';

/** Sends dispatch batches as e-mail over pooled SMTP. */
@Module({})
export class EmailWorkerModule {
  static forRoot(config: EmailWorkerConfig): DynamicModule {
    return {
      module: EmailWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'email-worker',
        }),
        PlatformModule.forRoot({ app: 'email-worker', readiness: [DatabaseHealth, MessagingHealth] }),
        MessagingModule.forRoot(messagingOptionsFor(config)),
      ],
    };
  }
}
