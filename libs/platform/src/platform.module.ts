import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type Type,
} from '@nestjs/common';
import type { HealthIndicator } from './health/health-indicator';
import { ShutdownLogger } from './bootstrap/shutdown.logger';
import { HealthModule } from './health/health.module';
import { CorrelationIdMiddleware } from './http/correlation-id.middleware';
import { MetricsModule } from './metrics/metrics.module';

export interface PlatformOptions {
  /** The app's name: the `app` label of metrics. */
  app: string;
  /** Indicators whose checks decide /health/ready (e.g. DatabaseHealth). */
  readiness?: Type<HealthIndicator>[];
}

/**
 * What every app serves besides its own work: correlation ids and request
 * logs on every route, /health/live, /health/ready and /metrics.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [HealthModule.forRoot({ indicators: options.readiness }), MetricsModule.forRoot(options)],
      providers: [CorrelationIdMiddleware, ShutdownLogger],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes('{*path}');
  }
}
