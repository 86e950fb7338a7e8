import { Counter, Histogram, register } from 'prom-client';

/** On prom-client's default registry, reused when a second module in the process (tests) asks again. */
function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (
    (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames })
  );
}

function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
  return (
    (register.getSingleMetric(name) as Histogram<string> | undefined) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}

export class DeliveryMetrics {
  readonly outcomes = counter(
    'childalert_deliveries_total',
    'Recipients by channel and outcome (delivered, failed, skipped, retried)',
    ['channel', 'outcome'],
  );
  readonly sendSeconds = histogram(
    'childalert_delivery_send_seconds',
    'Time of one send attempt to the provider',
    ['channel'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
}

let shared: DeliveryMetrics | undefined;

export function deliveryMetrics(): DeliveryMetrics {
  if (shared === undefined || register.getSingleMetric('childalert_deliveries_total') !== shared.outcomes) {
    shared = new DeliveryMetrics();
  }
  return shared;
}
