import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { type SubscriberArea, toStoredArea } from '@childalert/audience';

export interface SeedSubscriber {
  area: SubscriberArea;
  languages: string[];
  testAudience?: boolean;
  /** E-mail only; default true. */
  confirmed?: boolean;
}

const CHUNK = 1000;

/**
 * Inserts subscribers straight into a channel's table (as the API would
 * store them) and returns their ids in the order given. Contact data is
 * made up and valid for the table's checks.
 */
export async function seedSubscribers(
  pool: Pool,
  channel: 'webpush' | 'mobile' | 'email',
  subscribers: readonly SeedSubscriber[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < subscribers.length; start += CHUNK) {
    const rows = subscribers.slice(start, start + CHUNK).map((subscriber, i) => {
      const area = toStoredArea(subscriber.area);
      const unique = `${start + i}-${randomBytes(8).toString('hex')}`;
      return {
        contact: contactOf(channel, unique),
        languages: subscriber.languages,
        area_kind: area.kind,
        lat: area.kind === 'circle' ? area.lat : null,
        lon: area.kind === 'circle' ? area.lon : null,
        radius_km: area.kind === 'circle' ? area.radiusKm : null,
        min_lat: area.kind === 'circle' ? area.box.minLat : null,
        max_lat: area.kind === 'circle' ? area.box.maxLat : null,
        min_lon: area.kind === 'circle' ? area.box.minLon : null,
        max_lon: area.kind === 'circle' ? area.box.maxLon : null,
        region_codes: area.kind === 'regions' ? area.codes : null,
        countries: area.countries,
        test_audience: subscriber.testAudience ?? false,
        confirmed: subscriber.confirmed ?? true,
      };
    });
    const { rows: inserted } = await pool.query<{ id: string; contact: string }>(
      `INSERT INTO ${TABLE[channel]} (${CONTACT_COLUMNS[channel]}, languages, area_kind, lat, lon, radius_km,
              min_lat, max_lat, min_lon, max_lon, region_codes, countries, test_audience)
       SELECT ${CONTACT_VALUES[channel]},
              ARRAY(SELECT jsonb_array_elements_text(r.languages)), r.area_kind, r.lat, r.lon, r.radius_km,
              r.min_lat, r.max_lat, r.min_lon, r.max_lon,
              CASE WHEN jsonb_typeof(r.region_codes) = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(r.region_codes)) END,
              ARRAY(SELECT jsonb_array_elements_text(r.countries)), r.test_audience
         FROM jsonb_to_recordset($1::jsonb) AS r(
              contact text, languages jsonb, area_kind text, lat float8, lon float8, radius_km float8,
              min_lat float8, max_lat float8, min_lon float8, max_lon float8, region_codes jsonb,
              countries jsonb, test_audience boolean, confirmed boolean)
       RETURNING id::text AS id, ${CONTACT_COLUMNS[channel].split(',')[0]} AS contact`,
      [JSON.stringify(rows)],
    );
    const idOf = new Map(inserted.map((row) => [row.contact, row.id]));
    ids.push(...rows.map((row) => idOf.get(row.contact)!));
  }
  return ids;
}

const TABLE = {
  webpush: 'webpush_subscriptions',
  mobile: 'mobile_subscriptions',
  email: 'email_subscriptions',
};

const CONTACT_COLUMNS = {
  webpush: 'endpoint, p256dh, auth',
  mobile: 'token, platform',
  email: 'address, confirmation_nonce, confirmation_expires_at, confirmed_at',
};

const CONTACT_VALUES = {
  webpush: `r.contact, repeat('A', 87), repeat('B', 22)`,
  mobile: `r.contact, 'android'`,
  email: `r.contact, 'seedseedseedseed', now() + interval '1 day', CASE WHEN r.confirmed THEN now() END`,
};

function contactOf(channel: 'webpush' | 'mobile' | 'email', unique: string): string {
  switch (channel) {
    case 'webpush':
      return `https://push.example.net/send/${unique}`;
    case 'mobile':
      return `seed-token-${unique}-${'x'.repeat(40)}`;
    case 'email':
      return `seed-${unique}@example.org`;
  }
}

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
