import type { INestApplication } from '@nestjs/common';
import { broadcastWorkerConfigSchema } from '../../../apps/broadcast-worker/src/broadcast-worker.config';
import { BroadcastWorkerModule } from '../../../apps/broadcast-worker/src/broadcast-worker.module';
import { AppProcess } from '../../support/app-process';
import { deliveryWorkerEnv, PUBLIC_BASE_URL, startWorkerModule } from '../../support/delivery-worker';

export { PUBLIC_BASE_URL };

const verbose = (): boolean => Boolean(process.env.BROADCAST_TEST_LOG);

/** The worker's environment for a test: short backoffs and retry window, its own topics, the loopback receiver trusted. */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  caFile: string;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    ...deliveryWorkerEnv({ ...options, verbose: verbose() }),
    BROADCAST_CA_FILE: options.caFile,
    ALLOW_PRIVATE_ENDPOINTS: 'true',
    BROADCAST_TIMEOUT_MS: '5000',
    DELIVERY_CONCURRENCY: '16',
    DELIVERY_BATCH_BUDGET_MS: '4000',
    DELIVERY_LEASE_MS: '6000',
    DELIVERY_BACKOFF_INITIAL_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '800',
    // A "day" of retries in 20 s; a wait of 1.5 s or more parks the batch.
    BROADCAST_RETRY_WINDOW_MS: '20000',
    BROADCAST_PARK_AFTER_MS: '1500',
    BROADCAST_PARKING_POLL_MS: '200',
    ...options.overrides,
  };
}

/** The broadcast worker in this process: the same module and consumer wiring as its main.ts. */
export function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  return startWorkerModule(
    broadcastWorkerConfigSchema,
    (config) => BroadcastWorkerModule.forRoot(config),
    env,
    {
      verbose: verbose(),
    },
  );
}

/** The broadcast worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess extends AppProcess {
  constructor(env: Record<string, string>) {
    super('broadcast-worker', env, { echo: verbose() });
  }
}
