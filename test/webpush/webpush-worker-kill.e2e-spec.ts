import net from 'node:net';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { DeliveryLedger } from '@childalert/delivery';
import { topicOf } from '../../apps/webpush-worker/src/payload/push-payload';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { PushService } from './support/push-service';
import { makeTestCertificate, type TestCertificate } from './support/test-certificate';
import { seedPushSubscribers } from './support/webpush-subscribers';
import { testVapidKeys, WorkerProcess, workerEnv } from './support/webpush-worker.harness';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const N = 300;

describe('web push worker killed -9 mid fan-out', () => {
  const prefix = uniquePrefix('webpush-kill');
  const kafka = new RawKafka();
  const vapid = testVapidKeys();
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let service: PushService;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    service = await new PushService(certificate, { vapidPublicKey: vapid.publicKey }).start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await kafka.close();
    await service?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  it('still reaches every subscriber exactly once (the same message, same Topic) after a restart', async () => {
    const env = workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      vapid,
      overrides: {
        DELIVERY_CONCURRENCY: '4',
        WEBPUSH_CONNECTIONS_PER_ORIGIN: '2',
        DISPATCH_BATCHES_PER_CALL: '1',
      },
    });
    const subscribers = await seedPushSubscribers(pool, service, N);
    const alertId = await new PublishedAlerts(pool).activate();

    const firstPort = await freePort();
    const first = new WorkerProcess(env).start(firstPort);
    workers.push(first);
    await first.waitUntilReady(firstPort);

    // kill -9 the moment a third of the fan-out reached the push service.
    let killed: Promise<void> | undefined;
    service.onPush(() => {
      if (killed === undefined && service.received.length >= N / 3) killed = first.kill9();
    });
    const batches: DispatchBatch[] = [];
    for (let start = 0; start < N; start += 25) {
      batches.push({
        batchId: `b-${start}`,
        alertId,
        version: 1,
        eventType: 'activated',
        channel: 'webpush',
        recipients: subscribers.slice(start, start + 25).map(({ id, language }) => ({ id, language })),
      });
    }
    await kafka.produce(
      `${prefix}${Topic.DispatchWebpush}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
    await service.waitFor(() => killed !== undefined, 'kill');
    await killed;
    const atKill = service.received.length;
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
    await service.waitFor(
      (pushes) => new Set(pushes.map((p) => p.token)).size >= N,
      `all ${N} subscribers`,
      90_000,
    );
    const ledger = new DeliveryLedger(pool);
    const key = { channel: 'webpush' as const, alertId, version: 1 };
    for (
      let counts = await ledger.statusCounts(key);
      counts.delivered < N;
      counts = await ledger.statusCounts(key)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await second.stop();

    expect(service.violations).toEqual([]);
    const byToken = service.byToken();
    expect(byToken.size).toBe(N);
    for (const subscriber of subscribers) {
      const pushes = byToken.get(subscriber.subscription.token) ?? [];
      // Every copy is the same message under the alert's Topic: the push service keeps one.
      expect(new Set(pushes.map((p) => `${p.topic}|${JSON.stringify(p.payload)}`)).size).toBe(1);
      expect(pushes[0].topic).toBe(topicOf(alertId));
      expect(pushes[0].payload).toMatchObject({ alertId, version: 1, lang: subscriber.language });
    }
    // Resent only: subscribers the dead worker left in doubt (in flight, or sent and not yet marked).
    const resent = subscribers.filter((s) => (byToken.get(s.subscription.token)?.length ?? 0) > 1);
    process.stdout.write(
      `kill -9 after ${atKill} of ${N} pushes: ${inDoubtIds.size} ledger rows in doubt, ` +
        `${resent.length} subscribers got the same message twice\n`,
    );
    expect(resent.filter((s) => !inDoubtIds.has(s.id))).toEqual([]);
    expect(service.received.length).toBe(N + resent.length);
    expect(await ledger.statusCounts(key)).toEqual({
      pending: 0,
      sending: 0,
      delivered: N,
      failed: 0,
      skipped: 0,
    });
  }, 150_000);
});
