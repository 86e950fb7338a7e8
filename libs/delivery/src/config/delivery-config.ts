import { env } from '@childalert/config';
import type { ConsumerOptions } from '@childalert/messaging';
import type { DeliveryOptions } from '../delivery.options';

/**
 * The settings every channel worker shares, to spread into its config schema:
 * `appConfigSchema('email-worker', { ...deliveryConfigShape, ...own })`.
 */
export const deliveryConfigShape = {
  /** Sends in flight at once per worker process. */
  DELIVERY_CONCURRENCY: env.int({ default: 20, min: 1, max: 10_000 }),
  /** Attempts per recipient before it is dead-lettered (provider-wide outages use none up). */
  DELIVERY_MAX_ATTEMPTS: env.int({ default: 6, min: 1, max: 100 }),
  DELIVERY_BACKOFF_INITIAL_MS: env.int({ default: 1_000, min: 1, max: 3_600_000 }),
  DELIVERY_BACKOFF_MAX_MS: env.int({ default: 60_000, min: 1, max: 86_400_000 }),
  /** Longest one handler call keeps a batch before handing the rest back for later. */
  DELIVERY_BATCH_BUDGET_MS: env.int({ default: 30_000, min: 100, max: 3_600_000 }),
  /** How long a claim keeps other workers off a recipient (above the budget plus the provider's timeout). */
  DELIVERY_LEASE_MS: env.int({ default: 120_000, min: 200, max: 86_400_000 }),
  /** Longest a delivered recipient waits to be written to the ledger (the crash window). */
  DELIVERY_LEDGER_FLUSH_MS: env.int({ default: 20, min: 0, max: 10_000 }),
  /** Dispatch batches handed to one handler call (each holds up to the dispatcher's batch size). */
  DISPATCH_BATCHES_PER_CALL: env.int({ default: 2, min: 1, max: 100 }),
  /** Partitions of the dispatch topic this process works on at once. */
  DISPATCH_PARTITIONS_CONCURRENTLY: env.int({ default: 3, min: 1, max: 100 }),
  /** Kafka session timeout: how soon the group notices a worker that died (6 s is the broker's minimum). */
  KAFKA_SESSION_TIMEOUT_MS: env.int({ default: 30_000, min: 1_000, max: 300_000 }),
  KAFKA_HEARTBEAT_INTERVAL_MS: env.int({ default: 3_000, min: 100, max: 60_000 }),
};

export interface DeliverySettings {
  DELIVERY_CONCURRENCY: number;
  DELIVERY_MAX_ATTEMPTS: number;
  DELIVERY_BACKOFF_INITIAL_MS: number;
  DELIVERY_BACKOFF_MAX_MS: number;
  DELIVERY_BATCH_BUDGET_MS: number;
  DELIVERY_LEASE_MS: number;
  DELIVERY_LEDGER_FLUSH_MS: number;
  DISPATCH_BATCHES_PER_CALL: number;
  DISPATCH_PARTITIONS_CONCURRENTLY: number;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
}

export function deliveryOptionsFrom(config: DeliverySettings): Partial<DeliveryOptions> {
  return {
    concurrency: config.DELIVERY_CONCURRENCY,
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    backoff: {
      initialMs: config.DELIVERY_BACKOFF_INITIAL_MS,
      maxMs: Math.max(config.DELIVERY_BACKOFF_MAX_MS, config.DELIVERY_BACKOFF_INITIAL_MS),
      multiplier: 2,
      jitter: 0.2,
    },
    batchBudgetMs: config.DELIVERY_BATCH_BUDGET_MS,
    leaseMs: config.DELIVERY_LEASE_MS,
    ledgerFlushMs: config.DELIVERY_LEDGER_FLUSH_MS,
  };
}

/**
 * The consumer of a channel worker: few dispatch batches a call (each is
 * hundreds of recipients), and the delivery runtime does its own per-recipient
 * retries, so a failing call is retried by messaging only for infrastructure
 * errors (database, broker).
 */
export function dispatchConsumerOptions(config: DeliverySettings): ConsumerOptions {
  return {
    maxBatchSize: config.DISPATCH_BATCHES_PER_CALL,
    maxInFlight: config.DISPATCH_BATCHES_PER_CALL * config.DISPATCH_PARTITIONS_CONCURRENTLY,
    partitionsConsumedConcurrently: config.DISPATCH_PARTITIONS_CONCURRENTLY,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: Math.min(
      config.KAFKA_HEARTBEAT_INTERVAL_MS,
      Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 3),
    ),
    rebalanceTimeoutMs: Math.max(config.KAFKA_SESSION_TIMEOUT_MS, config.DELIVERY_BATCH_BUDGET_MS + 10_000),
    // Shutdown waits for the batch in hand: it stops sending at once and records what it did.
    shutdownTimeoutMs: 15_000,
  };
}
