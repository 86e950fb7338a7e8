import type { Pool } from 'pg';
import type { BrowserSubscription, PushService } from './push-service';

export interface SeededPushSubscriber {
  id: string;
  language: string;
  subscription: BrowserSubscription;
}

/**
 * Browser push subscriptions around Athens on the loopback push service, as
 * POST /v1/subscriptions/webpush leaves them; written in one statement per
 * few thousand so large audiences are cheap. Languages alternate.
 */
export async function seedPushSubscribers(
  pool: Pool,
  service: PushService,
  count: number,
  options: { languages?: string[] } = {},
): Promise<SeededPushSubscriber[]> {
  const languages = options.languages ?? ['el', 'en'];
  const seeded: SeededPushSubscriber[] = [];
  const chunk = 5_000;
  for (let start = 0; start < count; start += chunk) {
    const subscriptions = Array.from({ length: Math.min(chunk, count - start) }, () => service.subscribe());
    const langs = subscriptions.map((_, i) => languages[(start + i) % languages.length]);
    const { rows } = await pool.query<{ id: string; endpoint: string }>(
      `INSERT INTO webpush_subscriptions (endpoint, p256dh, auth, languages, area_kind, lat, lon, radius_km,
                                          min_lat, max_lat, min_lon, max_lon, countries)
       SELECT e, p, a, ARRAY[l], 'circle', 37.98, 23.72, 10, 37.89, 38.07, 23.61, 23.83, '{GR}'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(e, p, a, l)
       RETURNING id::text AS id, endpoint`,
      [
        subscriptions.map((s) => s.endpoint),
        subscriptions.map((s) => s.keys.p256dh),
        subscriptions.map((s) => s.keys.auth),
        langs,
      ],
    );
    const byEndpoint = new Map(subscriptions.map((s, i) => [s.endpoint, { s, language: langs[i] }]));
    for (const row of rows) {
      const { s, language } = byEndpoint.get(row.endpoint)!;
      seeded.push({ id: row.id, language, subscription: s });
    }
  }
  return seeded;
}

/** What a dispatcher puts in a batch for them: id and language only. */
export function recipientsOf(
  subscribers: readonly SeededPushSubscriber[],
): { id: string; language: string }[] {
  return subscribers.map(({ id, language }) => ({ id, language }));
}
