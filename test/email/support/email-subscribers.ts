import type { Pool } from 'pg';

export interface SeededSubscriber {
  id: string;
  address: string;
  language: string;
}

/**
 * Confirmed e-mail subscribers around Athens, as the subscription API leaves
 * them after the double opt-in; written in one statement so thousands are
 * cheap. Languages alternate over `languages`.
 */
export async function seedEmailSubscribers(
  pool: Pool,
  count: number,
  options: { languages?: string[]; confirmed?: boolean; prefix?: string } = {},
): Promise<SeededSubscriber[]> {
  const languages = options.languages ?? ['el', 'en'];
  const prefix = options.prefix ?? 'person';
  const { rows } = await pool.query<SeededSubscriber>(
    `INSERT INTO email_subscriptions (address, languages, area_kind, lat, lon, radius_km, min_lat, max_lat,
                                      min_lon, max_lon, countries, confirmed_at, confirmation_nonce,
                                      confirmation_expires_at)
     SELECT $1 || '-' || n || '@example.org', ARRAY[($2::text[])[1 + (n - 1) % cardinality($2::text[])]],
            'circle', 37.98, 23.72, 10, 37.89, 38.07, 23.61, 23.83, '{GR}',
            CASE WHEN $4 THEN now() END, 'nonce-0123456789abcdef', now() + interval '2 days'
       FROM generate_series(1, $3::int) AS n
     RETURNING id::text AS id, address, languages[1] AS language`,
    [prefix, languages, count, options.confirmed ?? true],
  );
  return rows;
}
