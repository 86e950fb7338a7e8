import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { killMidFanOut } from '../support/kill-mid-fan-out';
import { makeTestCertificate, type TestCertificate } from '../webpush/support/test-certificate';
import { FcmReceiver } from './support/fcm-receiver';
import { recipientsOf, seedMobileSubscribers } from './support/mobile-subscribers';
import { FCM_PROJECT_ID, testAccessToken, WorkerProcess, workerEnv } from './support/mobile-worker.harness';

const N = 600;

describe('mobile worker killed -9 mid fan-out', () => {
  const prefix = uniquePrefix('mobile-kill');
  const kafka = new RawKafka();
  const accessToken = testAccessToken();
  let database: TestDatabase;
  let pool: Pool;
  let certificate: TestCertificate;
  let receiver: FcmReceiver;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new PgPool({ connectionString: database.url, max: 4 });
    certificate = makeTestCertificate();
    receiver = await new FcmReceiver(certificate, { projectId: FCM_PROJECT_ID, accessToken }).start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await kafka.close();
    await receiver?.stop();
    certificate?.remove();
    await pool?.end();
    await database?.drop();
  });

  it('still reaches every device exactly once (the same message, same collapse id) after a restart', async () => {
    const env = workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      receiverOrigin: receiver.origin,
      caFile: certificate.certFile,
      accessToken,
      overrides: {
        // Small sendEach calls over few connections: the kill lands mid-call, with sends in flight.
        DELIVERY_CONCURRENCY: '2',
        FCM_BATCH_SIZE: '20',
        FCM_TEST_CONNECTIONS: '2',
      },
    });
    const subscribers = await seedMobileSubscribers(pool, receiver, N);
    const alertId = await new PublishedAlerts(pool).activate();

    // kill -9 the moment a third of the fan-out reached FCM; a second worker finishes it.
    const outcome = await killMidFanOut({
      newWorker: () => new WorkerProcess(env),
      workers,
      arrivals: receiver.arrivals,
      send: () =>
        new FanOut(kafka, prefix, 'mobile').send(alertId, 1, 'activated', recipientsOf(subscribers), 50),
      reachedAll: (messages) => new Set(messages.map((m) => m.token)).size >= N,
      count: N,
      pool,
      key: { channel: 'mobile', alertId, version: 1 },
    });

    expect(receiver.violations).toEqual([]);
    const byToken = receiver.byToken();
    expect(byToken.size).toBe(N);
    for (const subscriber of subscribers) {
      const messages = byToken.get(subscriber.token) ?? [];
      // Every copy is the same notification under the alert's collapse id: the device shows one.
      expect(
        new Set(messages.map((m) => JSON.stringify({ ...m.message.data, ...m.message.notification }))).size,
      ).toBe(1);
      expect(messages[0].message.android.collapse_key).toBe(`childalert-${alertId}`);
      expect(messages[0].message.data).toMatchObject({
        alertId,
        version: '1',
        language: subscriber.language,
      });
    }
    // Resent only: devices the dead worker left in doubt (in flight, or sent and not yet marked).
    await outcome.expectResentOnlyInDoubt(subscribers.filter((s) => (byToken.get(s.token)?.length ?? 0) > 1));
  }, 150_000);
});
