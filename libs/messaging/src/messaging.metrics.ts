import { Counter, Gauge, register } from 'prom-client';

/**
 * Metrics live on prom-client's default registry, which is process-wide:
 * a second module in the same process (tests build several) reuses them
 * instead of failing on a duplicate registration.
 */
function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = register.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<string>;
  return new Counter({ name, help, labelNames });
}

function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  const existing = register.getSingleMetric(name);
  if (existing !== undefined) return existing as Gauge<string>;
  return new Gauge({ name, help, labelNames });
}

const PRODUCED = 'childalert_messages_produced_total';

export class MessagingMetrics {
  readonly produced = counter(PRODUCED, 'Messages produced, by topic', ['topic']);
  readonly consumed = counter(
    'childalert_messages_consumed_total',
    'Messages whose handler completed, by topic',
    ['topic'],
  );
  readonly deadLetters = counter(
    'childalert_dead_letters_total',
    'Messages sent to a dead-letter topic, by source topic',
    ['topic'],
  );
  readonly lag = gauge(
    'childalert_consumer_lag',
    'Messages of a partition not yet committed by the group (high watermark minus committed offset)',
    ['topic', 'partition', 'group'],
  );
}

let shared: MessagingMetrics | undefined;

export function messagingMetrics(): MessagingMetrics {
  // Rebuilt when someone cleared the registry (register.clear() in a test).
  if (shared === undefined || register.getSingleMetric(PRODUCED) !== shared.produced) {
    shared = new MessagingMetrics();
  }
  return shared;
}
