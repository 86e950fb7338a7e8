// Flow control of the consumer runtime: partitions in parallel and each in
// order, a bound on messages in flight, a failing partition paused for its
// backoff without holding up the others, heartbeats during a long handler.
import { Controller, type INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import {
  ConsumeMessage,
  KafkaConsumeContext,
  TopicAdmin,
  type ConsumedMessage,
  type MessagingOptions,
} from '@childalert/messaging';
import {
  commitProbe,
  fixtures,
  Probe,
  RawKafka,
  startApp,
  testOptions,
  uniquePrefix,
} from './messaging-test.kit';

jest.setTimeout(60_000);

type Receipt = ConsumedMessage<Topic.DeliveryReceipts>;

interface Call {
  partition: number;
  recipient: string;
  attempt: number;
  concurrent: number;
}

interface ReceiptApp {
  topic: string;
  /** The group on the wire. */
  groupId: string;
  calls: Probe<Call>;
  /** Creates the topics, so that messages can be produced before the consumer starts. */
  createTopics(): Promise<void>;
  start(): Promise<INestApplication>;
}

/** An app on the receipts topic whose handler is `work`; reports every call with the concurrency at its start. */
function receiptApp(
  name: string,
  overrides: Partial<MessagingOptions>,
  work: (message: Receipt, attempt: number) => Promise<void>,
): ReceiptApp {
  const prefix = uniquePrefix(name);
  const options = testOptions(prefix, overrides);
  const calls = new Probe<Call>();
  let running = 0;

  @Controller()
  class ReceiptConsumer {
    @ConsumeMessage(Topic.DeliveryReceipts)
    async onReceipt(@Payload() message: Receipt, @Ctx() context: KafkaConsumeContext): Promise<void> {
      running++;
      calls.push({
        partition: message.partition,
        recipient: message.value.recipientId,
        attempt: context.getAttempt(),
        concurrent: running,
      });
      try {
        await work(message, context.getAttempt());
      } finally {
        running--;
      }
    }
  }

  return {
    topic: `${prefix}${Topic.DeliveryReceipts}`,
    groupId: `${prefix}group`,
    calls,
    createTopics: async () => {
      const admin = new TopicAdmin(options);
      await admin.ensureTopics();
      await admin.disconnect();
    },
    start: () => startApp(options, [ReceiptConsumer]),
  };
}

const receipt = (recipientId: string) => JSON.stringify(fixtures.receipt({ recipientId }));

/** p0-0, p0-1, p0-2 on partition 0 and p1-0, p1-1, p1-2 on partition 1. */
const twoPartitionsOfThree = () =>
  [0, 1].flatMap((partition) =>
    [0, 1, 2].map((i) => ({ key: `k${partition}`, partition, value: receipt(`p${partition}-${i}`) })),
  );

describe('messaging: flow control', () => {
  const raw = new RawKafka();
  const apps: INestApplication[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await raw.close();
  });

  it('handles partitions at the same time and the messages of each in order', async () => {
    // Each partition's first message waits until the other partition's first message started.
    const started = new Map<number, () => void>();
    const startedOn = [0, 1].map((p) => new Promise<void>((resolve) => started.set(p, resolve)));
    const sut = receiptApp('parallel', {}, async (message) => {
      started.get(message.partition)!();
      if (message.value.recipientId.endsWith('-0')) await Promise.all(startedOn);
    });
    // Produced before the consumer starts: its first fetch holds both partitions.
    await sut.createTopics();
    await raw.produce(sut.topic, twoPartitionsOfThree());
    apps.push(await sut.start());

    const seen = await sut.calls.waitFor(6);
    for (const partition of [0, 1]) {
      expect(seen.filter((c) => c.partition === partition).map((c) => c.recipient)).toEqual([
        `p${partition}-0`,
        `p${partition}-1`,
        `p${partition}-2`,
      ]);
    }
    expect(Math.max(...seen.map((c) => c.concurrent))).toBe(2);
  });

  it('never has more messages in flight than maxInFlight', async () => {
    const sut = receiptApp(
      'bounded',
      { consumer: { maxInFlight: 1 } },
      () => new Promise((r) => setTimeout(r, 20)),
    );
    await sut.createTopics();
    await raw.produce(sut.topic, twoPartitionsOfThree());
    apps.push(await sut.start());

    const seen = await sut.calls.waitFor(6);
    expect(seen.map((c) => c.concurrent)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('pauses a failing partition for its backoff while the other partitions go on', async () => {
    const sut = receiptApp(
      'paused',
      { consumer: { backoff: { initialMs: 1_500, jitter: 0 } } },
      (message, attempt) =>
        message.value.recipientId === 'fails-once' && attempt === 1
          ? Promise.reject(new Error('downstream unavailable'))
          : Promise.resolve(),
    );
    apps.push(await sut.start());

    await raw.produce(sut.topic, [{ key: 'k0', partition: 0, value: receipt('fails-once') }]);
    await sut.calls.waitFor(1);
    await raw.produce(sut.topic, [{ key: 'k1', partition: 1, value: receipt('other-partition') }]);

    const seen = await sut.calls.waitFor(3);
    expect(seen.map((c) => [c.recipient, c.attempt])).toEqual([
      ['fails-once', 1],
      ['other-partition', 1],
      ['fails-once', 2],
    ]);
  });

  it('keeps its group membership through a handler longer than the session timeout', async () => {
    const sessionTimeoutMs = 6_000;
    const sut = receiptApp(
      'heartbeat',
      { consumer: { sessionTimeoutMs, heartbeatIntervalMs: 500 } },
      () => new Promise((resolve) => setTimeout(resolve, sessionTimeoutMs + 1_000)),
    );
    const app = await sut.start();
    apps.push(app);
    const commits = commitProbe(app);

    await raw.produce(sut.topic, [{ key: 'k0', partition: 0, value: receipt('slow') }]);

    await commits.waitForMatch(
      (c) => c.partition === 0 && c.offset === '1',
      'the commit of offset 1',
      30_000,
    );
    expect(await raw.committedOffset(sut.groupId, sut.topic, 0)).toBe('1');
    expect(sut.calls.items.map((c) => c.recipient)).toEqual(['slow']);
  });
});
