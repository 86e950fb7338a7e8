import type { INestApplication } from '@nestjs/common';
import { generateVapidKeyPair } from '../../../apps/webpush-worker/src/vapid/vapid-keys';
import { webpushWorkerConfigSchema } from '../../../apps/webpush-worker/src/webpush-worker.config';
import { WebpushWorkerModule } from '../../../apps/webpush-worker/src/webpush-worker.module';
import { AppProcess } from '../../support/app-process';
import { deliveryWorkerEnv, PUBLIC_BASE_URL, startWorkerModule } from '../../support/delivery-worker';

export { PUBLIC_BASE_URL };
export const VAPID_SUBJECT = 'mailto:alerts@childalert.example';

const verbose = (): boolean => Boolean(process.env.WEBPUSH_TEST_LOG);

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
    ...deliveryWorkerEnv({ ...options, verbose: verbose() }),
    VAPID_PUBLIC_KEY: options.vapid.publicKey,
    VAPID_PRIVATE_KEY: options.vapid.privateKey,
    VAPID_SUBJECT,
    WEBPUSH_CA_FILE: options.caFile,
    WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    WEBPUSH_TIMEOUT_MS: '5000',
    DELIVERY_CONCURRENCY: '16',
    DELIVERY_BATCH_BUDGET_MS: '4000',
    DELIVERY_LEASE_MS: '6000',
    ...options.overrides,
  };
}

/** The web push worker in this process: the same module and consumer wiring as its main.ts. */
export function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  return startWorkerModule(webpushWorkerConfigSchema, (config) => WebpushWorkerModule.forRoot(config), env, {
    verbose: verbose(),
  });
}

/** The web push worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess extends AppProcess {
  constructor(env: Record<string, string>) {
    super('webpush-worker', env, { echo: verbose() });
  }
}
