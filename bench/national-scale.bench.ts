// A national-scale fan-out: BENCH_NATIONAL_SUBSCRIBERS (default 1,000,000)
// subscribers around Athens, shared by BENCH_NATIONAL_SHARES (default
// webpush:0.5,mobile:0.45,email:0.05), all reached by one activation, through
// the whole deployment as processes (the scenario harness of test/resilience:
// alert-api, dispatcher, e-mail, web push and mobile workers on a broker of
// their own) to loopback receivers in this process that only count, one byte
// per recipient (bench/support/counting-receivers.ts). Run at a tenth of the
// audience first, then at all of it (BENCH_NATIONAL_SIZES, e.g. 100000,1000000,
// overrides both), each on fresh processes, reporting per channel the time
// from POST /activate to the first and the last delivery, exactly-once, and
// each process's peak memory (VmHWM): memory must stay flat as the audience grows.
// BENCH_NATIONAL_HEAP_SNAPSHOT=<dir>: alert-api writes a heap snapshot there
// once everything is delivered and the dashboard is complete (to see what it holds).
// Run by `npm run bench -- national-scale`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FCM_PROJECT_ID } from '../test/mobile/support/mobile-worker.harness';
import { type AppName, Scenario } from '../test/resilience/support/scenario.harness';
import { makeTestCertificate } from '../test/webpush/support/test-certificate';
import { activate } from './support/activation';
import { CountingFcm, CountingPushService, CountingRelay, Tally } from './support/counting-receivers';
import { seedEmail, seedMobile, seedWebpush } from './support/national-audience';
import { table } from './support/table';

const N = Number(process.env.BENCH_NATIONAL_SUBSCRIBERS ?? 1_000_000);
const SIZES = (process.env.BENCH_NATIONAL_SIZES ?? `${Math.round(N / 10)},${N}`).split(',').map(Number);
const SHARES = Object.fromEntries(
  (process.env.BENCH_NATIONAL_SHARES ?? 'webpush:0.5,mobile:0.45,email:0.05')
    .split(',')
    .map((pair) => pair.split(':'))
    .map(([channel, share]) => [channel, Number(share)]),
) as Record<Channel, number>;
const HEAP_SNAPSHOT_DIR = process.env.BENCH_NATIONAL_HEAP_SNAPSHOT;
const TIMEOUT_MS = Number(process.env.BENCH_NATIONAL_TIMEOUT_MS ?? 60 * 60_000);
const CHANNELS = ['webpush', 'mobile', 'email'] as const;
type Channel = (typeof CHANNELS)[number];
const PROCESSES: AppName[] = ['alert-api', 'dispatcher', 'webpush-worker', 'mobile-worker', 'email-worker'];

interface Outcome {
  size: number;
  audience: Record<Channel, number>;
  seedMs: number;
  answerMs: number;
  channels: Record<
    Channel,
    { firstMs: number; lastMs: number; once: number; twice: number; missing: number; violations: number }
  >;
  /** Peak resident memory of each process, MiB. */
  peakMiB: Record<string, number>;
  /** alert-api's resident memory over the run (MiB, every 5 s), to tell a plateau from a climb. */
  apiRss: number[];
  /** When the operator's dashboard counted every delivery (alert-api applied every receipt), from POST /activate. */
  dashboardMs: number;
  /** alert-api's V8 heap in use at the end (its /metrics), MiB. */
  apiHeapUsedMiB: number;
}

/** A gauge of a process's /metrics (prom-client's default metrics), or NaN. */
async function gauge(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** SIGUSR2 to a process started with --heapsnapshot-signal; resolves once its snapshot is written. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 300_000; waited += 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const written = readdirSync(dir).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'));
    // Written in one go; its size settles when done.
    if (written !== undefined) {
      const size = statSync(path.join(dir, written)).size;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      if (size > 0 && statSync(path.join(dir, written)).size === size) {
        console.log(
          `bench national-scale: alert-api heap snapshot ${path.join(dir, written)} (${size} bytes)`,
        );
        return;
      }
    }
  }
}

/** VmRSS (resident now) of a process, MiB. */
function rssMiBOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024);
}

