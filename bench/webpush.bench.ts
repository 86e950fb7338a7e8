// Web push fan-out: N subscriptions (BENCH_WEBPUSH_SUBSCRIBERS, default
// 50,000) on a loopback push service (TLS, VAPID checked, bodies counted, not
// decrypted) through the real path: dispatch batches on Kafka → the web push
// worker as its own process → the push service. Beside it, in the same run:
// (a) the baseline: web-push's sendNotification per subscriber with default
//     options (a JWT signed per call, the global agent), in its own process,
//     on a sample (BENCH_WEBPUSH_BASELINE, default 5,000: its rate does not
//     depend on the count), BENCH_WEBPUSH_BASELINE_CONCURRENCY (64) in flight;
// (b) the ceiling: ECDH + HKDF + AES-GCM per message, no I/O, one core,
//     for all N messages.
// BENCH_CPU_PROF=1 (or a directory) profiles the worker's CPU while it sends
// (from the dispatch batches produced to its stop) and prints its top
// functions by self time (BENCH_CPU_PROF_TOP, default 25).
// Run by `npm run bench -- webpush`, or alone with KAFKA_BROKERS and
// TEST_DATABASE_ADMIN_URL set:
//   node -r ./scripts/lib/register-ts.cjs bench/webpush.bench.ts
import { spawn } from 'node:child_process';
import { createECDH, createCipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { AlertFixtures } from '@childalert/alerts';
import { type DispatchBatch, Topic } from '@childalert/contracts';
import { preparePush } from '../apps/webpush-worker/src/payload/push-payload';
import { PublishedAlerts } from '../test/delivery/support/published-alerts';
import { RawKafka } from '../test/messaging/messaging-test.kit';
import { createTestDatabase } from '../test/support/database';
import { PushService } from '../test/webpush/support/push-service';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';
import { seedPushSubscribers } from '../test/webpush/support/webpush-subscribers';
import {
  PUBLIC_BASE_URL,
  testVapidKeys,
  VAPID_SUBJECT,
  WorkerProcess,
  workerEnv,
} from '../test/webpush/support/webpush-worker.harness';
import { freePort } from '../test/support/app-process';

const N = Number(process.env.BENCH_WEBPUSH_SUBSCRIBERS ?? 50_000);
const BASELINE = Math.min(N, Number(process.env.BENCH_WEBPUSH_BASELINE ?? 5_000));
const BASELINE_CONCURRENCY = Number(process.env.BENCH_WEBPUSH_BASELINE_CONCURRENCY ?? 64);
const BATCH_SIZE = Number(process.env.BENCH_WEBPUSH_BATCH_SIZE ?? 500);
const TICKS_PER_SECOND = 100; // Linux USER_HZ
const CPU_PROF_DIR =
  process.env.BENCH_CPU_PROF === undefined || process.env.BENCH_CPU_PROF === ''
    ? undefined
    : process.env.BENCH_CPU_PROF === '1'
      ? path.join(os.tmpdir(), `childalert-webpush-prof-${process.pid}`)
      : path.resolve(process.env.BENCH_CPU_PROF);

interface Run {
  name: string;
  count: number;
  firstMs: number;
  lastMs: number;
  cpuMs: number;
}

interface BaselineInput {
  subscriptions: { endpoint: string; keys: { p256dh: string; auth: string } }[];
  payload: string;
  vapid: { subject: string; publicKey: string; privateKey: string };
  concurrency: number;
}

/** CPU time (user + system) of a process so far, from /proc. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function clock(
  service: PushService,
  count: number,
  start: number,
): Promise<{ firstMs: number; lastMs: number }> {
  const base = service.received.length;
  let firstMs = -1;
  return new Promise((resolve) => {
    service.onPush(() => {
      const seen = service.received.length - base;
      if (seen === 1) firstMs = performance.now() - start;
      if (seen === count) resolve({ firstMs, lastMs: performance.now() - start });
    });
  });
}

/** (b) RFC 8291 aes128gcm for `count` messages: fresh ECDH key, HKDF, AES-128-GCM; no I/O, this thread only. */
function ceiling(
  subscriptions: { keys: { p256dh: string; auth: string } }[],
  plaintext: Buffer,
  count: number,
): Run {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const padded = Buffer.concat([plaintext, Buffer.from([2])]);
  let firstMs = -1;
  for (let i = 0; i < count; i += 1) {
    const { p256dh, auth } = subscriptions[i % subscriptions.length].keys;
    const uaPublic = Buffer.from(p256dh, 'base64url');
    const ecdh = createECDH('prime256v1');
    const asPublic = ecdh.generateKeys();
    const secret = ecdh.computeSecret(uaPublic);
    const info = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
    const ikm = Buffer.from(hkdfSync('sha256', secret, Buffer.from(auth, 'base64url'), info, 32));
    const salt = randomBytes(16);
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
    const cipher = createCipheriv('aes-128-gcm', cek, nonce);
    const body = Buffer.concat([cipher.update(padded), cipher.final(), cipher.getAuthTag()]);
    if (body.length === 0) throw new Error('unreachable');
    if (i === 0) firstMs = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    name: 'ceiling: ECDH + HKDF + AES-GCM, no I/O',
    count,
    firstMs,
    lastMs: performance.now() - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** (a) in a child process: web-push's sendNotification per subscriber, default options. */
async function baselineChild(inputFile: string): Promise<void> {
  const webpush = await import('web-push');
  const input = JSON.parse(readFileSync(inputFile, 'utf8')) as BaselineInput;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  let failures = 0;
  const lane = async () => {
    while (next < input.subscriptions.length) {
      const subscription = input.subscriptions[next++];
      try {
        await webpush.sendNotification(subscription, input.payload, {
          vapidDetails: input.vapid,
          TTL: 3600,
          urgency: 'high',
        });
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(
    `${JSON.stringify({ lastMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, failures })}\n`,
  );
}

function runBaseline(
  inputFile: string,
  caFile: string,
): Promise<{ lastMs: number; cpuMs: number; failures: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(__dirname, '..', 'scripts', 'lib', 'register-ts.cjs'), __filename],
      {
        // Default options mean the global agent: it trusts the receiver through NODE_EXTRA_CA_CERTS.
        env: {
          ...process.env,
          BENCH_WEBPUSH_ROLE: 'baseline',
          BENCH_WEBPUSH_INPUT: inputFile,
          NODE_EXTRA_CA_CERTS: caFile,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`baseline exited ${code}: ${out}`));
      resolve(JSON.parse(line) as { lastMs: number; cpuMs: number; failures: number });
    });
  });
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const certificate = makeTestCertificate();
  const vapid = testVapidKeys();
  const service = await new PushService(certificate, {
    decrypt: false,
    vapidPublicKey: vapid.publicKey,
  }).start();
  const kafka = new RawKafka();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-webpush-'));
  const prefix = `bench-webpush-${randomUUID().slice(0, 8)}.`;
  const worker = new WorkerProcess(
    workerEnv({
      databaseUrl: database.url,
      topicPrefix: prefix,
      caFile: certificate.certFile,
      vapid,
      overrides: {
        LOG_LEVEL: 'warn',
        KAFKA_PARTITIONS: '6',
        DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '64',
        WEBPUSH_HTTP2: process.env.BENCH_WEBPUSH_HTTP2 ?? 'true',
        WEBPUSH_CONNECTIONS_PER_ORIGIN: process.env.BENCH_WEBPUSH_CONNECTIONS ?? '32',
        DISPATCH_BATCHES_PER_CALL: process.env.BENCH_DISPATCH_BATCHES_PER_CALL ?? '1',
        DISPATCH_PARTITIONS_CONCURRENTLY: process.env.BENCH_DISPATCH_PARTITIONS ?? '3',
        DELIVERY_BATCH_BUDGET_MS: '30000',
        DELIVERY_LEASE_MS: '120000',
        // --cpu-prof is refused in NODE_OPTIONS: a preloaded inspector session instead.
        NODE_OPTIONS: [
          process.env.NODE_OPTIONS,
          process.env.BENCH_WORKER_NODE_OPTIONS,
          CPU_PROF_DIR !== undefined ? `--require ${profilerPreload(CPU_PROF_DIR)}` : undefined,
        ]
          .filter((option) => option !== undefined && option !== '')
          .join(' '),
      },
    }),
  );
  const results: Run[] = [];
  try {
    const seedStart = performance.now();
    const subscribers = await seedPushSubscribers(pool, service, N);
    const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(Date.now() + 6 * 3600_000) };
    const alertId = await new PublishedAlerts(pool).activate(content);
    console.log(
      `bench webpush: ${N} subscriptions seeded in ${Math.round(performance.now() - seedStart)} ms`,
    );

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
        channel: 'webpush',
        recipients: subscribers
          .slice(start, start + BATCH_SIZE)
          .map(({ id, language }) => ({ id, language })),
      });
    }
    if (CPU_PROF_DIR !== undefined) process.kill(pid, 'SIGWINCH'); // profiling starts
    const cpuBefore = cpuMsOf(pid);
    const start = performance.now();
    const done = clock(service, N, start);
    await kafka.produce(
      `${prefix}${Topic.DispatchWebpush}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
    const times = await done;
    results.push({
      name: 'worker (Kafka → worker process → push service)',
      count: N,
      ...times,
      cpuMs: cpuMsOf(pid) - cpuBefore,
    });
    await worker.stop();
    if (CPU_PROF_DIR !== undefined) summariseProfile(CPU_PROF_DIR, pid);
    if (service.violations.length > 0)
      throw new Error(`protocol violations: ${service.violations.slice(0, 3).join('; ')}`);

    // The same payload for (a) and (b): the English notification of this alert.
    const prepared = preparePush(
      {
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
      },
      'en',
      { publicBaseUrl: PUBLIC_BASE_URL, timeZone: 'UTC' },
    );
    const inputFile = path.join(scratch, 'baseline.json');
    const input: BaselineInput = {
      subscriptions: subscribers
        .slice(0, BASELINE)
        .map((s) => ({ endpoint: s.subscription.endpoint, keys: s.subscription.keys })),
      payload: prepared.plaintext.toString('utf8'),
      vapid: { subject: VAPID_SUBJECT, ...vapid },
      concurrency: BASELINE_CONCURRENCY,
    };
    writeFileSync(inputFile, JSON.stringify(input));
    const baselineStart = performance.now();
    const baselineClock = clock(service, BASELINE, baselineStart);
    const baseline = await runBaseline(inputFile, certificate.certFile);
    const baselineTimes = await baselineClock;
    if (baseline.failures > 0) throw new Error(`baseline: ${baseline.failures} sends failed`);
    results.push({
      name: 'baseline: sendNotification, default options',
      count: BASELINE,
      ...baselineTimes,
      cpuMs: baseline.cpuMs,
    });

    results.push(
      ceiling(
        subscribers.map((s) => s.subscription),
        prepared.plaintext,
        N,
      ),
    );
  } finally {
    await worker.stop();
    await kafka.close();
    await service.stop();
    certificate.remove();
    rmSync(scratch, { recursive: true, force: true });
    await pool.end();
    await database.drop();
  }
  print(results);
}

/**
 * A preload for the worker: SIGWINCH (ignored by default, not one of Nest's shutdown signals) starts the V8 CPU profiler, SIGTERM (the
 * bench stopping it) writes <dir>/<pid>.cpuprofile, then the app's own
 * shutdown goes on (a `once` listener: Nest's re-raised SIGTERM ends it).
 */
function profilerPreload(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'profiler-preload.cjs');
  writeFileSync(
    file,
    `const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
process.once('SIGWINCH', () => session.post('Profiler.start'));
process.once('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(${JSON.stringify(dir)} + '/' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`,
  );
  return file;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The worker's .cpuprofile: self time summed per function (name + file + line), the top ones printed. */
function summariseProfile(dir: string, pid: number): void {
  const file = readdirSync(dir).find((name) => name === `${pid}.cpuprofile`);
  if (file === undefined) return console.log(`bench webpush: no profile of ${pid} in ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where =
      url === ''
        ? ''
        : ` ${url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '')}:${lineNumber + 1}`;
    const key = `${functionName === '' ? '(anonymous)' : functionName}${where}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    totalUs += delta;
  });
  const idleUs = selfUs.get('(idle)') ?? 0;
  const top = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.BENCH_CPU_PROF_TOP ?? 25));
  console.log(
    `\nworker profile ${path.join(dir, file)}: ${(totalUs / 1e6).toFixed(1)} s sampled, ` +
      `${((totalUs - idleUs) / 1e6).toFixed(1)} s not idle; top self time:`,
  );
  for (const [key, us] of top)
    console.log(
      `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((us / (totalUs - idleUs)) * 100).toFixed(1).padStart(5)} %  ${key}`,
    );
}

