// Broadcast fan-out: BENCH_BROADCAST_BROADCASTERS registered broadcasters
// (default 500) × BENCH_BROADCAST_ALERTS alerts (default 10) through the real
// path: dispatch batches on Kafka → the broadcast worker as its own process
// → a loopback HTTPS receiver that verifies every Standard Webhooks
// signature and timestamp (the reference library) and parses the JSON body.
// Every broadcaster has its own path and secret; all share the receiver's one
// origin, so BENCH_BROADCAST_CONNECTIONS (default 32) keep-alive sockets
// stand in for the many origins of real newsrooms. The receiver shares the
// machine's cores with the worker, so the figure is a floor.
// Run by `npm run bench -- broadcast`, or alone with KAFKA_BROKERS and
// TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/broadcast.bench.ts
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { DeliveryLedger } from '@childalert/delivery';
import { BroadcastReceiver } from '../test/broadcast/support/broadcast-receiver';
import { WorkerProcess, workerEnv } from '../test/broadcast/support/broadcast-worker.harness';
import { recipientsOf, seedBroadcasters } from '../test/broadcast/support/seeded-broadcasters';
import { PublishedAlerts } from '../test/delivery/support/published-alerts';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { createTestDatabase } from '../test/support/database';
import { FanOut, untilLedgerDelivered } from '../test/support/fan-out';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';

const BROADCASTERS = Number(process.env.BENCH_BROADCAST_BROADCASTERS ?? 500);
const ALERTS = Number(process.env.BENCH_BROADCAST_ALERTS ?? 10);
const CONNECTIONS = process.env.BENCH_BROADCAST_CONNECTIONS ?? '32';
const CONCURRENCY = process.env.BENCH_BROADCAST_CONCURRENCY ?? '64';
const BATCH_SIZE = Number(process.env.BENCH_BROADCAST_BATCH_SIZE ?? 100);
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const total = BROADCASTERS * ALERTS;
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const certificate = makeTestCertificate();
  const receiver = await new BroadcastReceiver(certificate).start();
  const kafka = new RawKafka();
  const prefix = `bench-broadcast-${Date.now().toString(36)}.`;
  const worker = new WorkerProcess(
    workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      overrides: {
        LOG_LEVEL: 'warn',
        DELIVERY_CONCURRENCY: CONCURRENCY,
        BROADCAST_CONNECTIONS_PER_ORIGIN: CONNECTIONS,
        DELIVERY_BATCH_BUDGET_MS: '30000',
        DELIVERY_LEASE_MS: '60000',
        DISPATCH_BATCHES_PER_CALL: '4',
        KAFKA_PARTITIONS: '6',
      },
    }),
  );
  try {
    const broadcasters = await seedBroadcasters(pool, receiver, BROADCASTERS);
    const alerts = new PublishedAlerts(pool);
    const alertIds: string[] = [];
    for (let i = 0; i < ALERTS; i++) alertIds.push(await alerts.activate());
    await worker.startReady();
    const cpuBefore = cpuMsOf(worker.pid!);
    const receiverCpu = process.cpuUsage();

    const fanOut = new FanOut(kafka, prefix, 'broadcast');
    const start = performance.now();
    let firstMs = -1;
    const done = receiver.arrivals.waitFor(
      (items) => {
        if (firstMs < 0 && items.length > 0) firstMs = performance.now() - start;
        return items.filter((w) => !w.duplicate).length >= total;
      },
      `${total} webhooks`,
      600_000,
    );
    for (const alertId of alertIds) {
      await fanOut.send(alertId, 1, 'activated', recipientsOf(broadcasters), BATCH_SIZE);
    }
    await done;
    const lastMs = performance.now() - start;
    const cpuMs = cpuMsOf(worker.pid!) - cpuBefore;
    const { user, system } = process.cpuUsage(receiverCpu);

    if (receiver.violations.length > 0)
      throw new Error(`receiver refused: ${receiver.violations.slice(0, 3).join('; ')}`);
    // The ledger marks trail the sends by its flush interval: wait for them before counting.
    const ledger = new DeliveryLedger(pool);
    let delivered = 0;
    for (const alertId of alertIds) {
      const key = { channel: 'broadcast' as const, alertId, version: 1 };
      await Promise.race([
        untilLedgerDelivered(ledger, key, BROADCASTERS),
        new Promise((resolve) => setTimeout(resolve, 30_000)),
      ]);
      delivered += (await ledger.statusCounts(key)).delivered;
    }
    const duplicates = receiver.arrivals.items.filter((w) => w.duplicate).length;
    console.log(
      `broadcast: ${total} webhooks (${BROADCASTERS} broadcasters × ${ALERTS} alerts, JSON, signed, verified) ` +
        `in ${(lastMs / 1000).toFixed(2)} s = ${Math.round(total / (lastMs / 1000))} deliveries/s; ` +
        `first after ${Math.round(firstMs)} ms; worker CPU ${Math.round(cpuMs)} ms ` +
        `(${((cpuMs / total) * 1000).toFixed(0)} µs a delivery); receiver CPU ${Math.round((user + system) / 1000)} ms; ledger delivered ${delivered}; duplicates ${duplicates}; ` +
        `concurrency ${CONCURRENCY}, ${CONNECTIONS} sockets`,
    );
    if (delivered !== total || duplicates !== 0) throw new Error('not exactly once');
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
