// A message produced through libs/messaging is consumed from a real topic by
// a Nest microservice: single-message and batch handlers, validated values,
// the correlation id carried from producer to handler, metrics and health.
import { Controller, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { register } from 'prom-client';
import { Header, Topic } from '@childalert/contracts';
import { currentCorrelationId, withCorrelationId } from '@childalert/platform';
import {
  ConsumeBatch,
  InvalidPayloadError,
  KafkaConsumeContext,
  MessageProducer,
  MessagingHealth,
  type CommitEvent,
  type ConsumedMessage,
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

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const entry = metric?.values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return entry?.value ?? 0;
}

describe('messaging: produce and consume through a Nest microservice', () => {
  const prefix = uniquePrefix('consume');
  const options = testOptions(prefix);
  const single = new Probe<{
    message: ConsumedMessage<Topic.AlertsLifecycle>;
    correlation?: string;
    attempt: number;
  }>();
  const batches = new Probe<ConsumedMessage<Topic.DispatchEmail>[]>();
  const raw = new RawKafka();
  let app: INestApplication;
  let commits: Probe<CommitEvent>;

  @Controller()
  class TestConsumer {
    @EventPattern(Topic.AlertsLifecycle)
    onLifecycle(
      @Payload() message: ConsumedMessage<Topic.AlertsLifecycle>,
      @Ctx() context: KafkaConsumeContext,
    ): void {
      single.push({ message, correlation: currentCorrelationId(), attempt: context.getAttempt() });
    }

    @ConsumeBatch(Topic.DispatchEmail)
    onDispatch(messages: ConsumedMessage<Topic.DispatchEmail>[]): Promise<void> {
      batches.push(messages);
      return Promise.resolve();
    }
  }

  beforeAll(async () => {
    app = await startApp(options, [TestConsumer]);
    commits = commitProbe(app);
  });

  afterAll(async () => {
    await app?.close();
    await raw.close();
  });

  it('delivers a published message, validated, with its correlation id, to an @EventPattern handler', async () => {
    const producer = app.get(MessageProducer);
    const event = fixtures.lifecycleEvent();
    const producedBefore = await metricValue('childalert_messages_produced_total', {
      topic: Topic.AlertsLifecycle,
    });

    await withCorrelationId('corr-consume-1', () =>
      producer.publish(Topic.AlertsLifecycle, [{ key: event.alertId, value: event }]),
    );

    const [seen] = await single.waitFor(1);
    expect(seen.message).toEqual({
      topic: Topic.AlertsLifecycle,
      partition: expect.any(Number),
      offset: '0',
      key: event.alertId,
      value: event,
      headers: { [Header.CorrelationId]: 'corr-consume-1' },
      correlationId: 'corr-consume-1',
      timestamp: expect.any(Number),
    });
    expect(seen.correlation).toBe('corr-consume-1');
    expect(seen.attempt).toBe(1);
    expect(await metricValue('childalert_messages_produced_total', { topic: Topic.AlertsLifecycle })).toBe(
      producedBefore + 1,
    );
  });

  it('gives a @ConsumeBatch handler the messages of one partition in order', async () => {
    const producer = app.get(MessageProducer);
    const alertId = fixtures.lifecycleEvent().alertId;
    const values = Array.from({ length: 5 }, (_, i) =>
      fixtures.dispatchBatch({ alertId, batchId: `b-${i}` }),
    );

    await producer.publish(
      Topic.DispatchEmail,
      values.map((value) => ({ key: `${alertId}:0`, value })),
    );

    // One publish call is one produce request: the batch handler sees all five at once.
    const [batch] = await batches.waitFor(1);
    expect(batch.map((m) => m.value.batchId)).toEqual(['b-0', 'b-1', 'b-2', 'b-3', 'b-4']);
    expect(batch.map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
    expect(batch.every((m) => m.key === `${alertId}:0`)).toBe(true);
  });

  it('writes the prefixed topic on the wire', async () => {
    expect(await raw.countMessages(`${prefix}${Topic.AlertsLifecycle}`)).toBe(1);
    expect(await raw.countMessages(`${prefix}${Topic.DispatchEmail}`)).toBe(5);
  });

  it('refuses to publish a payload that does not match the schema, sending nothing', async () => {
    const producer = app.get(MessageProducer);
    const good = fixtures.receipt();
    const bad = { ...fixtures.receipt(), outcome: 'lost' } as unknown as typeof good;

    await expect(
      producer.publish(Topic.DeliveryReceipts, [
        { key: good.alertId, value: good },
        { key: bad.alertId, value: bad },
      ]),
    ).rejects.toThrow(InvalidPayloadError);
    expect(await raw.countMessages(`${prefix}${Topic.DeliveryReceipts}`)).toBe(0);
  });

  it('commits what was handled, counts it, and reports a lag of zero', async () => {
    const partition = batches.items[0][0].partition;
    await commits.waitForMatch(
      (c) => c.topic === Topic.DispatchEmail && c.partition === partition && c.offset === '5',
      'the commit of offset 5',
    );
    expect(await raw.committedOffset(`${prefix}group`, `${prefix}${Topic.DispatchEmail}`, partition)).toBe(
      '5',
    );
    expect(await metricValue('childalert_messages_consumed_total', { topic: Topic.DispatchEmail })).toBe(5);
    expect(
      await metricValue('childalert_consumer_lag', {
        topic: Topic.DispatchEmail,
        partition: String(partition),
        group: `${prefix}group`,
      }),
    ).toBe(0);
  });

  it('reports ready while the cluster answers and the consumer is in its group', async () => {
    expect(await app.get(MessagingHealth).check()).toEqual({ ok: true });
  });
});