function print(results: Run[]): void {
  const rate = (r: Run) => (r.count / r.lastMs) * 1000;
  const perCore = (r: Run) => (r.count / r.cpuMs) * 1000;
  const rows = results.map((r) => [
    r.name,
    String(r.count),
    `${Math.round(r.firstMs)} ms`,
    `${(r.lastMs / 1000).toFixed(2)} s`,
    `${Math.round(rate(r))}/s`,
    `${(((r.cpuMs / r.count) * 1000) / 1000).toFixed(3)} s`,
    `${Math.round(perCore(r))}/s`,
  ]);
  const header = [
    'web push',
    'messages',
    'to first',
    'to last',
    'sends/s',
    'CPU s / 1,000',
    'sends per CPU s',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
  const [worker, baseline, top] = results;
  console.log(`\nworker / baseline (sends/s): ${(rate(worker) / rate(baseline)).toFixed(2)}× (target ≥ 3×)`);
  console.log(`worker / baseline (sends per CPU s): ${(perCore(worker) / perCore(baseline)).toFixed(2)}×`);
  console.log(
    `worker / ceiling (sends per CPU s, per core): ${((perCore(worker) / perCore(top)) * 100).toFixed(0)} % (target ≥ 60 %)`,
  );
  console.log(
    `worker CPU: ${(worker.cpuMs / 1000).toFixed(1)} s over ${(worker.lastMs / 1000).toFixed(1)} s wall ` +
      `(${(worker.cpuMs / worker.lastMs).toFixed(2)} cores); machine: ${os.cpus().length} cores`,
  );
  console.log(
    'times: worker from the dispatch batches produced; baseline from its process start; ceiling from its loop start',
  );
}

if (process.env.BENCH_WEBPUSH_ROLE === 'baseline') {
  baselineChild(process.env.BENCH_WEBPUSH_INPUT ?? '').then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
