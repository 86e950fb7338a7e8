import type { Pool } from 'pg';
import type { FcmReceiver } from './fcm-receiver';

export interface SeededMobileSubscriber {
  id: string;
  language: string;
  token: string;
  platform: 'android' | 'ios';
}

/**
 * App installations around Athens registered on the loopback FCM receiver,
 * as POST /v1/subscriptions/mobile leaves them; written in one statement per
 * few thousand so large audiences are cheap. Languages and platforms alternate.
 */
export async function seedMobileSubscribers(
  pool: Pool,
  receiver: FcmReceiver,
  count: number,
  options: { languages?: string[] } = {},
): Promise<SeededMobileSubscriber[]> {
  const languages = options.languages ?? ['el', 'en'];
  const seeded: SeededMobileSubscriber[] = [];
  const chunk = 5_000;
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    const tokens = Array.from({ length: size }, () => receiver.register());
    const langs = tokens.map((_, i) => languages[(start + i) % languages.length]);
    const platforms = tokens.map((_, i): 'android' | 'ios' => ((start + i) % 3 === 2 ? 'ios' : 'android'));
    const { rows } = await pool.query<{ id: string; token: string }>(
      `INSERT INTO mobile_subscriptions (token, platform, languages, area_kind, lat, lon, radius_km,
                                         min_lat, max_lat, min_lon, max_lon, countries)
       SELECT t, p, ARRAY[l], 'circle', 37.98, 23.72, 10, 37.89, 38.07, 23.61, 23.83, '{GR}'
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, p, l)
       RETURNING id::text AS id, token`,
      [tokens, platforms, langs],
    );
    const byToken = new Map(tokens.map((token, i) => [token, i]));
    for (const row of rows) {
      const i = byToken.get(row.token)!;
      seeded.push({ id: row.id, language: langs[i], token: row.token, platform: platforms[i] });
    }
  }
  return seeded;
}

/** What a dispatcher puts in a batch for them: id and language only. */
export function recipientsOf(
  subscribers: readonly SeededMobileSubscriber[],
): { id: string; language: string }[] {
  return subscribers.map(({ id, language }) => ({ id, language }));
}
