import type { Pool } from 'pg';

/**
 * A digest of every row of every table of the application's schema: two equal
 * fingerprints mean the database did not change in between. For the small
 * databases of tests only (it reads everything).
 */
export async function databaseFingerprint(pool: Pool): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query<{ rows: string; digest: string | null }>(
      `SELECT count(*)::text AS rows, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS digest FROM ${name} t`,
    );
    fingerprint[name] = `${rows[0].rows}:${rows[0].digest ?? ''}`;
  }
  return fingerprint;
}
