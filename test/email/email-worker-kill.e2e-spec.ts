import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { DeliveryLedger } from '@childalert/delivery';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { seedEmailSubscribers } from './support/email-subscribers';
import { WorkerProcess, workerEnv } from './support/email-worker.harness';
import { SmtpSink } from './support/smtp-sink';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const N = 300;

describe('e-mail worker killed -9 mid fan-out', () => {
  const prefix = uniquePrefix('email-kill');
  const kafka = new RawKafka();
  let database: TestDatabase;
  let pool: Pool;
  let sink: SmtpSink;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    sink = await new SmtpSink().start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await kafka.close();
    await sink?.stop();
    await pool?.end();
    await database?.drop();
  });

  it('still reaches every recipient exactly once (one Message-ID each) after a restart', async () => {
    const env = workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      smtpPort: sink.port,
      overrides: {
        DELIVERY_CONCURRENCY: '4',
        SMTP_POOL_SIZE: '2',
        DISPATCH_BATCHES_PER_CALL: '1',
      },
    });
    const subscribers = await seedEmailSubscribers(pool, N, { prefix: `kill-${randomUUID().slice(0, 6)}` });
    const alertId = await new PublishedAlerts(pool).activate();

    const firstPort = await freePort();
    const first = new WorkerProcess(env).start(firstPort);
    workers.push(first);
    await first.waitUntilReady(firstPort);

    // kill -9 the moment a third of the fan-out reached the relay.
    let killed: Promise<void> | undefined;
    sink.onMail(() => {
      if (killed === undefined && sink.mails.length >= N / 3) killed = first.kill9();
    });
    const batches: DispatchBatch[] = [];
    for (let start = 0; start < N; start += 25) {
      batches.push({
        batchId: `b-${start}`,
        alertId,
        version: 1,
        eventType: 'activated',
        channel: 'email',
        recipients: subscribers.slice(start, start + 25),
      });
    }
    await kafka.produce(
      `${prefix}${Topic.DispatchEmail}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
    await sink.waitFor(() => killed !== undefined, 'kill');
    await killed;
    const atKill = sink.mails.length;
    expect(atKill).toBeLessThan(N);
    // What the dead worker left in doubt: claimed, maybe sent, not recorded.
    const { rows: inDoubt } = await pool.query<{ recipient_id: string }>(
      `SELECT recipient_id FROM delivery_ledger WHERE alert_id = $1 AND status = 'sending'`,
      [alertId],
    );
    const inDoubtIds = new Set(inDoubt.map((row) => row.recipient_id));

    const secondPort = await freePort();
    const second = new WorkerProcess(env).start(secondPort);
    workers.push(second);
    await second.waitUntilReady(secondPort);
    await sink.waitFor((mails) => new Set(mails.map((m) => m.to)).size >= N, `all ${N} recipients`, 90_000);
    const ledger = new DeliveryLedger(pool);
    const key = { channel: 'email' as const, alertId, version: 1 };
    // Done when the ledger holds every recipient as delivered: nothing is left to send.
    for (
      let counts = await ledger.statusCounts(key);
      counts.delivered < N;
      counts = await ledger.statusCounts(key)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await second.stop();

    const byRecipient = sink.byRecipient();
    expect(byRecipient.size).toBe(N);
    for (const subscriber of subscribers) {
      const mails = byRecipient.get(subscriber.address) ?? [];
      // Every copy is the same message: a receiver deduplicating by Message-ID shows it once.
      expect(new Set(mails.map((m) => m.messageId))).toEqual(
        new Set([`<alert-${alertId}-v1-${subscriber.id}@childalert.example>`]),
      );
    }
    // Resent only: recipients the dead worker left in doubt (in flight, or sent and not yet marked).
    const resent = subscribers.filter((s) => (byRecipient.get(s.address)?.length ?? 0) > 1);
    process.stdout.write(
      `kill -9 after ${atKill} of ${N} e-mails: ${inDoubtIds.size} ledger rows in doubt, ` +
        `${resent.length} recipients got the same message twice\n`,
    );
    expect(resent.filter((s) => !inDoubtIds.has(s.id))).toEqual([]);
    expect(sink.mails.length).toBe(N + resent.length);
    expect(await ledger.statusCounts(key)).toEqual({
      pending: 0,
      sending: 0,
      delivered: N,
      failed: 0,
      skipped: 0,
    });
  }, 150_000);
});
