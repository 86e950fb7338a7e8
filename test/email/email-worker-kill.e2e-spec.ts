import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Pool as PgPool } from 'pg';
import { RawKafka, uniquePrefix } from '../messaging/messaging-test.kit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PublishedAlerts } from '../delivery/support/published-alerts';
import { FanOut } from '../support/fan-out';
import { killMidFanOut } from '../support/kill-mid-fan-out';
import { seedEmailSubscribers } from './support/email-subscribers';
import { WorkerProcess, workerEnv } from './support/email-worker.harness';
import { SmtpSink } from './support/smtp-sink';

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

    // kill -9 the moment a third of the fan-out reached the relay; a second worker finishes it.
    const outcome = await killMidFanOut({
      newWorker: () => new WorkerProcess(env),
      workers,
      arrivals: sink.arrivals,
      send: () => new FanOut(kafka, prefix, 'email').send(alertId, 1, 'activated', subscribers, 25),
      reachedAll: (mails) => new Set(mails.map((m) => m.to)).size >= N,
      count: N,
      pool,
      key: { channel: 'email', alertId, version: 1 },
    });

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
    await outcome.expectResentOnlyInDoubt(
      subscribers.filter((s) => (byRecipient.get(s.address)?.length ?? 0) > 1),
    );
  }, 150_000);
});
