// The whole mobile path of a child alert, each app started in this process
// with its real module and configuration schema, on one database and one
// topic prefix on the real broker:
//   alert-api (HTTP, outbox relay, receipts → progress)
//   → alerts.lifecycle.v1 → dispatcher → dispatch.mobile.v1
//   → mobile-worker → the loopback FCM receiver, and receipts → alert-api.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { dispatcherConfigSchema } from '../../../apps/dispatcher/src/dispatcher.config';
import { DispatcherModule } from '../../../apps/dispatcher/src/dispatcher.module';
import {
  type AlertApiTestApp,
  bearer,
  expectStatus,
  kafkaBrokers,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import { uniquePrefix } from '../../messaging/messaging-test.kit';
import { makeTestCertificate } from '../../webpush/support/test-certificate';
import { FcmReceiver } from './fcm-receiver';
import {
  FCM_PROJECT_ID,
  PUBLIC_BASE_URL,
  startWorkerInProcess,
  testAccessToken,
  workerEnv,
} from './mobile-worker.harness';

export { PUBLIC_BASE_URL };

export interface MobileProgress {
  channel: string;
  planned: number;
  delivered: number;
  failed: number;
  skipped: number;
  pending: number;
  versions: {
    version: number;
    eventType: string | null;
    planned: number;
    delivered: number;
    failed: number;
    pending: number;
  }[];
}

export interface MobilePipeline {
  api: AlertApiTestApp;
  staff: Staff;
  receiver: FcmReceiver;
  /** GET /v1/alerts/{id}/deliveries as the operator, polled until `until` holds for the mobile channel. */
  mobileProgress: (alertId: string, until: (mobile: MobileProgress) => boolean) => Promise<MobileProgress>;
  close: () => Promise<void>;
}

export async function startMobilePipeline(options: { dispatchBatchSize: number }): Promise<MobilePipeline> {
  const prefix = uniquePrefix('mobile-pipeline');
  const certificate = makeTestCertificate();
  const accessToken = testAccessToken();
  const receiver = await new FcmReceiver(certificate, { projectId: FCM_PROJECT_ID, accessToken }).start();
  const closers: (() => Promise<unknown>)[] = [
    () => Promise.resolve(certificate.remove()),
    () => receiver.stop(),
  ];
  const close = async () => {
    // Consumers first (they write to the database), alert-api last: it drops the database.
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({
      TOPIC_PREFIX: prefix,
      PUBLIC_BASE_URL,
      SUBSCRIPTION_RATE_LIMIT_PER_MINUTE: '1000',
    });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    const dispatcher = await startDispatcher(api.database.url, prefix, options.dispatchBatchSize);
    closers.push(() => dispatcher.close());
    const worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: api.database.url,
        topicPrefix: prefix,
        receiverOrigin: receiver.origin,
        caFile: certificate.certFile,
        accessToken,
      }),
    );
    closers.push(() => worker.close());
    const staff = await loginStaff(api);
    return {
      api,
      staff,
      receiver,
      mobileProgress: (alertId, until) => pollMobileProgress(api, staff.operator, alertId, until),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startDispatcher(
  databaseUrl: string,
  prefix: string,
  batchSize: number,
): Promise<INestApplication> {
  const config = loadConfig(dispatcherConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '2',
    DISPATCH_BATCH_SIZE: String(batchSize),
  });
  const app = await NestFactory.create(DispatcherModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}

async function pollMobileProgress(
  api: AlertApiTestApp,
  operatorToken: string,
  alertId: string,
  until: (mobile: MobileProgress) => boolean,
  timeoutMs = 60_000,
): Promise<MobileProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = expectStatus(
      await api.http().get(`/v1/alerts/${alertId}/deliveries`).set(bearer(operatorToken)),
      200,
    ) as { channels: MobileProgress[] };
    const mobile = body.channels.find((channel) => channel.channel === 'mobile');
    if (mobile !== undefined && until(mobile)) return mobile;
    if (Date.now() > deadline) {
      throw new Error(`mobile progress never matched in ${timeoutMs} ms: ${JSON.stringify(body)}`);
    }
    // Receipts are applied by alert-api's consumer as they come: the next read sees more.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
