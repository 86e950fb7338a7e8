import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { mobileWorkerConfigSchema } from '../../../apps/mobile-worker/src/mobile-worker.config';
import { MobileWorkerModule } from '../../../apps/mobile-worker/src/mobile-worker.module';
import { AppProcess } from '../../support/app-process';
import { deliveryWorkerEnv, PUBLIC_BASE_URL, startWorkerModule } from '../../support/delivery-worker';

export { PUBLIC_BASE_URL };
export const FCM_PROJECT_ID = 'childalert-test';

const verbose = (): boolean => Boolean(process.env.MOBILE_TEST_LOG);

/** An access token for one test run: the receiver accepts it and nothing else. */
export function testAccessToken(): string {
  return `ya29.test-${randomBytes(24).toString('base64url')}`;
}

/**
 * The worker's environment for a test: short waits and backoffs, its own
 * topics, and the test-only FCM_TEST_* settings that point firebase-admin
 * at the loopback receiver.
 */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  receiverOrigin: string;
  caFile: string;
  accessToken: string;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    ...deliveryWorkerEnv({ ...options, verbose: verbose() }),
    FCM_PROJECT_ID,
    FCM_TEST_RECEIVER_URL: options.receiverOrigin,
    FCM_TEST_RECEIVER_CA_FILE: options.caFile,
    FCM_TEST_ACCESS_TOKEN: options.accessToken,
    FCM_QUOTA_BACKOFF_MS: '1000',
    DELIVERY_CONCURRENCY: '4',
    DELIVERY_BATCH_BUDGET_MS: '8000',
    DELIVERY_LEASE_MS: '12000',
    ...options.overrides,
  };
}

/** The mobile worker in this process: the same module and consumer wiring as its main.ts. */
export function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  return startWorkerModule(mobileWorkerConfigSchema, (config) => MobileWorkerModule.forRoot(config), env, {
    verbose: verbose(),
  });
}

/** The mobile worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess extends AppProcess {
  constructor(env: Record<string, string>) {
    super('mobile-worker', env, { echo: verbose() });
  }
}
