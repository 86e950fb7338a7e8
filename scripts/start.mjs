// `npm start`: the whole system on one machine. Installs what is missing,
// builds, starts Kafka (unless KAFKA_BROKERS is set) and an embedded
// PostgreSQL (unless DATABASE_URL is set), migrates, starts the eight apps,
// waits until every one is ready, prints the URLs and the demo logins.
// Ctrl-C stops the apps, then PostgreSQL, then Kafka.
//
// Settings (environment): KAFKA_BROKERS, DATABASE_URL, <APP>_PORT (e.g.
// ALERT_API_PORT), HOST, LOG_LEVEL, LOG_FORMAT=json (raw JSON lines),
// SKIP_BUILD=1 (run the existing dist/), START_TIMEOUT_MS (default 120000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppProcess, describeExit } from './lib/app-process.mjs';
import { demoLogins } from './lib/demo-logins.mjs';
import { PidFile } from './lib/leftovers.mjs';
import { createLineWriter } from './lib/log-format.mjs';
import { runInOwnProcessGroup, watchLauncher } from './lib/process-group.mjs';
import { portOrFree } from './lib/ports.mjs';

const scriptPath = fileURLToPath(import.meta.url);
await runInOwnProcessGroup(scriptPath);

const root = path.resolve(path.dirname(scriptPath), '..');
const dataDir = path.join(root, '.data');
const dist = path.join(root, 'dist');
const preload = path.join(root, 'scripts', 'lib', 'register-aliases.cjs');
const require = createRequire(import.meta.url);
const startedAt = Date.now();
const timeoutMs = Number(process.env.START_TIMEOUT_MS ?? 120_000);
const host = process.env.HOST || '127.0.0.1';

const lines = createLineWriter({
  pretty: process.env.LOG_FORMAT !== 'json',
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  width: 16,
});
const say = lines.forSource('start');
const loud = (text) => say(lines.paint('1;31', text));

/** What is running, in start order; stopped in reverse kind order: apps, PostgreSQL, Kafka. */
const running = { apps: [], postgres: undefined, kafka: undefined, task: undefined };
const pids = new PidFile(path.join(dataDir, 'start.pids'));
let stopping = false;
let stopAt = 0;
let firstSignalAt = 0;
/** The start sequence, and Kafka's start running beside the build: shutdown waits for both. */
let startup = Promise.resolve();
let kafkaStarting = Promise.resolve();

class Stopped extends Error {}

function abortIfStopping() {
  if (stopping) throw new Stopped('stopped during start');
}

async function timed(what, work) {
  const started = Date.now();
  const result = await work();
  const ms = Date.now() - started;
  return { result, ms, note: `${what} ${(ms / 1000).toFixed(1)} s` };
}

