import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool } from 'pg';
import {
  type AlertArea,
  AlertAreaMatcher,
  AudienceRepository,
  bestLanguage,
  destination,
  type LatLon,
  type Recipient,
  type RecipientQuery,
  type StoredArea,
  type SubscriberArea,
  toStoredArea,
} from '@childalert/audience';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { type SeedSubscriber, seededRandom, seedSubscribers } from './audience-seed';

const ATHENS = { lat: 37.9838, lon: 23.7275 };
const THESSALONIKI = { lat: 40.6401, lon: 22.9444 };
const TIRANA = { lat: 41.3275, lon: 19.8187 };
const ATTICA: LatLon[] = [
  [38.3, 23.3],
  [38.3, 24.1],
  [37.6, 24.1],
  [37.6, 23.3],
  [38.3, 23.3],
];
const ALERT_LANGUAGES = ['el', 'en'];
const LANGUAGE_SETS = [['el'], ['en'], ['sq', 'en'], ['fr']];

/**
 * Groups of subscribers whose answer is known by construction:
 *   A circles in Athens · B circles in Thessaloniki · C whole Greece ·
 *   D whole Albania · E region GR-I (Attica) · F region GR-B (Central Macedonia) ·
 *   G circles centred 30 km from Athens, radius 9 km (G9) or 11 km (G11) ·
 *   H circles in Tirana · I regions AL and GR-I.
 */
type Group = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G9' | 'G11' | 'H' | 'I';

interface Seeded extends SeedSubscriber {
  group: Group;
  id: string;
  stored: StoredArea;
}

function around(
  random: () => number,
  centre: { lat: number; lon: number },
  withinKm: number,
): { lat: number; lon: number } {
  const [lat, lon] = destination(centre.lat, centre.lon, random() * 360, random() * withinKm);
  return { lat, lon };
}

function subscribersOf(random: () => number): Array<Omit<Seeded, 'id' | 'stored'>> {
  const make = (group: Group, count: number, area: () => SubscriberArea) =>
    Array.from({ length: count }, () => ({ group, area: area() }));
  const circle = (centre: { lat: number; lon: number }, radiusKm: number): SubscriberArea => ({
    kind: 'circle',
    ...centre,
    radiusKm,
  });
  const all = [
    ...make('A', 600, () => circle(around(random, ATHENS, 8), 1 + random() * 2)),
    ...make('B', 600, () => circle(around(random, THESSALONIKI, 10), 1 + random() * 4)),
    ...make('C', 300, () => ({ kind: 'country', code: 'GR' })),
    ...make('D', 300, () => ({ kind: 'country', code: 'AL' })),
    ...make('E', 200, () => ({ kind: 'regions', codes: ['GR-I'] })),
    ...make('F', 200, () => ({ kind: 'regions', codes: ['GR-B'] })),
    ...make('G9', 100, () => {
      const [lat, lon] = destination(ATHENS.lat, ATHENS.lon, random() * 360, 30);
      return circle({ lat, lon }, 9);
    }),
    ...make('G11', 100, () => {
      const [lat, lon] = destination(ATHENS.lat, ATHENS.lon, random() * 360, 30);
      return circle({ lat, lon }, 11);
    }),
    ...make('H', 200, () => circle(around(random, TIRANA, 5), 5)),
    ...make('I', 200, () => ({ kind: 'regions', codes: ['AL', 'GR-I'] })),
  ];
  // Shuffled, so every group is spread over the id range and over pages.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.map((subscriber, i) => ({
    ...subscriber,
    languages: LANGUAGE_SETS[i % LANGUAGE_SETS.length],
    testAudience: i % 50 === 0,
  }));
}

async function collect(repository: AudienceRepository, query: RecipientQuery): Promise<Recipient[][]> {
  const batches: Recipient[][] = [];
  for await (const batch of repository.streamRecipients(query)) batches.push(batch);
  return batches;
}

