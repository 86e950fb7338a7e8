import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

export interface MetricsOptions {
  /** Becomes the `app` label of every metric of this process. */
  app: string;
}

let defaultMetricsCollected = false;

/**
 * Prometheus /metrics from prom-client's default `register`: libs declare
 * their counters, gauges and histograms there (`new Counter({ name, help })`
 * registers itself) and they appear here with the `app` label.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    register.setDefaultLabels({ app: options.app });
    // Once per process: a second call would register the same metrics twice and throw.
    if (!defaultMetricsCollected) {
      collectDefaultMetrics();
      defaultMetricsCollected = true;
    }
    return { module: MetricsModule, controllers: [MetricsController] };
  }
}
