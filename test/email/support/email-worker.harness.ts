import type { INestApplication } from '@nestjs/common';
import { emailWorkerConfigSchema } from '../../../apps/email-worker/src/email-worker.config';
import { EmailWorkerModule } from '../../../apps/email-worker/src/email-worker.module';
import { AppProcess } from '../../support/app-process';
import { deliveryWorkerEnv, PUBLIC_BASE_URL, startWorkerModule } from '../../support/delivery-worker';

export { PUBLIC_BASE_URL };
export const SIGNING_SECRET = 'e2e-subscription-signing-secret-0123456789';

const verbose = (): boolean => Boolean(process.env.EMAIL_TEST_LOG);

/** The worker's environment for a test: short waits and backoffs, its own topics, the loopback SMTP server. */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  smtpPort: number;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    ...deliveryWorkerEnv({ ...options, verbose: verbose() }),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
    SMTP_POOL_SIZE: '4',
    SMTP_TIMEOUT_MS: '5000',
    MAIL_FROM: 'Child Alert <alerts@childalert.example>',
    SUBSCRIPTION_SIGNING_SECRET: SIGNING_SECRET,
    DELIVERY_CONCURRENCY: '8',
    DELIVERY_BATCH_BUDGET_MS: '2000',
    DELIVERY_LEASE_MS: '3000',
    ...options.overrides,
  };
}

/** The e-mail worker in this process: the same module and consumer wiring as its main.ts. */
export function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  return startWorkerModule(emailWorkerConfigSchema, (config) => EmailWorkerModule.forRoot(config), env, {
    verbose: verbose(),
  });
}

/** The e-mail worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess extends AppProcess {
  constructor(env: Record<string, string>) {
    super('email-worker', env, { echo: verbose() });
  }
}
