// The public endpoints under load, and an activation under a flood of them.
// Every app runs as its own process on a broker of the bench's own (the
// scenario harness of test/resilience: alert-api, dispatcher, e-mail and web
// push workers; a loopback SMTP relay and push service in this process);
// the load comes from autocannon in processes of their own.
// (1) Each public endpoint alone at increasing concurrency
//     (BENCH_PUBLIC_CONCURRENCY, default 1,10,50,100; BENCH_PUBLIC_SECONDS
//     each, default 5): the Atom feed, the alert's HTML page, its public JSON
//     view and e-mail subscribe (a new address per request; the per-IP limit
//     is raised to 100,000 a minute for the bench, every status is counted).
// (2) Activation to first delivery (POST activate → outbox → dispatcher →
//     e-mail worker → SMTP relay, and the web push worker → push service),
//     BENCH_PUBLIC_ACTIVATIONS times (default 5) without load, then as many
//     during a flood of all four endpoints (BENCH_PUBLIC_FLOOD_CONNECTIONS per
//     read endpoint, default 50; a fifth of that on subscribe) lasting
//     BENCH_PUBLIC_FLOOD_SECONDS (default 60; activations past its end are not counted).
// The apps log at warn (the harness's default), so request lines cost nothing.
// Run by `npm run bench -- public-load`.
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { alertMailIdOf } from '../test/pipeline/support/smtp-inbox';
import { Scenario } from '../test/resilience/support/scenario.harness';
import { activate } from './support/activation';
import { autocannon, type LoadResult, type LoadTarget } from './support/autocannon';
import { median, table } from './support/table';

const LEVELS = (process.env.BENCH_PUBLIC_CONCURRENCY ?? '1,10,50,100').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PUBLIC_SECONDS ?? 5);
const ACTIVATIONS = Number(process.env.BENCH_PUBLIC_ACTIVATIONS ?? 5);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_PUBLIC_FLOOD_CONNECTIONS ?? 50);
const FLOOD_SECONDS = Number(process.env.BENCH_PUBLIC_FLOOD_SECONDS ?? 60);
const EMAIL_AUDIENCE = Number(process.env.BENCH_PUBLIC_EMAIL ?? 50);
const WEBPUSH_AUDIENCE = Number(process.env.BENCH_PUBLIC_WEBPUSH ?? 50);

interface Activation {
  /** The POST /activate answer. */
  answerMs: number;
  firstEmailMs: number;
  firstPushMs: number;
  /** Every recipient of both channels reached. */
  lastMs: number;
  /** From the activation's outbox row (its transaction) to the first delivery: the path without the HTTP answer. */
  outboxToFirstMs: number;
  /** The outbox row to its publication on Kafka by the relay. */
  relayMs: number;
}

