import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { messageOf } from '@childalert/platform';
import { MigrationError } from './migration.error';
import {
  type AppliedMigration,
  type MigrationFile,
  planMigrations,
  toMigrationFiles,
} from './migration-plan';

/**
 * One constant key for pg_advisory_lock: every process that migrates the same
 * database waits for the one holding it, so eight apps starting together
 * apply each migration exactly once.
 */
export const MIGRATION_LOCK_KEY = 7_240_115_001;

export interface MigrateOptions {
  url: string;
  /** Folder of NNNN_name.sql files; defaults to libs/persistence/migrations. */
  dir?: string;
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** File names applied by this call, in order. */
  applied: string[];
  /** How many were applied earlier. */
  alreadyApplied: number;
}

/**
 * The migrations folder, found from the TypeScript source
 * (libs/persistence/src/migration) and from any compiled copy of it (e.g.
 * dist/libs/persistence/src/migration) by looking upwards for
 * libs/persistence/migrations, so the build need not copy the SQL.
 */
export function defaultMigrationsDir(): string {
  const candidates = [path.resolve(__dirname, '../../migrations')];
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'libs', 'persistence', 'migrations'));
  }
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new MigrationError(`no libs/persistence/migrations folder above ${__dirname}`);
  return found;
}

export function readMigrations(dir: string = defaultMigrationsDir()): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((fileName) => fileName.endsWith('.sql'))
    .map((fileName) => ({ fileName, sql: readFileSync(path.join(dir, fileName), 'utf8') }));
  return toMigrationFiles(files);
}

/**
 * Applies the pending migrations, each in its own transaction, under an
 * advisory lock; recorded in schema_migrations. Safe to call from every
 * process at start: the second caller finds nothing to do.
 */
export async function runMigrations(options: MigrateOptions | string): Promise<MigrateResult> {
  const { url, dir, log = () => undefined } = typeof options === 'string' ? { url: options } : options;
  const files = readMigrations(dir);
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    application_name: 'childalert-migrator',
  });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, files, log);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: Client,
  files: MigrationFile[],
  log: (message: string) => void,
): Promise<MigrateResult> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await client.query<AppliedMigration>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  const pending = planMigrations(files, rows);
  const applied: string[] = [];
  for (const migration of pending) {
    const started = Date.now();
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      const reason = messageOf(error);
      throw new MigrationError(`${migration.fileName} failed and was rolled back: ${reason}`, {
        cause: error,
      });
    }
    applied.push(migration.fileName);
    log(`applied ${migration.fileName} in ${Date.now() - started} ms`);
  }
  return { applied, alreadyApplied: rows.length };
}
