import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FanOut } from '../support/fan-out';
import { killMidFanOut } from '../support/kill-mid-fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { BroadcastReceiver } from './support/broadcast-receiver';
import { WorkerProcess, workerEnv } from './support/broadcast-worker.harness';
import { recipientsOf, seedBroadcasters } from './support/seeded-broadcasters';

const N = 300;

describe('broadcast worker killed -9 mid fan-out', () => {
  const prefix = uniquePrefix('broadcast-kill');
  const kafka = new RawKafka();
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let receiver: BroadcastReceiver;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    receiver = await new BroadcastReceiver(certificate).start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await kafka.close();
    await receiver?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  it('still reaches every broadcaster exactly once (same webhook-id on any resend) after a restart', async () => {
    const env = workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      overrides: {
        DELIVERY_CONCURRENCY: '4',
        BROADCAST_CONNECTIONS_PER_ORIGIN: '2',
        DISPATCH_BATCHES_PER_CALL: '1',
      },
    });
    const broadcasters = await seedBroadcasters(pool, receiver, N);
    const alertId = await new PublishedAlerts(pool).activate();

    const outcome = await killMidFanOut({
      newWorker: () => new WorkerProcess(env),
      workers,
      arrivals: receiver.arrivals,
      send: () =>
        new FanOut(kafka, prefix, 'broadcast').send(alertId, 1, 'activated', recipientsOf(broadcasters), 25),
      reachedAll: (webhooks) => new Set(webhooks.map((w) => w.path)).size >= N,
      count: N,
      pool,
      key: { channel: 'broadcast', alertId, version: 1 },
    });

    expect(receiver.violations).toEqual([]);
    for (const broadcaster of broadcasters) {
      const copies = receiver.of(broadcaster.path, true);
      // A deduplicating receiver shows it once: every copy carries the delivery's id and the same body.
      expect(new Set(copies.map((w) => `${w.webhookId}|${w.body}`)).size).toBe(1);
      expect(copies[0].webhookId).toBe(`broadcast:${alertId}:1:${broadcaster.id}`);
      expect(copies[0].json).toMatchObject({ alertId, version: 1, language: broadcaster.language });
      expect(receiver.of(broadcaster.path)).toHaveLength(1);
    }
    await outcome.expectResentOnlyInDoubt(broadcasters.filter((b) => receiver.of(b.path, true).length > 1));
  }, 150_000);
});
