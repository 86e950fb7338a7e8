// The whole broadcast path, each app started in this process with its real
// module and configuration schema, on one database and one topic prefix:
//   alert-api (admin API, outbox relay, feed, receipts → progress)
//   → alerts.lifecycle.v1 → dispatcher → dispatch.broadcast.v1
//   → broadcast-worker → a loopback HTTPS receiver, and delivery.receipts.v1 → alert-api.
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
import { makeTestCertificate, type TestCertificate } from '../../webpush/support/test-certificate';
import { BroadcastReceiver } from './broadcast-receiver';
import { PUBLIC_BASE_URL, startWorkerInProcess, workerEnv } from './broadcast-worker.harness';

export interface BroadcastPipeline {
  api: AlertApiTestApp;
  staff: Staff & { admin: string };
  receiver: BroadcastReceiver;
  /** GET /v1/alerts/{id}/deliveries (broadcast channel) polled until `until` holds. */
  progress: (alertId: string, until: (broadcast: ChannelProgress) => boolean) => Promise<ChannelProgress>;
  close: () => Promise<void>;
}

export interface ChannelProgress {
  channel: string;
  planned: number;
  delivered: number;
  failed: number;
  skipped: number;
  retrying: number;
  pending: number;
  versions: { version: number; eventType: string | null; planned: number; delivered: number }[];
}

export async function startBroadcastPipeline(
  options: { worker?: Record<string, string> } = {},
): Promise<BroadcastPipeline> {
  const certificate: TestCertificate = makeTestCertificate();
  const receiver = await new BroadcastReceiver(certificate).start();
  const closers: (() => Promise<unknown>)[] = [
    async () => {
      await receiver.stop();
      certificate.remove();
    },
  ];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({ PUBLIC_BASE_URL, ALLOW_PRIVATE_ENDPOINTS: 'true' });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    const dispatcher = await startDispatcher(api.database.url, api.prefix);
    closers.push(() => dispatcher.close());
    const worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: api.database.url,
        topicPrefix: api.prefix,
        caFile: certificate.certFile,
        overrides: options.worker,
      }),
    );
    closers.push(() => worker.close());
    const staff = { ...(await loginStaff(api)), admin: await api.login('admin') };
    return {
      api,
      staff,
      receiver,
      progress: (alertId, until) => pollProgress(api, staff.operator, alertId, until),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startDispatcher(databaseUrl: string, prefix: string): Promise<INestApplication> {
  const config = loadConfig(dispatcherConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '2',
  });
  const app = await NestFactory.create(DispatcherModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}

async function pollProgress(
  api: AlertApiTestApp,
  operatorToken: string,
  alertId: string,
  until: (broadcast: ChannelProgress) => boolean,
  timeoutMs = 60_000,
): Promise<ChannelProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = expectStatus(
      await api.http().get(`/v1/alerts/${alertId}/deliveries`).set(bearer(operatorToken)),
      200,
    ) as { channels: ChannelProgress[] };
    const broadcast = body.channels.find((channel) => channel.channel === 'broadcast');
    if (broadcast !== undefined && until(broadcast)) return broadcast;
    if (Date.now() > deadline) throw new Error(`broadcast progress never matched: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
