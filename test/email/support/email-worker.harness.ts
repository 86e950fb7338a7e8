import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { emailWorkerConfigSchema } from '../../../apps/email-worker/src/email-worker.config';
import { EmailWorkerModule } from '../../../apps/email-worker/src/email-worker.module';
import { kafkaBrokers } from '../../messaging/messaging-test.kit';

export const SIGNING_SECRET = 'e2e-subscription-signing-secret-0123456789';
export const PUBLIC_BASE_URL = 'https://alerts.example.test';

const root = path.resolve(__dirname, '..', '..', '..');

/** The worker's environment for a test: short waits and backoffs, its own topics, the loopback SMTP server. */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  smtpPort: number;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.EMAIL_TEST_LOG ? 'debug' : 'warn',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: options.topicPrefix,
    KAFKA_PARTITIONS: '2',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
    SMTP_POOL_SIZE: '4',
    SMTP_TIMEOUT_MS: '5000',
    MAIL_FROM: 'Child Alert <alerts@childalert.example>',
    PUBLIC_BASE_URL,
    SUBSCRIPTION_SIGNING_SECRET: SIGNING_SECRET,
    DELIVERY_CONCURRENCY: '8',
    DELIVERY_MAX_ATTEMPTS: '4',
    DELIVERY_BACKOFF_INITIAL_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '400',
    DELIVERY_BATCH_BUDGET_MS: '2000',
    DELIVERY_LEASE_MS: '3000',
    ...options.overrides,
  };
}

/** The e-mail worker in this process: the same module and consumer wiring as its main.ts. */
export async function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig(emailWorkerConfigSchema, env);
  const app = await NestFactory.create(EmailWorkerModule.forRoot(config), {
    logger: process.env.EMAIL_TEST_LOG ? ['log', 'error', 'warn'] : ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}

/**
 * The worker's real main.ts in a child process (TypeScript compiled on the
 * fly by scripts/lib/register-ts.cjs), so that a test can kill -9 it.
 */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  start(port: number): this {
    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(root, 'scripts', 'lib', 'register-ts.cjs'),
        path.join(root, 'apps', 'email-worker', 'src', 'main.ts'),
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
        if (process.env.EMAIL_TEST_LOG) process.stderr.write(`[worker ${child.pid}] ${line}\n`);
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
      if (this.child?.exitCode !== null) {
        throw new Error(`worker exited before it was ready:\n${this.output.slice(-20).join('\n')}`);
      }
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