/** Times an activation on e-mail and web push to the receivers. */
async function activation(scenario: Scenario): Promise<Activation> {
  const { alertId, start, answerMs } = await activate(scenario, ['email', 'webpush']);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const mails = scenario.inbox.mails.filter((mail) => alertMailIdOf(mail)?.alertId === alertId);
    const pushes = scenario.push.received.filter((push) => push.payload.alertId === alertId);
    if (mails.length >= EMAIL_AUDIENCE && pushes.length >= WEBPUSH_AUDIENCE) {
      const at = [...mails.map((m) => m.at), ...pushes.map((p) => p.at)];
      const { rows } = await scenario.pool.query<{ created: Date; published: Date }>(
        `SELECT o.created_at AS created, o.published_at AS published
           FROM alert_publications p JOIN outbox o ON o.event_id = p.event_id
          WHERE p.alert_id = $1 AND p.type = 'activated'`,
        [alertId],
      );
      return {
        outboxToFirstMs: Math.min(...at) - rows[0].created.getTime(),
        relayMs: rows[0].published.getTime() - rows[0].created.getTime(),
        answerMs,
        firstEmailMs: Math.min(...mails.map((m) => m.at)) - start,
        firstPushMs: Math.min(...pushes.map((p) => p.at)) - start,
        lastMs: Math.max(...at) - start,
      };
    }
    if (Date.now() > deadline)
      throw new Error(`activation ${alertId}: ${mails.length} e-mails, ${pushes.length} pushes in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function targets(apiUrl: string, alertId: string): Record<string, LoadTarget> {
  return {
    'GET /feeds/alerts.atom': { url: `${apiUrl}/feeds/alerts.atom` },
    'GET /alerts/{id} (page)': { url: `${apiUrl}/alerts/${alertId}` },
    'GET /v1/alerts/{id} (JSON)': { url: `${apiUrl}/v1/alerts/${alertId}` },
    'POST /v1/subscriptions/email': {
      url: `${apiUrl}/v1/subscriptions/email`,
      method: 'POST',
      body: JSON.stringify({
        address: 'load-[<id>]@bench.test',
        language: 'en',
        area: { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 5 },
      }),
    },
  };
}

const statusesOf = (r: LoadResult) =>
  Object.entries(r.statuses)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ') + (r.errors + r.timeouts > 0 ? ` err×${r.errors} timeout×${r.timeouts}` : '');

async function main(): Promise<void> {
  const scenario = new Scenario();
  try {
    await scenario.start(
      { email: EMAIL_AUDIENCE, webpush: WEBPUSH_AUDIENCE, mobile: 0, broadcasters: 0 },
      {
        env: ({ inbox }) => ({
          // Confirmations of new subscriptions to the loopback relay; the per-IP limit out of the way.
          'alert-api': { SMTP_PORT: String(inbox.port), SUBSCRIPTION_RATE_LIMIT_PER_MINUTE: '100000' },
        }),
      },
    );
    // An active alert for the public views (and a warm-up of the whole path).
    const { alertId } = await scenario.activate();
    const endpoints = targets(scenario.apiUrl, alertId);

    // (1) each endpoint alone, concurrency rising.
    const loadRows: string[][] = [];
    for (const [name, target] of Object.entries(endpoints)) {
      for (const connections of LEVELS) {
        const result = await autocannon(target, connections, SECONDS).done;
        loadRows.push([
          name,
          String(connections),
          `${Math.round(result.throughput)}/s`,
          `${result.p50Ms} ms`,
          `${result.p99Ms} ms`,
          `${result.maxMs} ms`,
          `${((result.non2xx / Math.max(1, result.requests)) * 100).toFixed(1)} %`,
          statusesOf(result),
        ]);
        console.log(`bench public-load: ${loadRows.at(-1)!.join(' | ')}`);
      }
    }

    // (2) activation to first delivery, quiet, then during a flood.
    const quiet: Activation[] = [];
    for (let i = 0; i < ACTIVATIONS; i += 1) quiet.push(await activation(scenario));
    const floodSeconds = FLOOD_SECONDS;
    const floodStart = performance.now();
    const floods = Object.entries(endpoints).map(([name, target]) => ({
      name,
      connections:
        target.method === 'POST' ? Math.max(1, Math.round(FLOOD_CONNECTIONS / 5)) : FLOOD_CONNECTIONS,
      running: autocannon(
        target,
        target.method === 'POST' ? Math.max(1, Math.round(FLOOD_CONNECTIONS / 5)) : FLOOD_CONNECTIONS,
        floodSeconds,
      ),
    }));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the flood at full strength
    const flooded: Activation[] = [];
    for (let i = 0; i < ACTIVATIONS; i += 1) {
      const measured = await activation(scenario);
      if (performance.now() - floodStart > floodSeconds * 1000) {
        console.log('bench public-load: the flood ended before this activation did; not counted');
        break;
      }
      flooded.push(measured);
    }
    const floodResults = await Promise.all(floods.map((f) => f.running.done));

    console.log(
      `\npublic endpoints, each alone (${SECONDS} s per row; apps at LOG_LEVEL=warn; machine: ${os.cpus().length} cores, shared)`,
    );
    console.log(
      table(['endpoint', 'connections', 'throughput', 'p50', 'p99', 'max', 'non-2xx', 'statuses'], loadRows),
    );
    console.log(`\nthe flood (${floodSeconds} s, all four at once, from ${floods.length} processes)`);
    console.log(
      table(
        ['endpoint', 'connections', 'throughput', 'p99', 'statuses'],
        floods.map((f, i) => [
          f.name,
          String(f.connections),
          `${Math.round(floodResults[i].throughput)}/s`,
          `${floodResults[i].p99Ms} ms`,
          statusesOf(floodResults[i]),
        ]),
      ),
    );
    const summary = (name: string, runs: Activation[]) => [
      name,
      String(runs.length),
      `${median(runs.map((r) => r.answerMs))} ms`,
      `${median(runs.map((r) => r.firstEmailMs))} ms`,
      `${median(runs.map((r) => r.firstPushMs))} ms`,
      `${median(runs.map((r) => r.lastMs))} ms`,
      `${Math.max(...runs.map((r) => Math.min(r.firstEmailMs, r.firstPushMs)))} ms`,
      `${median(runs.map((r) => r.relayMs))} ms`,
      `${median(runs.map((r) => r.outboxToFirstMs))} ms`,
    ];
    console.log(
      `\nactivation to delivery (medians; audience ${EMAIL_AUDIENCE} e-mail + ${WEBPUSH_AUDIENCE} web push; from the POST /activate)`,
    );
    console.log(
      table(
        [
          'activations',
          'runs',
          'answer',
          'first e-mail',
          'first push',
          'last delivery',
          'worst first delivery',
          'outbox → Kafka',
          'outbox → first delivery',
        ],
        [summary('quiet', quiet), summary('during the flood', flooded)],
      ),
    );
    for (const [name, runs] of [
      ['quiet', quiet],
      ['flood', flooded],
    ] as const)
      console.log(
        `  ${name}: first delivery per run ${runs.map((r) => `${Math.min(r.firstEmailMs, r.firstPushMs)} ms`).join(', ')}`,
      );
    const first = (runs: Activation[]) => median(runs.map((r) => Math.min(r.firstEmailMs, r.firstPushMs)));
    const fromOutbox = (runs: Activation[]) => median(runs.map((r) => r.outboxToFirstMs));
    console.log(
      `\nflood / quiet, median activation to first delivery: ${(first(flooded) / first(quiet)).toFixed(2)}× ` +
        `(${first(flooded)} ms / ${first(quiet)} ms); from the outbox row: ` +
        `${(fromOutbox(flooded) / fromOutbox(quiet)).toFixed(2)}× (${fromOutbox(flooded)} ms / ${fromOutbox(quiet)} ms)`,
    );
  } finally {
    await scenario.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