/** Asynchronous, so Kafka starts meanwhile and a Ctrl-C is heard. */
function run(command, args, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    running.task = child;
    child.once('error', (error) => reject(new Error(`${what}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}

async function install() {
  if (existsSync(path.join(root, 'node_modules'))) return false;
  say('node_modules is missing: npm ci');
  await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci'], 'npm ci');
  return true;
}

async function build() {
  if (process.env.SKIP_BUILD === '1') {
    say('SKIP_BUILD=1: using dist/ as it is');
    return;
  }
  const buildInfo = path.join(dist, '.start.tsbuildinfo');
  // An incremental build trusts its record; if outputs went missing, start afresh.
  const complete = ['alert-api', 'dispatcher'].every((app) =>
    existsSync(path.join(dist, 'apps', app, 'src', 'main.js')),
  );
  if (!complete) rmSync(buildInfo, { force: true });
  say('building (tsc -p tsconfig.build.json)');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', buildInfo],
    'the build',
  );
  // The operator console (web/, React) into dist/web, served by alert-api under /console.
  say('building the console (vite build)');
  await run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    'the console build',
  );
}

function checkJava() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Kafka needs a Java runtime (JDK 17 or later) on PATH, or set KAFKA_BROKERS to a running cluster',
    );
  }
}

async function startKafka() {
  if (process.env.KAFKA_BROKERS) {
    say(`Kafka: using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
    return { brokers: process.env.KAFKA_BROKERS, external: true };
  }
  checkJava();
  const { startBroker } = await import('./kafka/broker.mjs');
  const kafkaDir = path.join(dataDir, 'kafka');
  const port = await portOrFree(9092, 'Kafka', say);
  const controllerPort = await portOrFree(9093, "Kafka's controller", say);
  say(`Kafka: starting a broker on 127.0.0.1:${port} (data in .data/kafka)`);
  const broker = await startBroker({ dataDir: kafkaDir, port, controllerPort });
  running.kafka = broker;
  pids.add('kafka', broker.pid, path.join(kafkaDir, 'server.properties'));
  say(`Kafka: ready at ${broker.brokers} in ${(broker.startMs / 1000).toFixed(1)} s`);
  return { brokers: broker.brokers, external: false };
}

async function startPostgres(persistence) {
  if (process.env.DATABASE_URL) {
    say(`PostgreSQL: using DATABASE_URL (${redact(process.env.DATABASE_URL)})`);
    return { url: process.env.DATABASE_URL, external: true };
  }
  const pgDir = path.join(dataDir, 'postgres');
  const port = await portOrFree(5433, 'PostgreSQL', say);
  say(`PostgreSQL: starting the embedded server on 127.0.0.1:${port} (data in .data/postgres)`);
  const server = await persistence.startEmbeddedPostgres({ dataDir: pgDir, port });
  running.postgres = server;
  const pidLine = readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0];
  pids.add('postgres', Number(pidLine), pgDir);
  say(`PostgreSQL: ready in ${(server.startMs / 1000).toFixed(1)} s`);
  return { url: server.url, external: false };
}

async function startApps(config, kafka, database) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    KAFKA_BROKERS: kafka.brokers,
    DATABASE_URL: database.url,
    HOST: host,
    // A local demo talks to receivers on loopback (ARCHITECTURE.md: tests and local demos only).
    ALLOW_PRIVATE_ENDPOINTS: process.env.ALLOW_PRIVATE_ENDPOINTS || 'true',
  };
  for (const name of config.APP_NAMES) {
    const variable = config.appPortVariable(name);
    const preferred = Number(process.env[variable] || config.APP_PORTS[name]);
    const port = await portOrFree(
      preferred,
      `${name} (set ${variable} to choose)`,
      say,
      host === '0.0.0.0' ? '0.0.0.0' : host,
    );
    const app = new AppProcess({
      name,
      port,
      host,
      entry: path.join(dist, 'apps', name, 'src', 'main.js'),
      preload,
      env,
      cwd: root,
      write: lines.forSource(name),
    });
    running.apps.push(app.start());
    pids.add(name, app.pid, path.join('apps', name, 'src', 'main.js'));
    void app.exited.then((exit) => {
      if (!stopping && !app.stopping) {
        loud(
          `!!! ${name} DIED (${describeExit(exit)}). The rest keeps running without it; its last lines are above.`,
        );
        loud('!!! Ctrl-C stops everything; then npm start again.');
      }
    });
  }
  await Promise.all(running.apps.map((app) => app.waitUntilReady(timeoutMs, () => stopping)));
}

