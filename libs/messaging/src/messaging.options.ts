import { Topic } from '@childalert/contracts';
import type { MessagingLogger, MessagingLogLevel } from './messaging.logger';

/** DI token of the options given to `MessagingModule.forRoot`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Exponential backoff between attempts of a failing handler. */
export interface BackoffOptions {
  /** Delay after the first failed attempt. Default 500 ms. */
  initialMs?: number;
  /** Upper bound of any delay. Default 30 s. */
  maxMs?: number;
  /** Growth factor per attempt. Default 2. */
  multiplier?: number;
  /** Random spread, 0..1, as a fraction of the delay (±). Default 0.2. */
  jitter?: number;
}

/** How the consumer runtime behind `KafkaBatchServer` behaves. Every field has a default. */
export interface ConsumerOptions {
  /** Most messages being handled at once by this process's consumer. Default 100. */
  maxInFlight?: number;
  /** Most messages given to one `@ConsumeBatch` handler call (one partition). Default 50. */
  maxBatchSize?: number;
  /** Partitions handled at the same time (messages of one partition stay in order). Default 3. */
  partitionsConsumedConcurrently?: number;
  /** Attempts of a throwing handler before its messages go to the dead-letter topic. Default 5. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How long shutdown waits for the batch in hand before handing it back uncommitted. Default 10 s. */
  shutdownTimeoutMs?: number;
  /** Most time recorded work of a partition waits before its offset is committed. Default 1 s. */
  commitIntervalMs?: number;
  /** Kafka consumer session timeout; the broker admits 6 s at least by default. Default 30 s. */
  sessionTimeoutMs?: number;
  /** Default 60 s. */
  rebalanceTimeoutMs?: number;
  /** Default 3 s; must be below sessionTimeoutMs. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits on the broker for new data; bounds how late a paused partition resumes. Default 1 s. */
  maxWaitTimeMs?: number;
  /** Where a new consumer group starts: the earliest offset (default) or only new messages. */
  fromBeginning?: boolean;
}

export interface MessagingOptions {
  clientId: string;
  /** `host:port` of the Kafka brokers. */
  brokers: string[];
  /** Prepended to every topic name on the wire, so that deployments can share a broker. Default ''. */
  topicPrefix?: string;
  /** Partition count per topic; topics not named get `defaultPartitions`. */
  partitions?: Partial<Record<Topic, number>>;
  /** Partition count of topics not in `partitions`. Default 6 for dispatch topics, 3 for others. */
  defaultPartitions?: number;
  /** Replication factor of created topics. Default: the broker's default.replication.factor. */
  replicationFactor?: number;
  /**
   * Consumer group of this app's `KafkaBatchServer`, required when the app
   * consumes, e.g. the app's name. On the wire it is `${topicPrefix}${groupId}`
   * (no suffix), so deployments sharing a broker never share a group.
   */
  groupId?: string;
  consumer?: ConsumerOptions;
  /** Where the runtime and the Kafka client log. Default: JSON lines on stderr. A pino logger fits. */
  logger?: MessagingLogger;
  /** Least level of the Kafka client's own logs passed on. Default 'warn' (its info level is noisy). */
  kafkaLogLevel?: MessagingLogLevel | 'nothing';
  /** Default 3 s. */
  connectionTimeoutMs?: number;
  /** Default 30 s. */
  requestTimeoutMs?: number;
}

export type ResolvedConsumerOptions = Required<Omit<ConsumerOptions, 'backoff'>> & {
  backoff: Required<BackoffOptions>;
};

export function resolveConsumerOptions(options: ConsumerOptions = {}): ResolvedConsumerOptions {
  const resolved: ResolvedConsumerOptions = {
    maxInFlight: options.maxInFlight ?? 100,
    maxBatchSize: options.maxBatchSize ?? 50,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    maxAttempts: options.maxAttempts ?? 5,
    backoff: {
      initialMs: options.backoff?.initialMs ?? 500,
      maxMs: options.backoff?.maxMs ?? 30_000,
      multiplier: options.backoff?.multiplier ?? 2,
      jitter: options.backoff?.jitter ?? 0.2,
    },
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
    commitIntervalMs: options.commitIntervalMs ?? 1_000,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
    maxWaitTimeMs: options.maxWaitTimeMs ?? 1_000,
    fromBeginning: options.fromBeginning ?? true,
  };
  const counts = {
    maxInFlight: resolved.maxInFlight,
    maxBatchSize: resolved.maxBatchSize,
    maxAttempts: resolved.maxAttempts,
  };
  for (const [key, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`messaging: consumer.${key} must be a positive integer, got ${value}`);
    }
  }
  if (resolved.heartbeatIntervalMs >= resolved.sessionTimeoutMs) {
    throw new Error('messaging: consumer.heartbeatIntervalMs must be lower than consumer.sessionTimeoutMs');
  }
  return resolved;
}

/** Fails at start-up, naming the option, rather than at the first message. */
export function assertMessagingOptions(options: MessagingOptions): void {
  if (!options.clientId) throw new Error('messaging: clientId is required');
  if (options.brokers.length === 0) throw new Error('messaging: at least one broker is required');
  for (const broker of options.brokers) {
    if (!/^(\[[0-9a-fA-F:]+\]|[^\s:[\]]+):\d{1,5}$/.test(broker)) {
      throw new Error(`messaging: broker '${broker}' is not host:port`);
    }
  }
  if (options.groupId === '') throw new Error('messaging: groupId must not be empty');
  resolveConsumerOptions(options.consumer);
}
