// A real single-node Apache Kafka 3.9 broker (KRaft, broker and controller in
// one JVM) without Docker: the jars come from Maven Central through Maven into
// a cache outside git, so a second start takes seconds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, statSync, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const KAFKA_VERSION = '3.9.1';
const cacheRoot = process.env.CHILDALERT_CACHE ?? path.join(os.homedir(), '.cache', 'childalert');
export const jarDir = path.join(cacheRoot, `kafka-${KAFKA_VERSION}`, 'lib');

/** Downloads the broker's runtime jars once; later calls find them cached. */
export function fetchJars() {
  const marker = path.join(jarDir, '.complete');
  if (existsSync(marker)) return jarDir;
  mkdirSync(jarDir, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(here, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${jarDir}`,
      '-DincludeScope=runtime',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(
      `mvn could not fetch the Kafka jars (exit ${result.status}); is Maven installed and Maven Central reachable?`,
    );
  writeFileSync(marker, new Date().toISOString());
  return jarDir;
}

export function jarCacheSize() {
  const files = readdirSync(jarDir).filter((f) => f.endsWith('.jar'));
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(jarDir, f)).size, 0);
  return { jars: files.length, megabytes: Math.round(bytes / 1e5) / 10 };
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function serverProperties({ port, controllerPort, logDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function java(args, options) {
  return spawn('java', args, options);
}

async function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ready means the broker answers a metadata request, not just a TCP connect. */
async function waitUntilReady(port, child, deadlineMs) {
  const { Kafka, logLevel } = await import('kafkajs');
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (child.exitCode !== null)
      throw new Error(`Kafka exited with code ${child.exitCode} before it was ready`);
    if (await canConnect(port)) {
      const admin = new Kafka({
        brokers: [`127.0.0.1:${port}`],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0) return;
      } catch {
        // not ready yet
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Kafka did not answer a metadata request within ${deadlineMs} ms`);
}

/**
 * Formats storage in dataDir (once) and starts the broker. Ports default to
 * free ones so that a test broker never collides with a dev broker.
 */
export async function startBroker({ dataDir, port, controllerPort, heap = '512m', log = 'file' } = {}) {
  const started = Date.now();
  fetchJars();
  port ??= await freePort();
  controllerPort ??= await freePort();
  mkdirSync(dataDir, { recursive: true });
  const logDir = path.join(dataDir, 'data');
  const propsFile = path.join(dataDir, 'server.properties');
  writeFileSync(propsFile, serverProperties({ port, controllerPort, logDir }));
  writeFileSync(
    path.join(dataDir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=WARN',
      'log4j.logger.org.apache.kafka=WARN',
      '',
    ].join('\n'),
  );
  const classpath = `${jarDir}/*`;
  const jvmLog = [`-Dlog4j.configuration=file:${path.join(dataDir, 'log4j.properties')}`];
  if (!existsSync(path.join(logDir, 'meta.properties'))) {
    const uuid = spawnSync('java', ['-cp', classpath, ...jvmLog, 'kafka.tools.StorageTool', 'random-uuid'], {
      encoding: 'utf8',
    });
    if (uuid.status !== 0) throw new Error(`StorageTool random-uuid failed: ${uuid.stderr}`);
    const format = spawnSync(
      'java',
      [
        '-cp',
        classpath,
        ...jvmLog,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        uuid.stdout.trim(),
        '-c',
        propsFile,
        '--ignore-formatted',
      ],
      { encoding: 'utf8' },
    );
    if (format.status !== 0) throw new Error(`StorageTool format failed: ${format.stderr}`);
  }
  const out = log === 'inherit' ? 'inherit' : openSync(path.join(dataDir, 'broker.log'), 'a');
  const child = java(
    [
      `-Xms256m`,
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Xshare:auto',
      '-Djava.awt.headless=true',
      ...jvmLog,
      '-cp',
      classpath,
      'kafka.Kafka',
      propsFile,
    ],
    { stdio: ['ignore', out, out] },
  );
  try {
    await waitUntilReady(port, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const brokers = `127.0.0.1:${port}`;
  return {
    brokers,
    port,
    pid: child.pid,
    startMs: Date.now() - started,
    /** Stops the broker cleanly (SIGTERM runs its controlled shutdown). */
    stop: () => stopChild(child),
    /** For fault tests: the broker dies without a word. */
    kill: () => stopChild(child, 'SIGKILL'),
  };
}

function stopChild(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
