import { createHash } from 'node:crypto';
import { MigrationError } from './migration.error';

/** A migration file: `0001_processed_events.sql` → version 1, name `processed_events`. */
export interface MigrationFile {
  version: number;
  name: string;
  fileName: string;
  sql: string;
  checksum: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

/** Version and name from a file name, or undefined when it breaks the pattern. */
export function parseMigrationFileName(fileName: string): { version: number; name: string } | undefined {
  const match = FILE_NAME.exec(fileName);
  if (!match) return undefined;
  return { version: Number(match[1]), name: match[2] };
}

/** Line endings do not count, so a checkout with CRLF does not look like an edit. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Builds the ordered list of migrations from `.sql` files (name → content). */
export function toMigrationFiles(files: ReadonlyArray<{ fileName: string; sql: string }>): MigrationFile[] {
  const migrations: MigrationFile[] = [];
  for (const { fileName, sql } of files) {
    const parsed = parseMigrationFileName(fileName);
    if (!parsed) {
      throw new MigrationError(
        `${fileName}: a migration file is named NNNN_lower_snake_name.sql (e.g. 0002_alerts.sql)`,
      );
    }
    const clash = migrations.find((migration) => migration.version === parsed.version);
    if (clash) {
      throw new MigrationError(`${fileName} and ${clash.fileName} share version ${parsed.version}`);
    }
    migrations.push({ ...parsed, fileName, sql, checksum: migrationChecksum(sql) });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * The migrations still to apply, in order. An applied migration whose file
 * changed, or that this build does not have, is an error: the database would
 * no longer match what the code expects.
 */
export function planMigrations(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationFile[] {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `the database has migration ${pad(row.version)}_${row.name}, which this build does not have; ` +
          'run a build that includes it',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `${file.fileName} changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${file.checksum.slice(0, 12)}… on disk); never edit an applied migration, add a new one`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return files.filter((file) => !done.has(file.version));
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}
