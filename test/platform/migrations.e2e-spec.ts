import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MigrationError, readMigrations, runMigrations } from '@childalert/persistence';
import { createTestDatabase, type TestDatabase } from '../support/database';

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  let database: TestDatabase;
  let scratch: string | undefined;

  beforeEach(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterEach(async () => {
    await database.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  function migrationsDir(files: Record<string, string>): string {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'childalert-migrations-'));
    for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(scratch, name), sql);
    return scratch;
  }

  it('applies every migration to a fresh database and records it', async () => {
    const files = readMigrations();

    const result = await runMigrations(database.url);

    expect(result).toEqual({ applied: files.map((file) => file.fileName), alreadyApplied: 0 });
    const rows = await query(
      database.url,
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(files.map(({ version, name, checksum }) => ({ version, name, checksum })));
    const tables = await query(database.url, "SELECT to_regclass('processed_events')::text AS name");
    expect(tables).toEqual([{ name: 'processed_events' }]);
  });

  it('does nothing the second time', async () => {
    const count = readMigrations().length;
    await runMigrations(database.url);

    const result = await runMigrations(database.url);

    expect(result).toEqual({ applied: [], alreadyApplied: count });
    const [{ rows }] = await query<{ rows: string }>(
      database.url,
      'SELECT count(*)::text AS rows FROM schema_migrations',
    );
    expect(rows).toBe(String(count));
  });

  it('applies each migration once when eight processes start together', async () => {
    const files = readMigrations();

    const results = await Promise.all(Array.from({ length: 8 }, () => runMigrations(database.url)));

    const appliers = results.filter((result) => result.applied.length > 0);
    expect(appliers).toEqual([{ applied: files.map((file) => file.fileName), alreadyApplied: 0 }]);
    expect(results.filter((result) => result.applied.length === 0)).toHaveLength(7);
    const [{ rows }] = await query<{ rows: string }>(
      database.url,
      'SELECT count(*)::text AS rows FROM schema_migrations',
    );
    expect(rows).toBe(String(files.length));
  });

  it('applies only what is new', async () => {
    const dir = migrationsDir({ '0001_first.sql': 'CREATE TABLE first (id int);' });
    await runMigrations({ url: database.url, dir });
    writeFileSync(path.join(dir, '0002_second.sql'), 'CREATE TABLE second (id int);');

    const result = await runMigrations({ url: database.url, dir });

    expect(result).toEqual({ applied: ['0002_second.sql'], alreadyApplied: 1 });
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = migrationsDir({ '0001_first.sql': 'CREATE TABLE first (id int);' });
    await runMigrations({ url: database.url, dir });
    writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE first (id bigint);');

    const attempt = runMigrations({ url: database.url, dir });

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(runMigrations({ url: database.url, dir })).rejects.toThrow(
      /^0001_first\.sql changed after it was applied/,
    );
  });

  it('rolls back a failing migration entirely and keeps the ones before it', async () => {
    const dir = migrationsDir({
      '0001_first.sql': 'CREATE TABLE first (id int);',
      '0002_broken.sql': 'CREATE TABLE half (id int);\nSELECT * FROM no_such_table;',
    });

    await expect(runMigrations({ url: database.url, dir })).rejects.toThrow(
      '0002_broken.sql failed and was rolled back: relation "no_such_table" does not exist',
    );

    const versions = await query(database.url, 'SELECT version FROM schema_migrations');
    expect(versions).toEqual([{ version: 1 }]);
    const tables = await query(
      database.url,
      "SELECT to_regclass('first')::text AS first, to_regclass('half')::text AS half",
    );
    expect(tables).toEqual([{ first: 'first', half: null }]);
  });

  it('releases the lock after a failure, so the next run can proceed', async () => {
    const dir = migrationsDir({ '0001_broken.sql': 'SELECT * FROM no_such_table;' });
    await expect(runMigrations({ url: database.url, dir })).rejects.toThrow(MigrationError);
    writeFileSync(path.join(dir, '0001_broken.sql'), 'CREATE TABLE fixed (id int);');

    await expect(runMigrations({ url: database.url, dir })).resolves.toEqual({
      applied: ['0001_broken.sql'],
      alreadyApplied: 0,
    });
  });
});