async function printSummary(kafka, database, timings) {
  const api = running.apps.find((app) => app.name === 'alert-api');
  const out = [
    '',
    lines.paint(
      '1;32',
      `childalert is up: ${running.apps.length} apps ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    ) + lines.paint(90, ` (${timings.join(', ')})`),
    '',
    ...running.apps.map(
      (app) =>
        `  ${app.name.padEnd(17)} ${app.url}   ${lines.paint(90, `${app.url}/health/ready  ${app.url}/metrics`)}`,
    ),
    '',
    ...(api
      ? [
          `  Console           ${api.url}/console   ${lines.paint(90, `public pages: ${api.url}/subscribe, ${api.url}/widget.js`)}`,
        ]
      : []),
    `  Kafka             ${kafka.brokers}${kafka.external ? '' : lines.paint(90, '   (started here, data in .data/kafka)')}`,
    `  PostgreSQL        ${redact(database.url)}${database.external ? '' : lines.paint(90, '   (embedded, data in .data/postgres)')}`,
    '',
    'Demo logins:',
  ];
  const logins = await demoLogins({ databaseUrl: database.url, apiUrl: api?.url ?? '' });
  if (logins.length === 0)
    out.push(lines.paint(90, '  none yet (the auth work adds them in scripts/lib/demo-logins.mjs)'));
  for (const login of logins) out.push(`  ${login.role.padEnd(17)} ${login.login}  /  ${login.password}`);
  out.push('', 'Ctrl-C stops everything.', '');
  for (const line of out) say(line);
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Apps first (they may still write), then PostgreSQL, then Kafka. */
async function shutdown(reason, code) {
  if (stopping) return;
  stopping = true;
  stopAt = Date.now();
  say(`stopping (${reason})...`);
  running.task?.kill('SIGTERM');
  // Let a step in progress finish, so nothing it starts is left behind.
  await startup.catch(() => undefined);
  await kafkaStarting.catch(() => undefined);
  await Promise.all(running.apps.map((app) => app.stop()));
  if (running.apps.length > 0) say('apps stopped');
  if (running.postgres) {
    await running.postgres.stop().catch((error) => loud(`PostgreSQL did not stop cleanly: ${error.message}`));
    say('PostgreSQL stopped');
  }
  if (running.kafka) {
    await running.kafka.stop();
    say('Kafka stopped');
  }
  pids.clear();
  say(`stopped in ${((Date.now() - stopAt) / 1000).toFixed(1)} s`);
  process.exit(code);
}

function onSignal(signal) {
  const now = Date.now();
  // npm forwards the terminal's SIGINT, so one Ctrl-C can arrive twice: ignore echoes.
  // A first Ctrl-C while a failed start is already stopping things asks for nothing new.
  if (stopping && (firstSignalAt === 0 || now - firstSignalAt < 2_000)) {
    firstSignalAt ||= now;
    return;
  }
  if (stopping) {
    loud('second Ctrl-C: killing everything now');
    for (const app of running.apps) app.kill();
    void Promise.resolve(running.postgres?.stop()).finally(() => {
      running.kafka?.kill();
      process.exit(130);
    });
    return;
  }
  firstSignalAt = now;
  void shutdown(signal, 0);
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
watchLauncher(() => void shutdown('the launching process went away', 1));

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const leftovers = await pids.stopLeftovers();
  if (leftovers.length > 0) say(`stopped what an earlier run left running: ${leftovers.join(', ')}`);
  const timings = [];
  const installed = await timed('install', install);
  if (installed.result) timings.push(installed.note);
  // Kafka's JVM warms up while tsc compiles.
  kafkaStarting = timed('kafka', startKafka);
  kafkaStarting.catch(() => undefined);
  const built = await timed('build', build);
  timings.push(built.note);
  abortIfStopping();
  require(preload);
  const persistence = require(path.join(dist, 'libs', 'persistence', 'src', 'index.js'));
  const config = require(path.join(dist, 'config', 'src', 'index.js'));
  const database = await timed('postgres', () => startPostgres(persistence));
  const kafka = await kafkaStarting;
  timings.push(kafka.note, database.note);
  abortIfStopping();
  const migrated = await timed('migrate', () =>
    persistence.runMigrations({ url: database.result.url, log: (line) => say(`migrations: ${line}`) }),
  );
  say(
    `migrations: ${migrated.result.applied.length} applied, ${migrated.result.alreadyApplied} already there`,
  );
  timings.push(migrated.note);
  abortIfStopping();
  // messaging: topics are created by the apps' messaging module at their start (wired by the lead).
  const apps = await timed('apps', () => startApps(config, kafka.result, database.result));
  timings.push(apps.note);
  abortIfStopping();
  await printSummary(kafka.result, database.result, timings);
}

startup = main();
startup.catch((error) => {
  if (error instanceof Stopped || stopping) return;
  loud(`npm start failed: ${error.message}`);
  void shutdown('start failed', 1);
});
