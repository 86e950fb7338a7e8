// Issue 9, faults: a full fan-out (e-mail, web push, mobile, media
// broadcasters and partner countries, on loopback receivers that count and
// check what they get)
// while a fault is injected, then the resolution under the same fault. After each: everyone intended got exactly one
// message per published version, nobody got the alert after its resolution,
// the dashboard matches the receivers, and the dead letters hold exactly the
// permanent failures (subscriptions the push service and FCM say are gone).
import {
  type Channel,
  deadLettered,
  expectDashboard,
  expectExactlyOnce,
  reached,
  untilReached,
} from './support/delivery-tally';
import {
  type AppName,
  CHANNEL_APPS,
  CHANNELS,
  type DashboardChannel,
  Scenario,
} from './support/scenario.harness';

const SEED = Number(process.env.RESILIENCE_SEED ?? 20261123);
const EMAIL_AUDIENCE = Number(process.env.RESILIENCE_EMAIL ?? 800);
const WEBPUSH_AUDIENCE = Number(process.env.RESILIENCE_WEBPUSH ?? 1200);
const MOBILE_AUDIENCE = Number(process.env.RESILIENCE_MOBILE ?? 1000);
const BROADCASTERS = Number(process.env.RESILIENCE_BROADCASTERS ?? 12);
/** Push subscriptions answered 410 and app tokens UNREGISTERED in each scenario: permanent failures. */
const GONE_PER_SCENARIO = 5;

