import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { MessagingHealth, MessagingModule, messagingOptionsFor } from '@childalert/messaging';
import { PlatformModule } from '@childalert/platform';
import type { PartnerWorkerConfig } from './partner-worker.config';

/** Cross-border exchange with neighbouring alert systems. */
@Module({})
export class PartnerWorkerModule {
  static forRoot(config: PartnerWorkerConfig): DynamicModule {
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
        MessagingModule.forRoot(messagingOptionsFor(config)),
      ],
    };
  }
}