/** VmHWM (the peak resident set) of a process, MiB. */
function peakMiBOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024);
}

/** Worker settings for volume: a long lease and batch budget (nothing taken over while it is merely busy). */
const VOLUME = { DELIVERY_BATCH_BUDGET_MS: '30000', DELIVERY_LEASE_MS: '120000', KAFKA_PARTITIONS: '6' };

async function run(size: number): Promise<Outcome> {
  const audience = {
    webpush: Math.round(size * SHARES.webpush),
    mobile: Math.round(size * SHARES.mobile),
    email: Math.round(size * SHARES.email),
  };
  const certificate = makeTestCertificate();
  const scenario = new Scenario();
  const tallies = {
    webpush: new Tally(audience.webpush),
    mobile: new Tally(audience.mobile),
    email: new Tally(audience.email),
  };
  const push = await new CountingPushService(certificate, scenario.vapid.publicKey, tallies.webpush).start();
  const fcm = await new CountingFcm(
    certificate,
    { projectId: FCM_PROJECT_ID, accessToken: scenario.fcmAccessToken },
    tallies.mobile,
  ).start();
  const relay = await new CountingRelay(tallies.email).start();
  try {
    await scenario.start(
      { email: 0, webpush: 0, mobile: 0, broadcasters: 0 },
      {
        env: {
          dispatcher: { DISPATCH_BATCH_SIZE: '500', KAFKA_PARTITIONS: '6' },
          'alert-api': {
            KAFKA_PARTITIONS: '6',
            ...(HEAP_SNAPSHOT_DIR === undefined
              ? {}
              : {
                  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${HEAP_SNAPSHOT_DIR}`,
                }),
          },
          'webpush-worker': {
            ...VOLUME,
            WEBPUSH_CA_FILE: certificate.certFile,
            DELIVERY_CONCURRENCY: '64',
            WEBPUSH_HTTP2: 'true',
            WEBPUSH_CONNECTIONS_PER_ORIGIN: '32',
            DISPATCH_PARTITIONS_CONCURRENTLY: '3',
          },
          'mobile-worker': {
            ...VOLUME,
            FCM_TEST_RECEIVER_URL: fcm.origin,
            FCM_TEST_RECEIVER_CA_FILE: certificate.certFile,
            DELIVERY_CONCURRENCY: '8',
            FCM_TEST_CONNECTIONS: '32',
            DISPATCH_PARTITIONS_CONCURRENTLY: '6',
          },
          'email-worker': { ...VOLUME, SMTP_PORT: String(relay.port), SMTP_POOL_SIZE: '10' },
          'broadcast-worker': { KAFKA_PARTITIONS: '6' },
        },
      },
    );
    const seedStart = performance.now();
    await seedWebpush(scenario.pool, (i) => push.endpoint(i), audience.webpush);
    await seedMobile(scenario.pool, audience.mobile);
    await seedEmail(scenario.pool, audience.email);
    await scenario.pool.query('ANALYZE webpush_subscriptions, mobile_subscriptions, email_subscriptions');
    const seedMs = performance.now() - seedStart;
    console.log(`bench national-scale: ${size} subscribers seeded in ${Math.round(seedMs)} ms`);

    const { alertId, start, answerMs } = await activate(scenario, [...CHANNELS]);
    const apiPid = scenario.running.get('alert-api')![0].pid!;
    const apiRss: number[] = [];
    const sampler = setInterval(() => apiRss.push(rssMiBOf(apiPid)), 5_000);
    const deadline = Date.now() + TIMEOUT_MS;
    let lastReport = Date.now();
    while (!CHANNELS.every((c) => tallies[c].delivered >= audience[c])) {
      if (Date.now() > deadline) throw new Error(`not delivered in ${TIMEOUT_MS} ms: ${progress()}`);
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        console.log(
          `bench national-scale: ${size} after ${Math.round((Date.now() - start) / 1000)} s: ${progress()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The dashboard (alert-api applying every receipt) catching up; meanwhile late duplicates would show.
    let dashboardMs = NaN;
    while (Date.now() < deadline) {
      const channels = await scenario.progress(alertId);
      const done = CHANNELS.every(
        (c) => (channels.find((p) => p.channel === c)?.delivered ?? 0) >= audience[c],
      );
      if (done) {
        dashboardMs = Date.now() - start;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearInterval(sampler);
    const apiHeapUsedMiB = Math.round(
      (await gauge(scenario.apiUrl, 'nodejs_heap_size_used_bytes')) / 2 ** 20,
    );
    if (HEAP_SNAPSHOT_DIR !== undefined) await heapSnapshot(apiPid, HEAP_SNAPSHOT_DIR);
    const peakMiB: Record<string, number> = {};
    for (const app of PROCESSES)
      for (const process of scenario.running.get(app) ?? []) peakMiB[app] = peakMiBOf(process.pid!);
    const channels = Object.fromEntries(
      CHANNELS.map((c) => [
        c,
        {
          firstMs: tallies[c].firstAt - start,
          lastMs: tallies[c].lastAt - start,
          ...tallies[c].exactness(),
          violations: tallies[c].violations,
        },
      ]),
    ) as Outcome['channels'];
    return { size, audience, seedMs, answerMs, channels, peakMiB, apiRss, dashboardMs, apiHeapUsedMiB };
  } finally {
    await scenario.close();
    await push.stop();
    await fcm.stop();
    await relay.stop();
    certificate.remove();
  }

  function progress(): string {
    return CHANNELS.map((c) => `${c} ${tallies[c].delivered}/${audience[c]}`).join(', ');
  }
}

function print(outcomes: Outcome[]): void {
  console.log(
    `\nnational-scale fan-out (machine: ${os.cpus().length} cores, shared; times from POST /activate)`,
  );
  console.log(
    table(
      [
        'subscribers',
        'channel',
        'recipients',
        'first',
        'last',
        'rate',
        'once',
        'dup',
        'missing',
        'violations',
      ],
      outcomes.flatMap((o) =>
        CHANNELS.map((c) => {
          const r = o.channels[c];
          if (o.audience[c] === 0) return [String(o.size), c, '0', '-', '-', '-', '-', '-', '-', '-'];
          return [
            String(o.size),
            c,
            String(o.audience[c]),
            `${(r.firstMs / 1000).toFixed(2)} s`,
            `${(r.lastMs / 1000).toFixed(1)} s`,
            `${Math.round(o.audience[c] / (r.lastMs / 1000))}/s`,
            String(r.once),
            String(r.twice),
            String(r.missing),
            String(r.violations),
          ];
        }),
      ),
    ),
  );
  console.log('\npeak memory (VmHWM) per process, MiB');
  console.log(
    table(
      ['process', ...outcomes.map((o) => `${o.size} subscribers`), 'growth'],
      PROCESSES.map((app) => {
        const values = outcomes.map((o) => o.peakMiB[app] ?? 0);
        return [
          app,
          ...values.map((v) => `${v}`),
          values.length > 1 ? `${(values.at(-1)! / values[0]).toFixed(2)}×` : '',
        ];
      }),
    ),
  );
  for (const o of outcomes)
    console.log(
      `${o.size}: seeded in ${(o.seedMs / 1000).toFixed(1)} s; POST /activate answered in ${o.answerMs} ms; ` +
        `all delivered in ${(Math.max(...CHANNELS.map((c) => o.channels[c].lastMs)) / 1000).toFixed(1)} s; ` +
        `dashboard complete at ${(o.dashboardMs / 1000).toFixed(1)} s; alert-api heap used at the end ` +
        `${o.apiHeapUsedMiB} MiB; its RSS every 5 s: ${o.apiRss.join(' ')}`,
    );
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const size of SIZES) {
    outcomes.push(await run(size));
    print(outcomes);
  }
  const broken = outcomes.filter((o) =>
    CHANNELS.some((c) => o.channels[c].missing + o.channels[c].twice + o.channels[c].violations > 0),
  );
  if (broken.length > 0)
    throw new Error(`not exactly once, or protocol violations, at ${broken.map((o) => o.size).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
