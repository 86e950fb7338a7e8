import { createECDH, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { CountingFcm, CountingRelay } from './counting-receivers';

/** Rows per INSERT … SELECT: generated in the database, so a million costs seconds. */
const CHUNK = 50_000;

/** Everyone lives around Athens (10 km circles), so a 30 km alert there reaches them all; languages alternate. */
const AREA_COLUMNS = `area_kind, lat, lon, radius_km, min_lat, max_lat, min_lon, max_lon, countries`;
const AREA_VALUES = `'circle', 37.98, 23.72, 10, 37.89, 38.07, 23.61, 23.83, '{GR}'`;
const LANGUAGE = `ARRAY[CASE WHEN g % 2 = 0 THEN 'el' ELSE 'en' END]`;

async function inChunks(
  count: number,
  insert: (from: number, to: number) => Promise<unknown>,
): Promise<void> {
  for (let from = 0; from < count; from += CHUNK) await insert(from, Math.min(count, from + CHUNK) - 1);
}

/**
 * Browser subscriptions `0..count-1` whose endpoints carry their number. Their
 * keys are real P-256 points and auth secrets, drawn from a pool of 64 (the
 * worker encrypts each message with a fresh key of its own either way).
 */
export async function seedWebpush(pool: Pool, endpointOf: (index: number) => string, count: number) {
  const keys = Array.from({ length: 64 }, () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  });
  const base = endpointOf(0).replace(/0$/, '');
  await inChunks(count, (from, to) =>
    pool.query(
      `INSERT INTO webpush_subscriptions (endpoint, p256dh, auth, languages, ${AREA_COLUMNS})
       SELECT $1 || g, ($2::text[])[1 + g % 64], ($3::text[])[1 + g % 64], ${LANGUAGE}, ${AREA_VALUES}
         FROM generate_series($4::int, $5::int) AS g`,
      [base, keys.map((k) => k.p256dh), keys.map((k) => k.auth), from, to],
    ),
  );
}

/** App installations `0..count-1`, their FCM tokens carrying their number; a third are iOS. */
export async function seedMobile(pool: Pool, count: number) {
  const token = CountingFcm.token(0);
  const [prefix, suffix] = [token.slice(0, 1), token.slice(2)];
  await inChunks(count, (from, to) =>
    pool.query(
      `INSERT INTO mobile_subscriptions (token, platform, languages, ${AREA_COLUMNS})
       SELECT $1 || g || $2, CASE WHEN g % 3 = 2 THEN 'ios' ELSE 'android' END, ${LANGUAGE}, ${AREA_VALUES}
         FROM generate_series($3::int, $4::int) AS g`,
      [prefix, suffix, from, to],
    ),
  );
}

/** Confirmed e-mail subscribers `0..count-1` at n<n>@national.test. */
export async function seedEmail(pool: Pool, count: number) {
  const [local, domain] = CountingRelay.address(0).split('0@');
  await inChunks(count, (from, to) =>
    pool.query(
      `INSERT INTO email_subscriptions (address, languages, ${AREA_COLUMNS}, confirmed_at,
                                        confirmation_nonce, confirmation_expires_at)
       SELECT $1 || g || '@' || $2, ${LANGUAGE}, ${AREA_VALUES}, now(), 'national-seed-nonce-0123',
              now() + interval '1 day'
         FROM generate_series($3::int, $4::int) AS g`,
      [local, domain, from, to],
    ),
  );
}
