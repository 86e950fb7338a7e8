// What every channel's pipeline harness shares: the dispatcher in this
// process, as its main.ts wires it, and the operator's view of progress
// (GET /v1/alerts/{id}/deliveries) polled until it says what the test waits for.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { dispatcherConfigSchema } from '../../apps/dispatcher/src/dispatcher.config';
import { DispatcherModule } from '../../apps/dispatcher/src/dispatcher.module';
import { bearer, expectStatus, type HttpApp } from '../alerts-api/alert-api-test.app';
import { kafkaBrokers } from '../messaging/messaging-test.kit';

export interface DeliveryCounts {
  planned: number;
  delivered: number;
  failed: number;
  skipped: number;
  retrying: number;
  pending: number;
  firstDeliveryAt: string | null;
  lastDeliveryAt: string | null;
}

/** One channel of the dashboard: totals, and the counts of each published version. */
export interface ChannelProgress extends DeliveryCounts {
  channel: string;
  versions: (DeliveryCounts & { version: number; eventType: string | null })[];
}

/** The dispatcher on the test's database and topics; `env` adds settings (batch size, social accounts). */
export async function startDispatcher(
  databaseUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  const config = loadConfig(dispatcherConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '2',
    ...env,
  });
  const app = await NestFactory.create(DispatcherModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}

/** The channel's progress as the operator sees it, once `until` holds (receipts are applied as they come). */
export async function pollChannelProgress(
  api: HttpApp,
  operatorToken: string,
  alertId: string,
  channel: string,
  until: (progress: ChannelProgress) => boolean,
  timeoutMs = 60_000,
): Promise<ChannelProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = expectStatus(
      await api.http().get(`/v1/alerts/${alertId}/deliveries`).set(bearer(operatorToken)),
      200,
    ) as { channels: ChannelProgress[] };
    const progress = body.channels.find((c) => c.channel === channel);
    if (progress !== undefined && until(progress)) return progress;
    if (Date.now() > deadline) {
      throw new Error(`${channel} progress never matched in ${timeoutMs} ms: ${JSON.stringify(body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
