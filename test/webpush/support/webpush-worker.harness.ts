import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { generateVapidKeyPair } from '../../../apps/webpush-worker/src/vapid/vapid-keys';
import { webpushWorkerConfigSchema } from '../../../apps/webpush-worker/src/webpush-worker.config';
import { WebpushWorkerModule } from '../../../apps/webpush-worker/src/webpush-worker.module';
import { kafkaBrokers } from '../../messaging/messaging-test.kit';

export const PUBLIC_BASE_URL = 'https://alerts.example.test';
export const VAPID_SUBJECT = 'mailto:alerts@childalert.example';

const root = path.resolve(__dirname, '..', '..', '..');

/** A VAPID key pair for one test run. */
export const testVapidKeys = generateVapidKeyPair;

/** The worker's environment for a test: short waits and backoffs, its own topics, the loopback push service trusted. */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  caFile: string;
  vapid: { publicKey: string; privateKey: string };
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.WEBPUSH_TEST_LOG ? 'debug' : 'warn',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: options.topicPrefix,
    KAFKA_PARTITIONS: '2',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    PUBLIC_BASE_URL,
    VAPID_PUBLIC_KEY: options.vapid.publicKey,
    VAPID_PRIVATE_KEY: options.vapid.privateKey,
    VAPID_SUBJECT,
    WEBPUSH_CA_FILE: options.caFile,
    WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    WEBPUSH_TIMEOUT_MS: '5000',
    DELIVERY_CONCURRENCY: '16',
    DELIVERY_MAX_ATTEMPTS: '4',
    DELIVERY_BACKOFF_INITIAL_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '400',
    DELIVERY_BATCH_BUDGET_MS: '4000',
    DELIVERY_LEASE_MS: '6000',
    ...options.overrides,
  };
}

/** The web push worker in this process: the same module and consumer wiring as its main.ts. */
export async function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig(webpushWorkerConfigSchema, env);
  const app = await NestFactory.create(WebpushWorkerModule.forRoot(config), {
    logger: process.env.WEBPUSH_TEST_LOG ? ['log', 'error', 'warn'] : ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}

/** The worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(port: number): this {
    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(root, 'scripts', 'lib', 'register-ts.cjs'),
        path.join(root, 'apps', 'webpush-worker', 'src', 'main.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.output.push(line);
        if (process.env.WEBPUSH_TEST_LOG) process.stderr.write(`[worker ${child.pid}] ${line}\n`);
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    return this;
  }

  /** Resolves when /health/ready answers 200 (the consumer joined its group). */
  async waitUntilReady(port: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null)
        throw new Error(`worker exited before it was ready:\n${this.output.slice(-20).join('\n')}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`worker not ready in ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
