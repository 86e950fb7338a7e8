// Social fan-out: BENCH_SOCIAL_ALERTS alerts (default 300) on
// BENCH_SOCIAL_ACCOUNTS NGO accounts (default 4) through the real path:
// dispatch batches on Kafka → the social worker as its own process → a
// loopback X API v2 receiver (TLS, every OAuth 1.0a signature verified, media
// upload checked); each photo a ~95 KB 1200×675 JPEG, as real social cards are. An account is one recipient, so the figure that means
// something is posts per second through the delivery runner over many
// alerts, in three phases:
//   activation: chunked photo upload (initialize, append, finalize), alt text, post;
//   update:     a text reply in each thread;
//   resolution: a "found safe" reply, then the photo post deleted.
// X itself allows 100 posts per 15 minutes per account: these are the
// worker's own costs, far above what X lets one account do.
// Run by `npm run bench -- social`, or alone with KAFKA_BROKERS and
// TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/social.bench.ts
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { PublishedAlerts } from '../test/delivery/support/published-alerts';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { freePort } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';
import { activateWithPhoto, realisticSocialCard } from '../test/social/support/alert-photos';
import {
  recipientsOf,
  testAccounts,
  WorkerProcess,
  workerEnv,
} from '../test/social/support/social-worker.harness';
import { XApiReceiver } from '../test/social/support/x-api-receiver';

const ALERTS = Number(process.env.BENCH_SOCIAL_ALERTS ?? 300);
const ACCOUNTS = Number(process.env.BENCH_SOCIAL_ACCOUNTS ?? 4);
const TICKS_PER_SECOND = 100; // Linux USER_HZ

interface Phase {
  name: string;
  deliveries: number;
  requests: number;
  ms: number;
  cpuMs: number;
}

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function ledgerDelivered(pool: Pool, version: number): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM delivery_ledger WHERE channel = 'social' AND version = $1 AND status = 'delivered'`,
    [version],
  );
  return Number(rows[0].n);
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const certificate = makeTestCertificate();
  const accounts = testAccounts(ACCOUNTS);
  const x = await new XApiReceiver(certificate, accounts).start();
  const kafka = new RawKafka();
  const prefix = `bench-social-${randomUUID().slice(0, 8)}.`;
  const worker = new WorkerProcess(
    workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      xApiBaseUrl: x.baseUrl,
      accounts,
      overrides: {
        LOG_LEVEL: 'warn',
        KAFKA_PARTITIONS: '6',
        DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '16',
        DISPATCH_BATCHES_PER_CALL: process.env.BENCH_DISPATCH_BATCHES_PER_CALL ?? '4',
        DISPATCH_PARTITIONS_CONCURRENTLY: process.env.BENCH_DISPATCH_PARTITIONS ?? '3',
        SOCIAL_DAILY_POST_CAP: '100000',
        DELIVERY_BATCH_BUDGET_MS: '30000',
        DELIVERY_LEASE_MS: '120000',
      },
    }),
  );
  const phases: Phase[] = [];
  try {
    const seedStart = performance.now();
    const alerts: Awaited<ReturnType<typeof activateWithPhoto>>[] = [];
    const card = await realisticSocialCard();
    for (let i = 0; i < ALERTS; i += 1) alerts.push(await activateWithPhoto(pool, card));
    console.log(
      `bench social: ${ALERTS} alerts with photos seeded in ${Math.round(performance.now() - seedStart)} ms`,
    );
    const port = await freePort();
    worker.start(port);
    await worker.waitUntilReady(port);
    const pid = worker.pid!;
    const published = new PublishedAlerts(pool);
    const recipients = recipientsOf(accounts);
    const total = ALERTS * ACCOUNTS;

    const run = async (name: string, version: number, eventType: string, done: () => boolean) => {
      const batches: DispatchBatch[] = alerts.map(({ alertId }) => ({
        batchId: `b-${alertId}-${version}`,
        alertId,
        version,
        eventType,
        channel: 'social',
        recipients,
      }));
      const requestsBefore = x.requests.length;
      const cpuBefore = cpuMsOf(pid);
      const start = performance.now();
      await kafka.produce(
        `${prefix}${Topic.DispatchSocial}`,
        batches.map((batch) => ({ key: `${batch.alertId}:0`, value: JSON.stringify(batch) })),
      );
      while (!done() || (await ledgerDelivered(pool, version)) < total) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (performance.now() - start > 600_000) throw new Error(`${name}: not done in 10 minutes`);
      }
      phases.push({
        name,
        deliveries: total,
        requests: x.requests.length - requestsBefore,
        ms: performance.now() - start,
        cpuMs: cpuMsOf(pid) - cpuBefore,
      });
    };

    await run('activation (photo upload + post)', 1, 'activated', () => x.posts.items.length >= total);
    for (const { alertId, content } of alerts) {
      await published.update(alertId, 2, {
        ...content,
        lastSeen: { ...content.lastSeen, place: { ...content.lastSeen.place, address: 'Piraeus port' } },
      });
    }
    await run('update (reply in the thread)', 2, 'updated', () => x.posts.items.length >= 2 * total);
    for (const { alertId, content } of alerts) await published.end(alertId, 3, 'found_safe', content);
    await run(
      'resolution (reply + photo post deleted)',
      3,
      'resolved',
      () => x.posts.items.length >= 3 * total && x.deletes.length >= total,
    );
    await worker.stop();
    if (x.violations.length > 0) throw new Error(`X API violations: ${x.violations.slice(0, 3).join('; ')}`);
    if (x.duplicates.length > 0) throw new Error(`${x.duplicates.length} duplicate posts`);
    if (x.posts.items.length !== 3 * total)
      throw new Error(`${x.posts.items.length} posts, expected ${3 * total}`);
  } finally {
    await worker.stop();
    await kafka.close();
    await x.stop();
    certificate.remove();
    await pool.end();
    await database.drop();
  }

  console.log(
    `bench social: ${ALERTS} alerts × ${ACCOUNTS} accounts = ${ALERTS * ACCOUNTS} deliveries a phase`,
  );
  for (const phase of phases) {
    const seconds = phase.ms / 1000;
    console.log(
      `  ${phase.name.padEnd(42)} ${(phase.deliveries / seconds).toFixed(0).padStart(6)} deliveries/s ` +
        `(${phase.deliveries} in ${seconds.toFixed(2)} s, ${(phase.requests / seconds).toFixed(0)} X requests/s, ` +
        `worker CPU ${(phase.cpuMs / phase.deliveries).toFixed(2)} ms a delivery)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
