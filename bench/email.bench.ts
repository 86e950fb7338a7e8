// E-mail fan-out: M confirmed subscribers (BENCH_EMAIL_SUBSCRIBERS, default
// 20,000) through the real path (dispatch batches on Kafka → the e-mail worker
// as its own process → pooled SMTP → a loopback SMTP server), against a
// baseline in the same run: the same rendered messages sent one by one
// through an unpooled nodemailer transport. Run by `npm run bench`
// (scripts/bench.mjs starts Kafka and picks PostgreSQL), or alone with
// KAFKA_BROKERS and TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/email.bench.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import { SubscriptionLinks } from '@childalert/audience';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import type { PublishedVersion } from '@childalert/delivery';
import { SmtpEmailTransport } from '@childalert/email';
import { AlertEmailTemplates } from '../apps/email-worker/src/templates/alert-email.templates';
import { PublishedAlerts } from '../test/delivery/support/published-alerts';
import { seedEmailSubscribers } from '../test/email/support/email-subscribers';
import {
  PUBLIC_BASE_URL,
  SIGNING_SECRET,
  WorkerProcess,
  workerEnv,
} from '../test/email/support/email-worker.harness';
import { SmtpSink } from '../test/email/support/smtp-sink';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { createTestDatabase } from '../test/support/database';
import { freePort } from '../test/support/app-process';

const M = Number(process.env.BENCH_EMAIL_SUBSCRIBERS ?? 20_000);
// One by one, the baseline's rate does not depend on how many it sends: a
// sample keeps the run short (smtp-server waits 100 ms before each greeting,
// as relays do to catch early talkers, and the baseline pays it per message).
const BASELINE = Math.min(M, Number(process.env.BENCH_EMAIL_BASELINE ?? 1_000));
const BATCH_SIZE = Number(process.env.BENCH_EMAIL_BATCH_SIZE ?? 500);

interface Run {
  name: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

/** Times of the first and the `count`-th message the sink accepts from now on. */
function clock(sink: SmtpSink, count: number, start: number): Promise<{ firstMs: number; lastMs: number }> {
  const base = sink.mails.length;
  let firstMs = -1;
  return new Promise((resolve) => {
    sink.onMail(() => {
      const seen = sink.mails.length - base;
      if (seen === 1) firstMs = performance.now() - start;
      if (seen === count) resolve({ firstMs, lastMs: performance.now() - start });
    });
  });
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const sink = await new SmtpSink({ parse: false }).start();
  const kafka = new RawKafka();
  const prefix = `bench-email-${randomUUID().slice(0, 8)}.`;
  const worker = new WorkerProcess(
    workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      smtpPort: sink.port,
      overrides: {
        LOG_LEVEL: 'warn',
        KAFKA_PARTITIONS: '6',
        SMTP_POOL_SIZE: process.env.BENCH_SMTP_POOL_SIZE ?? '5',
        DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '40',
        DISPATCH_BATCHES_PER_CALL: '1',
        DISPATCH_PARTITIONS_CONCURRENTLY: '3',
        DELIVERY_BATCH_BUDGET_MS: '30000',
        DELIVERY_LEASE_MS: '120000',
      },
    }),
  );
  const results: Run[] = [];
  try {
    const seedStart = performance.now();
    const subscribers = await seedEmailSubscribers(pool, M, { prefix: 'bench' });
    const content = AlertFixtures.anAlertContent();
    const alertId = await new PublishedAlerts(pool).activate(content);
    console.log(`bench email: ${M} subscribers seeded in ${Math.round(performance.now() - seedStart)} ms`);

    const port = await freePort();
    worker.start(port);
    await worker.waitUntilReady(port);

    // The pooled path: the whole fan-out as the dispatcher would emit it.
    const batches: DispatchBatch[] = [];
    for (let start = 0; start < M; start += BATCH_SIZE) {
      batches.push({
        batchId: `b-${start}`,
        alertId,
        version: 1,
        eventType: 'activated',
        channel: 'email',
        recipients: subscribers
          .slice(start, start + BATCH_SIZE)
          .map((s) => ({ id: s.id, language: s.language })),
      });
    }
    const pooledStart = performance.now();
    const pooled = clock(sink, M, pooledStart);
    await kafka.produce(
      `${prefix}${Topic.DispatchEmail}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
    results.push({ name: 'worker, pooled SMTP', count: M, ...(await pooled) });
    await worker.stop();

    // The baseline: the same messages, one by one, a new SMTP connection each.
    const templates = new AlertEmailTemplates({
      from: 'Child Alert <alerts@childalert.example>',
      messageIdDomain: 'childalert.example',
      publicBaseUrl: PUBLIC_BASE_URL,
      signingSecret: SIGNING_SECRET,
      timeZone: 'UTC',
    });
    const links = new SubscriptionLinks({ publicBaseUrl: PUBLIC_BASE_URL, signingSecret: SIGNING_SECRET });
    const published: PublishedVersion = {
      alertId,
      version: 1,
      eventType: 'activated',
      exercise: false,
      alertVersion: {
        kind: 'content',
        alertId,
        version: 1,
        content,
        contentHash: '',
        createdAt: new Date(),
        createdBy: { userId: 'u', organisationId: 'o' },
      },
    };
    const prepared = new Map(content.languages.map((l) => [l, templates.prepare(published, l)]));
    const transport = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      pooled: false,
    });
    const baselineStart = performance.now();
    const baseline = clock(sink, BASELINE, baselineStart);
    for (const subscriber of subscribers.slice(0, BASELINE)) {
      const email = prepared.get(subscriber.language)!;
      const url = links.unsubscribeUrl(subscriber.id);
      const body = templates.personalise(email, url);
      await transport.send({
        from: 'Child Alert <alerts@childalert.example>',
        to: subscriber.address,
        subject: email.subject,
        ...body,
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    }
    results.push({ name: 'baseline, unpooled, one by one', count: BASELINE, ...(await baseline) });
    await transport.close();
  } finally {
    await worker.stop();
    await kafka.close();
    await sink.stop();
    await pool.end();
    await database.drop();
  }
  print(results);
}

function print(results: Run[]): void {
  const rate = (r: Run) => (r.count / r.lastMs) * 1000;
  const rows = results.map((r) => [
    r.name,
    String(r.count),
    `${Math.round(r.firstMs)} ms`,
    `${(r.lastMs / 1000).toFixed(2)} s`,
    `${Math.round(rate(r))}/s`,
  ]);
  const header = ['e-mail fan-out', 'messages', 'to first delivery', 'to last delivery', 'deliveries/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
  if (results.length === 2) {
    const [worker, baseline] = results;
    console.log(`\nratio (worker / baseline, deliveries/s): ${(rate(worker) / rate(baseline)).toFixed(2)}×`);
    if (baseline.count < worker.count) {
      const projected = worker.count / rate(baseline);
      console.log(
        `baseline projected to ${worker.count} messages: ${projected.toFixed(1)} s to the last delivery`,
      );
    }
  }
  console.log('times from the first dispatch batch produced (worker) or the first send call (baseline)');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
