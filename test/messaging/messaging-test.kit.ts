// Shared set-up of the messaging tests: options fit for tests, a Nest app
// with the Kafka microservice connected, a probe that handlers report to, and
// raw Kafka access to look at topics from outside the lib.
import { randomUUID } from 'node:crypto';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Topic, TopicPayload } from '@childalert/contracts';
import { Kafka, logLevel, Partitioners, type IHeaders, type Producer } from 'kafkajs';
import {
  KafkaBatchServer,
  MessagingModule,
  type CommitEvent,
  type MessagingLogger,
  type MessagingOptions,
} from '@childalert/messaging';

export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test` or start a broker');
  return brokers.split(',');
}

/** A topic prefix of its own for every test, so that tests sharing the broker never meet. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${randomUUID().slice(0, 8)}.`;
}

export interface LogEntry {
  level: keyof MessagingLogger;
  message: string;
  fields: Record<string, unknown>;
}

/** Keeps log entries for assertions; MESSAGING_TEST_LOG=1 also prints them. */
export class CapturingLogger implements MessagingLogger {
  readonly entries: LogEntry[] = [];
  readonly error = (fields: Record<string, unknown>, message: string) => this.keep('error', fields, message);
  readonly warn = (fields: Record<string, unknown>, message: string) => this.keep('warn', fields, message);
  readonly info = (fields: Record<string, unknown>, message: string) => this.keep('info', fields, message);
  readonly debug = (fields: Record<string, unknown>, message: string) => {
    if (process.env.MESSAGING_TEST_LOG) this.print('debug', fields, message);
  };

  private keep(level: LogEntry['level'], fields: Record<string, unknown>, message: string): void {
    this.entries.push({ level, message, fields });
    if (process.env.MESSAGING_TEST_LOG) this.print(level, fields, message);
  }

  private print(level: string, fields: Record<string, unknown>, message: string): void {
    process.stderr.write(`${new Date().toISOString()} ${level} ${message} ${JSON.stringify(fields)}\n`);
  }
}

/** Options small enough for a fast suite: short waits and backoffs, 2 partitions a topic. */
export function testOptions(prefix: string, overrides: Partial<MessagingOptions> = {}): MessagingOptions {
  return {
    clientId: `test-${prefix}`,
    brokers: kafkaBrokers(),
    topicPrefix: prefix,
    defaultPartitions: 2,
    groupId: 'group',
    kafkaLogLevel: 'error',
    logger: new CapturingLogger(),
    ...overrides,
    consumer: {
      sessionTimeoutMs: 6_000,
      rebalanceTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      maxWaitTimeMs: 100,
      commitIntervalMs: 0,
      shutdownTimeoutMs: 2_000,
      backoff: { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 },
      ...overrides.consumer,
    },
  };
}

/** A Nest app with MessagingModule and the given controllers, its Kafka microservice listening. */
export async function startApp(
  options: MessagingOptions,
  controllers: Type<unknown>[],
  providers: { provide: unknown; useValue: unknown }[] = [],
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [MessagingModule.forRoot(options)],
    controllers,
    providers: providers.map((p) => ({ provide: p.provide as string, useValue: p.useValue })),
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) });
  await app.startAllMicroservices();
  await app.init();
  return app;
}

/** Collects what handlers saw; tests await counts instead of sleeping. */
export class Probe<T> {
  readonly items: T[] = [];
  private waiters: { done: (items: T[]) => boolean; resolve: (items: T[]) => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.done(this.items)) return true;
      waiter.resolve([...this.items]);
      return false;
    });
  }

  waitFor(count: number, timeoutMs = 20_000): Promise<T[]> {
    return this.waitUntil((items) => items.length >= count, `${count} items`, timeoutMs);
  }

  /** Resolves with every item so far once one of them matches. */
  waitForMatch(match: (item: T) => boolean, what: string, timeoutMs = 20_000): Promise<T[]> {
    return this.waitUntil((items) => items.some(match), what, timeoutMs);
  }

  private waitUntil(done: (items: T[]) => boolean, what: string, timeoutMs: number): Promise<T[]> {
    if (done(this.items)) return Promise.resolve([...this.items]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`probe did not see ${what} in ${timeoutMs} ms (has ${this.items.length} items)`)),
        timeoutMs,
      );
      this.waiters.push({
        done,
        resolve: (items) => {
          clearTimeout(timer);
          resolve(items);
        },
      });
    });
  }
}

/** Commits of the app's consumer, as they happen. */
export function commitProbe(app: INestApplication): Probe<CommitEvent> {
  const probe = new Probe<CommitEvent>();
  app.get(KafkaBatchServer).on('commit', (event) => probe.push(event));
  return probe;
}

export interface RawMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Kafka seen from outside the lib: raw producing and reading of wire topics. */
export class RawKafka {
  private readonly kafka = new Kafka({
    clientId: 'test-raw',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  private producer: Producer | undefined;

  async produce(
    topic: string,
    messages: { key: string; value: string; headers?: IHeaders; partition?: number }[],
  ): Promise<void> {
    if (this.producer === undefined) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages });
  }

  /** Reads a topic from the beginning until `count` messages arrived. */
  async read(topic: string, count: number, timeoutMs = 20_000): Promise<RawMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const seen: RawMessage[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`read ${seen.length} of ${count} from ${topic}`)),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) {
              if (value !== undefined) headers[name] = value.toString();
            }
            seen.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  /** How many messages a topic holds: the sum of its partitions' end offsets (no deletions in tests). */
  async countMessages(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** The group's committed offset of one partition ('-1' when none). */
  async committedOffset(groupId: string, topic: string, partition: number): Promise<string> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return entry?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    } finally {
      await admin.disconnect();
    }
  }

  /** Partition counts of wire topics, by name. */
  async partitionCounts(topics: string[]): Promise<Record<string, number>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      return Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

/** Test data: valid payloads of the contracts, with overrides. */
export const fixtures = {
  lifecycleEvent(
    overrides: Partial<TopicPayload<Topic.AlertsLifecycle>> = {},
  ): TopicPayload<Topic.AlertsLifecycle> {
    return {
      eventId: randomUUID(),
      alertId: randomUUID(),
      version: 1,
      type: 'activated',
      occurredAt: '2026-03-01T10:00:00+00:00',
      exercise: true,
      capIdentifier: `cap-${randomUUID()}`,
      ...overrides,
    };
  },
  receipt(
    overrides: Partial<TopicPayload<Topic.DeliveryReceipts>> = {},
  ): TopicPayload<Topic.DeliveryReceipts> {
    return {
      alertId: randomUUID(),
      version: 1,
      channel: 'email',
      recipientId: `r-${randomUUID()}`,
      outcome: 'delivered',
      at: '2026-03-01T10:00:01+00:00',
      ...overrides,
    };
  },
  dispatchBatch(
    overrides: Partial<TopicPayload<Topic.DispatchEmail>> = {},
  ): TopicPayload<Topic.DispatchEmail> {
    return {
      batchId: `b-${randomUUID()}`,
      alertId: randomUUID(),
      version: 1,
      eventType: 'activated',
      channel: 'email',
      recipients: [{ id: 'r-1', language: 'en' }],
      ...overrides,
    };
  },
};
