import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HealthIndicator } from './health-indicator';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';

const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

export interface HealthOptions {
  /** Provider classes (from any module) whose check() decides readiness. */
  indicators?: Type<HealthIndicator>[];
}

/** Registers the listed indicators once every provider exists. */
@Injectable()
class IndicatorRegistrar implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_INDICATORS) private readonly indicators: Type<HealthIndicator>[],
  ) {}

  onModuleInit(): void {
    for (const type of this.indicators) {
      const indicator = this.moduleRef.get(type, { strict: false });
      this.registry.register(indicator.name, () => indicator.check());
    }
  }
}

/**
 * /health/live and /health/ready. Global, so any module can inject the
 * HealthRegistry and add its own check.
 */
@Global()
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        HealthRegistry,
        { provide: HEALTH_INDICATORS, useValue: options.indicators ?? [] },
        IndicatorRegistrar,
      ],
      exports: [HealthRegistry],
    };
  }
}
