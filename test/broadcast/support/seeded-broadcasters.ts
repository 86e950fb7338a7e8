import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { BroadcastReceiver } from './broadcast-receiver';

export interface SeededBroadcaster {
  id: string;
  path: string;
  language: string;
}

/**
 * `count` active broadcasters written straight into the table (the worker's
 * side does not need the admin API), each with its own path on the receiver,
 * its own secret trusted there, JSON format, alternating el/en.
 */
export async function seedBroadcasters(
  pool: Pool,
  receiver: BroadcastReceiver,
  count: number,
  formats: string[] = ['json'],
): Promise<SeededBroadcaster[]> {
  const seeded: SeededBroadcaster[] = [];
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const path = `/hooks/${id}`;
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const language = i % 2 === 0 ? 'el' : 'en';
    receiver.trust(path, secret);
    seeded.push({ id, path, language });
    rows.push([id, `Broadcaster ${i}`, receiver.url(path), [language], secret]);
  }
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await pool.query(
      `INSERT INTO broadcasters (id, name, webhook_url, languages, area, countries, formats, signing_secret, created_by)
       SELECT r.id::uuid, r.name, r.url, ARRAY[r.lang], '{"kind":"regions","codes":["GR"],"countries":["GR"]}'::jsonb,
              '{GR}', $2::text[], r.secret, 'test'
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, url text, lang text, secret text)`,
      [
        JSON.stringify(
          chunk.map(([id, name, url, langs, secret]) => ({
            id,
            name,
            url,
            lang: (langs as string[])[0],
            secret,
          })),
        ),
        formats,
      ],
    );
  }
  return seeded;
}

export const recipientsOf = (broadcasters: readonly SeededBroadcaster[]) =>
  broadcasters.map((b) => ({ id: b.id, language: b.language }));