describe('audience selection (e2e)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let sut: AudienceRepository;
  let seeded: Seeded[];

  const query = (area: AlertArea, extra: Partial<RecipientQuery> = {}): RecipientQuery => ({
    channel: 'mobile',
    area,
    languages: ALERT_LANGUAGES,
    testAudienceOnly: false,
    batchSize: 250,
    ...extra,
  });
  const idsWhere = (filter: (s: Seeded) => boolean): string[] =>
    seeded
      .filter(filter)
      .map((s) => s.id)
      .sort((a, b) => Number(a) - Number(b));
  const idsOf = (groups: readonly Group[], filter: (s: Seeded) => boolean = () => true): string[] =>
    idsWhere((s) => groups.includes(s.group) && filter(s));

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    sut = new AudienceRepository(pool);
    const subscribers = subscribersOf(seededRandom(20261123));
    const ids = await seedSubscribers(pool, 'mobile', subscribers);
    seeded = subscribers.map((subscriber, i) => ({
      ...subscriber,
      id: ids[i],
      stored: toStoredArea(subscriber.area),
    }));
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it.each<[string, AlertArea, Group[]]>([
    ['a circle around Athens', { kind: 'circle', ...ATHENS, radiusKm: 20 }, ['A', 'C', 'E', 'F', 'G11', 'I']],
    [
      'a circle around Athens naming its region',
      { kind: 'circle', ...ATHENS, radiusKm: 20, regionCodes: ['GR-I'] },
      ['A', 'C', 'E', 'G11', 'I'],
    ],
    ['a polygon over Attica', { kind: 'polygon', points: ATTICA }, ['A', 'C', 'E', 'F', 'G9', 'G11', 'I']],
    ['the whole of Greece', { kind: 'regions', codes: ['GR'] }, ['A', 'B', 'C', 'E', 'F', 'G9', 'G11', 'I']],
    ['the region of Attica', { kind: 'regions', codes: ['GR-I'] }, ['A', 'B', 'C', 'E', 'G9', 'G11', 'I']],
    ['the whole of Albania', { kind: 'regions', codes: ['AL'] }, ['D', 'H', 'I']],
  ])('%s: exactly the expected subscribers, once each, in full batches', async (_name, area, groups) => {
    const batches = await collect(sut, query(area));
    const recipients = batches.flat();
    const ids = recipients.map((recipient) => recipient.id);

    expect(ids).toEqual(idsOf(groups));
    // The prefilter dropped nothing the exact test would take: same as checking every row in memory.
    const matcher = new AlertAreaMatcher(area);
    expect(ids).toEqual(idsWhere((s) => matcher.matches(s.stored)));
    expect(batches.slice(0, -1).every((batch) => batch.length === 250)).toBe(true);
    expect(batches.at(-1)!.length).toBeGreaterThan(0);
    const byId = new Map(seeded.map((s) => [s.id, s]));
    for (const recipient of recipients) {
      expect(recipient.language).toBe(bestLanguage(byId.get(recipient.id)!.languages, ALERT_LANGUAGES));
    }
    expect(new Set(recipients.map((r) => r.language))).toEqual(new Set(['el', 'en']));
  });

  it('reaches only the test audience for an exercise', async () => {
    const recipients = (
      await collect(sut, query({ kind: 'regions', codes: ['GR'] }, { testAudienceOnly: true }))
    ).flat();
    const expected = idsOf(['A', 'B', 'C', 'E', 'F', 'G9', 'G11', 'I'], (s) => s.testAudience === true);
    expect(expected.length).toBeGreaterThan(20);
    expect(recipients.map((r) => r.id)).toEqual(expected);
  });

  it('resumes after the last id sent, and stops at a watermark', async () => {
    const area: AlertArea = { kind: 'regions', codes: ['GR'] };
    const all = (await collect(sut, query(area))).flat().map((r) => r.id);
    const firstTwo = (await collect(sut, query(area)))
      .slice(0, 2)
      .flat()
      .map((r) => r.id);
    const rest = (await collect(sut, query(area, { after: firstTwo.at(-1) }))).flat().map((r) => r.id);
    expect([...firstTwo, ...rest]).toEqual(all);

    const watermark = await sut.highWatermark('mobile');
    expect(watermark).toBe(
      seeded
        .map((s) => s.id)
        .sort((a, b) => Number(a) - Number(b))
        .at(-1),
    );
    const [late] = await seedSubscribers(pool, 'mobile', [
      { area: { kind: 'country', code: 'GR' }, languages: ['el'] },
    ]);
    try {
      expect(await sut.countRecipients(query(area, { upTo: watermark }))).toBe(all.length);
      expect(await sut.countRecipients(query(area))).toBe(all.length + 1);
    } finally {
      expect(await sut.deleteSubscription('mobile', late)).toBe(true);
      expect(await sut.deleteSubscription('mobile', late)).toBe(false);
    }
  });

  it('never selects an unconfirmed e-mail address, nor loads one', async () => {
    const inAthens = (confirmed: boolean): SeedSubscriber => ({
      area: { kind: 'circle', ...ATHENS, radiusKm: 5 },
      languages: ['el'],
      confirmed,
    });
    const ids = await seedSubscribers(pool, 'email', [
      ...Array(30).fill(inAthens(true)),
      ...Array(30).fill(inAthens(false)),
    ]);
    const selected = (
      await collect(sut, { ...query({ kind: 'circle', ...ATHENS, radiusKm: 1 }), channel: 'email' })
    )
      .flat()
      .map((r) => r.id);
    expect(selected).toEqual(ids.slice(0, 30));
    const loaded = await sut.loadRecipients('email', ids);
    expect([...loaded.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(ids.slice(0, 30));
  });

  it('streams a 100,000-row national audience with flat memory', async () => {
    await pool.query(`
      INSERT INTO webpush_subscriptions (endpoint, p256dh, auth, languages, area_kind, lat, lon, radius_km,
                                         min_lat, max_lat, min_lon, max_lon, region_codes, countries)
      SELECT 'https://push.example.net/send/' || g || '-' || md5(g::text), repeat('A', 87), repeat('B', 22),
             ARRAY['el', 'en'],
             CASE WHEN g % 2 = 0 THEN 'circle' ELSE 'regions' END,
             CASE WHEN g % 2 = 0 THEN 35.5 + (g % 500) / 100.0 END,
             CASE WHEN g % 2 = 0 THEN 21.5 + (g % 300) / 100.0 END,
             CASE WHEN g % 2 = 0 THEN 5 END,
             CASE WHEN g % 2 = 0 THEN 35.4 + (g % 500) / 100.0 END,
             CASE WHEN g % 2 = 0 THEN 35.6 + (g % 500) / 100.0 END,
             CASE WHEN g % 2 = 0 THEN 21.4 + (g % 300) / 100.0 END,
             CASE WHEN g % 2 = 0 THEN 21.6 + (g % 300) / 100.0 END,
             CASE WHEN g % 2 = 1 THEN ARRAY['GR'] END,
             ARRAY['GR']
        FROM generate_series(1, 100000) AS g`);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };

    const before = heap();
    let recipients = 0;
    let batches = 0;
    let peakLive = 0;
    let peakRaw = 0;
    const started = performance.now();
    for await (const batch of sut.streamRecipients({
      channel: 'webpush',
      area: { kind: 'regions', codes: ['GR'] },
      languages: ['el'],
      testAudienceOnly: false,
      batchSize: 1000,
    })) {
      recipients += batch.length;
      batches += 1;
      peakRaw = Math.max(peakRaw, process.memoryUsage().heapUsed - before);
      if (batches % 10 === 0) peakLive = Math.max(peakLive, heap() - before);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = heap() - before;

    // For scale: the same rows held at once, as a naive SELECT would.
    const held = await pool.query(
      'SELECT id::text AS id, languages, area_kind, lat, lon, radius_km, region_codes, countries FROM webpush_subscriptions',
    );
    const materialised = heap() - before;
    expect(held.rows).toHaveLength(100_000);

    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    process.stdout.write(
      `audience stream: ${recipients} recipients in ${batches} batches, ${seconds.toFixed(2)} s ` +
        `(${Math.round(recipients / seconds)}/s); heap over baseline: live peak ${mb(peakLive)}, ` +
        `raw peak ${mb(peakRaw)}, after ${mb(after)}; all rows held at once: ${mb(materialised)}\n`,
    );
    expect(recipients).toBe(100_000);
    expect(batches).toBe(100);
    // Bounded by one window of rows (4,000 here) and one batch, whatever the audience's size.
    expect(peakLive).toBeLessThan(16 * 1024 * 1024);
    expect(peakLive * 4).toBeLessThan(materialised);
    expect(after).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);
});
