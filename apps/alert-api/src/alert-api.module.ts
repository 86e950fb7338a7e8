import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@childalert/config';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { PlatformModule } from '@childalert/platform';
import type { AlertApiConfig } from './alert-api.config';

/** HTTP API, auth, lifecycle, feeds, console; writes the outbox. */
@Module({})
export class AlertApiModule {
  static forRoot(config: AlertApiConfig): DynamicModule {
    return {
      module: AlertApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'alert-api',
          // The one app that migrates at start, so a plain deployment needs no extra step;
          // the advisory lock makes it safe beside `npm start`'s own run.
          migrate: true,
        }),
        PlatformModule.forRoot({ app: 'alert-api', readiness: [DatabaseHealth] }),
        // messaging: wired by the lead
      ],
    };
  }
}