/** A small seeded PRNG (mulberry32): the same seed, the same kill moments. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the seeded PRNG. */
function shuffled<T>(items: T[], next: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

type Phase = 'activation' | 'resolution';
type Fault = (phase: Phase, at: (fraction: number) => Promise<void>) => Promise<void>;

describe('fan-out under faults', () => {
  jest.setTimeout(600_000);
  const scenario = new Scenario();
  const next = random(SEED);
  const figures: string[] = [];

  beforeAll(async () => {
    await scenario.start({
      email: EMAIL_AUDIENCE,
      webpush: WEBPUSH_AUDIENCE,
      mobile: MOBILE_AUDIENCE,
      broadcasters: BROADCASTERS,
    });
  }, 240_000);

  afterAll(async () => {
    process.stdout.write(`resilience (seed ${SEED}):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
    await scenario.close();
  });

  async function audienceNow(): Promise<Record<Channel, Set<string>>> {
    const ids = async (table: string) =>
      new Set(
        (await scenario.pool.query<{ id: string }>(`SELECT id::text AS id FROM ${table}`)).rows.map(
          (r) => r.id,
        ),
      );
    return {
      email: await ids('email_subscriptions'),
      webpush: await ids('webpush_subscriptions'),
      mobile: await ids('mobile_subscriptions'),
      broadcast: new Set(scenario.broadcasters.map((b) => b.id)),
      partner: new Set(scenario.partners.map((p) => p.id)),
    };
  }

  /** The dashboard once every planned recipient of `eventType` is delivered or failed. */
  async function settled(alertId: string, eventType: string): Promise<DashboardChannel[]> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const channels = await scenario.progress(alertId);
      const rows = channels.flatMap((c) => c.versions.filter((v) => v.eventType === eventType));
      if (
        rows.length === CHANNELS.length &&
        rows.every((v) => v.delivered + v.failed === v.planned && v.pending === 0 && v.retrying === 0)
      )
        return channels;
      if (Date.now() > deadline) throw new Error(`dashboard never settled: ${JSON.stringify(channels)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function run(name: string, fault: Fault): Promise<void> {
    const started = Date.now();
    const audience = await audienceNow();
    const gone = {
      webpush: [...audience.webpush].slice(0, GONE_PER_SCENARIO),
      mobile: [...audience.mobile].slice(0, GONE_PER_SCENARIO),
    };
    for (const id of gone.webpush)
      scenario.push.answerFor(scenario.pushSubscribers.find((s) => s.id === id)!.subscription.token, 410);
    for (const id of gone.mobile)
      scenario.fcm.answerFor(scenario.mobileSubscribers.find((s) => s.id === id)!.token, 'UNREGISTERED');
    const goneOf = (channel: Channel): string[] =>
      channel === 'webpush' || channel === 'mobile' ? gone[channel] : [];
    const reachable = Object.fromEntries(
      CHANNELS.map((channel) => [
        channel,
        new Set([...audience[channel]].filter((id) => !goneOf(channel).includes(id))),
      ]),
    ) as Record<Channel, Set<string>>;
    const total = CHANNELS.reduce((sum, channel) => sum + reachable[channel].size, 0);

    const { alertId, version: v1 } = await scenario.activate();
    const reachedSoFar = (version: number) =>
      CHANNELS.reduce((sum, channel) => sum + reached(scenario, channel, alertId, version).size, 0);
    /** Resolves once this share of everyone has the version (a fault's moment). */
    const at = (version: number) => async (fraction: number) => {
      const deadline = Date.now() + 240_000;
      while (reachedSoFar(version) < fraction * total) {
        if (Date.now() > deadline)
          throw new Error(`v${version} never reached ${Math.round(fraction * 100)} % of ${total}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const activationFault = fault('activation', at(v1));
    await untilReached(scenario, alertId, v1, reachable);
    await activationFault;
    await settled(alertId, 'activated');
    const activationSeconds = (Date.now() - started) / 1000;

    const v2 = await scenario.resolve(alertId);
    const resolutionFault = fault('resolution', at(v2));
    await untilReached(scenario, alertId, v2, reachable);
    await resolutionFault;
    const channels = await settled(alertId, 'resolved');
    // A fault's leftovers must not reach the next scenario.
    scenario.push.answerNormally();
    scenario.fcm.answerNormally();
    scenario.newsrooms.answerNormally();
    scenario.inbox.dataDelayMs = 0;

    // Every message a partner got carried our valid signature and its API key.
    expect(scenario.partnerSystems.arrivals.items.filter((a) => !a.signatureValid || !a.apiKeyValid)).toEqual(
      [],
    );
    const duplicates: Record<string, number> = {};
    for (const channel of CHANNELS) {
      const expected = new Map([
        [v1, reachable[channel]],
        [v2, reachable[channel]],
      ]);
      duplicates[channel] = expectExactlyOnce(scenario, channel, alertId, expected).wireDuplicates;
      expectDashboard(
        channels,
        channel,
        new Map([
          [v1, { delivered: reachable[channel].size, failed: goneOf(channel).length }],
          [v2, { delivered: reachable[channel].size, failed: 0 }],
        ]),
      );
      expect({ channel, deadLetters: await deadLettered(scenario, channel, alertId) }).toEqual({
        channel,
        deadLetters: [...goneOf(channel)].sort(),
      });
    }
    figures.push(
      `${name}: ${total} recipients × 2 versions in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(activation settled in ${activationSeconds.toFixed(1)} s), resent in doubt: ${JSON.stringify(duplicates)}, ` +
        `dead letters: ${gone.webpush.length + gone.mobile.length}`,
    );
  }

  it('loses and duplicates nothing when workers, the dispatcher and alert-api are killed -9 at seeded moments', async () => {
    // Every app dies once, in a seeded order: the first ones during the activation, the rest during the resolution.
    const victims = shuffled<AppName>([...CHANNEL_APPS, 'dispatcher', 'alert-api'], next);
    const byPhase = { activation: victims.slice(0, 4), resolution: victims.slice(4) };
    const kills: string[] = [];
    await run('kill -9 rounds', async (phase, at) => {
      let fraction = 0;
      for (const victim of byPhase[phase]) {
        fraction += 0.05 + next() * 0.15;
        await at(fraction);
        kills.push(`${phase} ${Math.round(fraction * 100)} % ${victim}`);
        await scenario.kill9(victim);
        const port = await scenario.startApp(victim);
        if (victim === 'alert-api') scenario.apiUrl = `http://127.0.0.1:${port}`;
      }
    });
    figures.push(`  kills: ${kills.join(', ')}`);
  });

  it('loses and duplicates nothing when the Kafka broker is stopped and started again mid fan-out', async () => {
    await run('broker restart', async (phase, at) => {
      if (phase !== 'activation') return;
      await at(0.3);
      await scenario.broker.stop();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await scenario.broker.start();
    });
  });

  it("loses and duplicates nothing when PostgreSQL drops every app's connections, twice", async () => {
    const drop = () =>
      scenario.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
    await run('database connections dropped', async (_phase, at) => {
      await at(0.25);
      await drop();
      await at(0.6);
      await drop();
    });
  });

  it('loses and duplicates nothing when receivers answer 5xx, 429 with Retry-After, slowly, past the timeout or not at all for a while', async () => {
    await run('receivers failing', async (phase, at) => {
      await at(0.2);
      scenario.push.answerEveryone(500, 150);
      scenario.fcm.answerEveryone('INTERNAL', 20);
      for (const newsroom of scenario.broadcasters.slice(0, 4))
        scenario.newsrooms.answerWith(newsroom.path, 500, 2);
      // The partner countries' systems go down for a while.
      await scenario.partnerSystems.stop();
      scenario.inbox.dataDelayMs = 30;
      await at(0.4);
      scenario.push.answerEveryone(429, 40, { 'Retry-After': '1' });
      scenario.fcm.answerEveryone('UNAVAILABLE', 10, { 'Retry-After': '1' });
      for (const newsroom of scenario.broadcasters.slice(4, 8))
        scenario.newsrooms.answerWith(newsroom.path, 429, 1, { 'Retry-After': '1' });
      // Back, but answering after the worker's timeout for a while.
      scenario.partnerSystems.delayMs = 6_000;
      await scenario.partnerSystems.start();
      await at(0.6);
      scenario.partnerSystems.delayMs = 0;
      scenario.inbox.dataDelayMs = 0;
      if (phase === 'resolution') scenario.push.answerEveryone(503, 20, { 'Retry-After': '1' });
    });
  });

  it('loses and duplicates nothing when a second worker of each channel joins mid fan-out (rebalance)', async () => {
    await run('rebalance', async (phase, at) => {
      if (phase !== 'activation') return;
      await at(0.3);
      await Promise.all(CHANNEL_APPS.map((app) => scenario.startApp(app)));
    });
  });
});
