// Offsets are committed only after the work is recorded: a consumer that
// dies before committing gets the same batch again after a restart, one that
// committed does not.
import { Controller, type INestApplication } from '@nestjs/common';
import { Topic } from '@childalert/contracts';
import { ConsumeMessage, KafkaBatchServer, type ConsumedMessage } from '@childalert/messaging';
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

/** An app whose handler reports each message, then behaves as `work` says. */
function receiptConsumer(probe: Probe<Receipt>, work: (message: Receipt) => Promise<void>) {
  @Controller()
  class ReceiptConsumer {
    @ConsumeMessage(Topic.DeliveryReceipts)
    onReceipt(message: Receipt): Promise<void> {
      probe.push(message);
      return work(message);
    }
  }
  return ReceiptConsumer;
}

describe('messaging: redelivery after a consumer dies', () => {
  const raw = new RawKafka();
  const apps: INestApplication[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await raw.close();
  });

  it('gives an uncommitted batch to the next consumer of the group, and a committed one to nobody', async () => {
    const prefix = uniquePrefix('redeliver');
    const options = testOptions(prefix, { consumer: { shutdownTimeoutMs: 300 } });
    const topic = `${prefix}${Topic.DeliveryReceipts}`;
    const alertId = fixtures.receipt().alertId;
    const first = fixtures.receipt({ alertId, recipientId: 'r-first' });

    // 1. The handler never finishes: shutdown hands the message back uncommitted.
    const dying = new Probe<Receipt>();
    const app1 = await startApp(options, [receiptConsumer(dying, () => new Promise<void>(() => undefined))]);
    await raw.produce(topic, [{ key: alertId, value: JSON.stringify(first) }]);
    const [handed] = await dying.waitFor(1);
    await app1.close();
    expect(app1.get(KafkaBatchServer).health()).toEqual({ ok: false, detail: 'consumer stopped' });
    expect(await raw.committedOffset(`${prefix}group`, topic, handed.partition)).toBe('-1');

    // 2. The next consumer of the group gets the same message, and commits it.
    const redelivered = new Probe<Receipt>();
    const app2 = await startApp(options, [receiptConsumer(redelivered, () => Promise.resolve())]);
    apps.push(app2);
    const commits = commitProbe(app2);
    const [again] = await redelivered.waitFor(1);
    expect(again).toEqual({ ...handed, timestamp: handed.timestamp, correlationId: expect.any(String) });
    expect(again.offset).toBe(handed.offset);
    expect(again.value).toEqual(first);
    await commits.waitForMatch(
      (c) => c.partition === handed.partition && c.offset === '1',
      'the commit of offset 1',
    );
    await app2.close();
    apps.pop();

    // 3. After the commit, a restarted consumer sees only what is new: the
    // same key keeps the same partition, so a redelivery would come first.
    const second = fixtures.receipt({ alertId, recipientId: 'r-second' });
    const fresh = new Probe<Receipt>();
    apps.push(await startApp(options, [receiptConsumer(fresh, () => Promise.resolve())]));
    await raw.produce(topic, [{ key: alertId, value: JSON.stringify(second) }]);
    const [next] = await fresh.waitFor(1);
    expect(next.value).toEqual(second);
    expect(next.offset).toBe('1');
    expect(next.partition).toBe(handed.partition);
    expect(fresh.items).toHaveLength(1);
  });

  it('commits the work finished before shutdown and hands back only what was not started', async () => {
    const prefix = uniquePrefix('partial');
    const options = testOptions(prefix, { consumer: { shutdownTimeoutMs: 5_000, commitIntervalMs: 60_000 } });
    const topic = `${prefix}${Topic.DeliveryReceipts}`;
    const alertId = fixtures.receipt().alertId;
    const values = ['r-0', 'r-1', 'r-2'].map((recipientId) => fixtures.receipt({ alertId, recipientId }));

    // The second message is in hand when shutdown begins; it is finished, the third is not started.
    let finishSecond!: () => void;
    const secondInHand = new Promise<void>((resolve) => (finishSecond = resolve));
    const seen = new Probe<Receipt>();
    const app1 = await startApp(options, [
      receiptConsumer(seen, (m) => (m.value.recipientId === 'r-1' ? secondInHand : Promise.resolve())),
    ]);
    await raw.produce(
      topic,
      values.map((v) => ({ key: alertId, value: JSON.stringify(v) })),
    );
    await seen.waitFor(2);
    const closing = app1.close();
    finishSecond();
    await closing;
    expect(seen.items.map((m) => m.value.recipientId)).toEqual(['r-0', 'r-1']);
    expect(await raw.committedOffset(`${prefix}group`, topic, seen.items[0].partition)).toBe('2');

    const rest = new Probe<Receipt>();
    apps.push(await startApp(options, [receiptConsumer(rest, () => Promise.resolve())]));
    const [third] = await rest.waitFor(1);
    expect(third.value.recipientId).toBe('r-2');
    expect(third.offset).toBe('2');
  });
});
