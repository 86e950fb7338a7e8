import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { topicOf } from '../../apps/webpush-worker/src/payload/push-payload';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { killMidFanOut } from '../support/kill-mid-fan-out';
import { PushService } from './support/push-service';
import { makeTestCertificate, type TestCertificate } from './support/test-certificate';
import { recipientsOf, seedPushSubscribers } from './support/webpush-subscribers';
import { testVapidKeys, WorkerProcess, workerEnv } from './support/webpush-worker.harness';

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

    // kill -9 the moment a third of the fan-out reached the push service; a second worker finishes it.
    const outcome = await killMidFanOut({
      newWorker: () => new WorkerProcess(env),
      workers,
      arrivals: service.arrivals,
      send: () =>
        new FanOut(kafka, prefix, 'webpush').send(alertId, 1, 'activated', recipientsOf(subscribers), 25),
      reachedAll: (pushes) => new Set(pushes.map((p) => p.token)).size >= N,
      count: N,
      pool,
      key: { channel: 'webpush', alertId, version: 1 },
    });

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
    await outcome.expectResentOnlyInDoubt(
      subscribers.filter((s) => (byToken.get(s.subscription.token)?.length ?? 0) > 1),
    );
  }, 150_000);
});
