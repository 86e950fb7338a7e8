// Validation before logic and bounded retries: malformed messages and
// messages whose handler keeps failing go to the dead-letter topic with the
// reason, and the consumer moves on to the next message.
import { Controller, type INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Header, Topic } from '@childalert/contracts';
import {
  ConsumeBatch,
  ConsumeMessage,
  KafkaConsumeContext,
  RetryLaterError,
  type ConsumedMessage,
} from '@childalert/messaging';
import {
  CapturingLogger,
  fixtures,
  Probe,
  RawKafka,
  startApp,
  testOptions,
  uniquePrefix,
} from './messaging-test.kit';

jest.setTimeout(60_000);

type Lifecycle = ConsumedMessage<Topic.AlertsLifecycle>;
type Receipt = ConsumedMessage<Topic.DeliveryReceipts>;
type Dispatch = ConsumedMessage<Topic.DispatchEmail>;

describe('messaging: dead letters and retries', () => {
  const prefix = uniquePrefix('dlq');
  const logger = new CapturingLogger();
  const options = testOptions(prefix, { logger, consumer: { maxAttempts: 3 } });
  const raw = new RawKafka();
  const lifecycle = new Probe<Lifecycle>();
  const receipts = new Probe<{ message: Receipt; attempt: number }>();
  const dispatches = new Probe<{ messages: Dispatch[]; attempt: number }>();
  let app: INestApplication;

  @Controller()
  class TestConsumer {
    @ConsumeMessage(Topic.AlertsLifecycle)
    onLifecycle(message: Lifecycle): void {
      lifecycle.push(message);
    }

    /** Recipients named 'poison' always fail; 'throttled' asks once to retry later. */
    @ConsumeMessage(Topic.DeliveryReceipts)
    onReceipt(@Payload() message: Receipt, @Ctx() context: KafkaConsumeContext): void {
      receipts.push({ message, attempt: context.getAttempt() });
      if (message.value.recipientId === 'poison') throw new Error('smtp relay refused: 554 poison');
      const seenBefore = receipts.items.filter(
        (r) => r.message.partition === message.partition && r.message.offset === message.offset,
      ).length;
      if (message.value.recipientId === 'throttled' && seenBefore === 1) {
        throw new RetryLaterError('rate limited', 100);
      }
    }

    /** Fails the first delivery of every batch, then succeeds. */
    @ConsumeBatch(Topic.DispatchEmail)
    onDispatch(@Payload() messages: Dispatch[], @Ctx() context: KafkaConsumeContext): Promise<void> {
      dispatches.push({ messages, attempt: context.getAttempt() });
      return context.getAttempt() === 1 ? Promise.reject(new Error('transient')) : Promise.resolve();
    }
  }

  beforeAll(async () => {
    app = await startApp(options, [TestConsumer]);
  });

  afterAll(async () => {
    await app?.close();
    await raw.close();
  });

  it('sends malformed messages to the dead-letter topic with the reason, and handles the next one', async () => {
    const topic = `${prefix}${Topic.AlertsLifecycle}`;
    const good = fixtures.lifecycleEvent();
    const key = good.alertId;
    await raw.produce(topic, [
      { key, value: '{not json', headers: { [Header.CorrelationId]: 'corr-dlq-1' } },
      { key, value: JSON.stringify({ ...fixtures.lifecycleEvent(), version: 0 }) },
      { key, value: JSON.stringify(good) },
    ]);

    const [handled] = await lifecycle.waitFor(1);
    expect(handled.value).toEqual(good);
    expect(handled.offset).toBe('2');

    const letters = await raw.read(`${prefix}alerts.lifecycle.dlq.v1`, 2);
    expect(await raw.countMessages(`${prefix}alerts.lifecycle.dlq.v1`)).toBe(2);
    const [notJson, badVersion] = letters.sort(
      (a, b) =>
        Number(a.headers[Header.DeadLetterSourceOffset]) - Number(b.headers[Header.DeadLetterSourceOffset]),
    );
    expect(notJson).toEqual({
      partition: handled.partition,
      offset: expect.any(String),
      key,
      value: '{not json',
      headers: {
        [Header.CorrelationId]: 'corr-dlq-1',
        [Header.DeadLetterReason]: expect.stringMatching(/^not JSON: /),
        [Header.DeadLetterSourceTopic]: Topic.AlertsLifecycle,
        [Header.DeadLetterSourcePartition]: String(handled.partition),
        [Header.DeadLetterSourceOffset]: '0',
      },
    });
    expect(badVersion.headers[Header.DeadLetterReason]).toBe('version: Too small: expected number to be >0');
    expect(badVersion.headers[Header.DeadLetterSourceOffset]).toBe('1');
    expect(lifecycle.items).toHaveLength(1);
    expect(
      logger.entries.filter(
        (e) =>
          e.message === 'message sent to the dead-letter topic' && e.fields.topic === Topic.AlertsLifecycle,
      ),
    ).toHaveLength(2);
  });

  it('dead-letters a message whose handler keeps failing after the last attempt, then handles the next', async () => {
    const topic = `${prefix}${Topic.DeliveryReceipts}`;
    const alertId = fixtures.receipt().alertId;
    const poison = fixtures.receipt({ alertId, recipientId: 'poison' });
    const next = fixtures.receipt({ alertId, recipientId: 'r-next' });
    await raw.produce(topic, [
      { key: alertId, value: JSON.stringify(poison) },
      { key: alertId, value: JSON.stringify(next) },
    ]);

    await receipts.waitForMatch((r) => r.message.value.recipientId === 'r-next', 'the next message');
    expect(receipts.items.map((r) => [r.message.value.recipientId, r.attempt])).toEqual([
      ['poison', 1],
      ['poison', 2],
      ['poison', 3],
      ['r-next', 1],
    ]);
    const [letter] = await raw.read(`${prefix}delivery.receipts.dlq.v1`, 1);
    expect(await raw.countMessages(`${prefix}delivery.receipts.dlq.v1`)).toBe(1);
    expect(JSON.parse(letter.value!)).toEqual(poison);
    expect(letter.key).toBe(alertId);
    expect(letter.headers[Header.DeadLetterReason]).toBe('smtp relay refused: 554 poison');
    expect(letter.headers[Header.DeadLetterSourceOffset]).toBe('0');
  });

  it('retries a message that asked to be retried later without using up an attempt', async () => {
    const topic = `${prefix}${Topic.DeliveryReceipts}`;
    const alertId = fixtures.receipt().alertId;
    const throttled = fixtures.receipt({ alertId, recipientId: 'throttled' });
    const before = receipts.items.length;
    await raw.produce(topic, [{ key: alertId, value: JSON.stringify(throttled) }]);

    const items = await receipts.waitFor(before + 2);
    expect(items.slice(before).map((r) => [r.message.value.recipientId, r.attempt])).toEqual([
      ['throttled', 1],
      ['throttled', 1],
    ]);
    expect(await raw.countMessages(`${prefix}delivery.receipts.dlq.v1`)).toBe(1);
  });

  it('gives a failed batch again, whole and in order, with the next attempt number', async () => {
    const alertId = fixtures.receipt().alertId;
    const values = ['b-0', 'b-1', 'b-2'].map((batchId) => fixtures.dispatchBatch({ alertId, batchId }));
    await raw.produce(
      `${prefix}${Topic.DispatchEmail}`,
      values.map((value) => ({ key: `${alertId}:0`, value: JSON.stringify(value) })),
    );

    const calls = await dispatches.waitFor(2);
    expect(calls.map((c) => [c.attempt, c.messages.map((m) => m.value.batchId)])).toEqual([
      [1, ['b-0', 'b-1', 'b-2']],
      [2, ['b-0', 'b-1', 'b-2']],
    ]);
    expect(await raw.countMessages(`${prefix}dispatch.email.dlq.v1`)).toBe(0);
  });
});
