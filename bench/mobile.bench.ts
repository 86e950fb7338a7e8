// Mobile (FCM) fan-out: N app installations (BENCH_MOBILE_SUBSCRIBERS,
// default 50,000) on a loopback FCM v1-compatible receiver (TLS, bearer token
// and path checked; message shape not checked, so it is not the bottleneck)
// through the real path: dispatch batches on Kafka → the mobile worker as its
// own process (firebase-admin sendEach, up to 500 a call, HTTP/1.1 keep-alive
// agent to loopback) → the receiver; then until the ledger holds everyone
// delivered. Settings: BENCH_MOBILE_BATCH_SIZE (dispatch batch, 500),
// BENCH_DELIVERY_CONCURRENCY (sendEach calls in flight, 8),
// BENCH_MOBILE_CONNECTIONS (sockets to the receiver, 32),
// BENCH_DISPATCH_PARTITIONS (partitions worked on at once, 6: a partition's
// batches go one after the other, so this is what overlaps the sendEach calls).
// Run by `npm run bench -- mobile`, or alone with KAFKA_BROKERS and
// TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/mobile.bench.ts
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { DeliveryLedger } from '@childalert/delivery';
import { PublishedAlerts } from '../test/delivery/support/published-alerts';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { freePort } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { untilLedgerDelivered } from '../test/support/fan-out';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';
import { FcmReceiver } from '../test/mobile/support/fcm-receiver';
import { seedMobileSubscribers } from '../test/mobile/support/mobile-subscribers';
import {
  FCM_PROJECT_ID,
  testAccessToken,
  WorkerProcess,
  workerEnv,
} from '../test/mobile/support/mobile-worker.harness';

const N = Number(process.env.BENCH_MOBILE_SUBSCRIBERS ?? 50_000);
const BATCH_SIZE = Number(process.env.BENCH_MOBILE_BATCH_SIZE ?? 500);
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const certificate = makeTestCertificate();
  const accessToken = testAccessToken();
  const receiver = await new FcmReceiver(certificate, {
    projectId: FCM_PROJECT_ID,
    accessToken,
    check: false,
  }).start();
  const kafka = new RawKafka();
  const prefix = `bench-mobile-${randomUUID().slice(0, 8)}.`;
  const worker = new WorkerProcess(
    workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      receiverOrigin: receiver.origin,
      caFile: certificate.certFile,
      accessToken,
      overrides: {
        LOG_LEVEL: 'warn',
        KAFKA_PARTITIONS: '6',
        DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '8',
        FCM_TEST_CONNECTIONS: process.env.BENCH_MOBILE_CONNECTIONS ?? '32',
        DISPATCH_BATCHES_PER_CALL: process.env.BENCH_DISPATCH_BATCHES_PER_CALL ?? '1',
        DISPATCH_PARTITIONS_CONCURRENTLY: process.env.BENCH_DISPATCH_PARTITIONS ?? '6',
        DELIVERY_BATCH_BUDGET_MS: '30000',
        DELIVERY_LEASE_MS: '120000',
      },
    }),
  );
  try {
    const seedStart = performance.now();
    const subscribers = await seedMobileSubscribers(pool, receiver, N);
    const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(Date.now() + 6 * 3600_000) };
    const alertId = await new PublishedAlerts(pool).activate(content);
    console.log(`bench mobile: ${N} installations seeded in ${Math.round(performance.now() - seedStart)} ms`);

    const port = await freePort();
    worker.start(port);
    await worker.waitUntilReady(port);
    const pid = worker.pid!;

    const batches: DispatchBatch[] = [];
    for (let start = 0; start < N; start += BATCH_SIZE) {
      batches.push({
        batchId: `b-${start}`,
        alertId,
        version: 1,
        eventType: 'activated',
        channel: 'mobile',
        recipients: subscribers
          .slice(start, start + BATCH_SIZE)
          .map(({ id, language }) => ({ id, language })),
      });
    }
    let firstMs = -1;
    let lastMs = -1;
    const start = performance.now();
    const cpuBefore = cpuMsOf(pid);
    const receiverCpu = process.cpuUsage();
    receiver.arrivals.onArrival(() => {
      if (firstMs < 0) firstMs = performance.now() - start;
      if (receiver.received.length === N) lastMs = performance.now() - start;
    });
    await kafka.produce(
      `${prefix}${Topic.DispatchMobile}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
    await receiver.waitFor((r) => r.length >= N, `all ${N} messages`, 600_000);
    const cpuMs = cpuMsOf(pid) - cpuBefore;
    const { user, system } = process.cpuUsage(receiverCpu);
    const receiverCpuMs = (user + system) / 1000;
    await untilLedgerDelivered(new DeliveryLedger(pool), { channel: 'mobile', alertId, version: 1 }, N);
    const ledgerMs = performance.now() - start;
    await worker.stop();

    const distinct = new Set(receiver.received.map((m) => m.token)).size;
    if (distinct !== N || receiver.received.length !== N)
      throw new Error(`${receiver.received.length} messages to ${distinct} devices, expected ${N} each once`);
    if (receiver.violations.length > 0)
      throw new Error(`receiver violations: ${receiver.violations.slice(0, 3).join('; ')}`);

    const rate = (N / lastMs) * 1000;
    console.log('');
    console.log(
      'mobile (FCM)              | messages | to first | to last  | deliveries/s | to ledger | CPU s / 1,000 | per CPU s',
    );
    console.log(
      '--------------------------|----------|----------|----------|--------------|-----------|---------------|----------',
    );
    console.log(
      `worker (Kafka → sendEach) | ${String(N).padEnd(8)} | ${`${Math.round(firstMs)} ms`.padEnd(8)} | ` +
        `${`${(lastMs / 1000).toFixed(2)} s`.padEnd(8)} | ${`${Math.round(rate)}/s`.padEnd(12)} | ` +
        `${`${(ledgerMs / 1000).toFixed(2)} s`.padEnd(9)} | ${(((cpuMs / N) * 1000) / 1000).toFixed(3).padEnd(13)} | ` +
        `${Math.round((N / cpuMs) * 1000)}/s`,
    );
    console.log(
      `\nworker CPU: ${(cpuMs / 1000).toFixed(1)} s over ${(lastMs / 1000).toFixed(1)} s wall ` +
        `(${(cpuMs / lastMs).toFixed(2)} cores); receiver (this process) ${(receiverCpuMs / lastMs).toFixed(2)} cores, ` +
        `${receiver.connections} connections; ` +
        `machine: ${os.cpus().length} cores (receiver, Kafka and PostgreSQL share them)`,
    );
    console.log('times: from the dispatch batches produced; each device got exactly one message');
  } finally {
    await worker.stop();
    await kafka.close();
    await receiver.stop();
    certificate.remove();
    await pool.end();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
