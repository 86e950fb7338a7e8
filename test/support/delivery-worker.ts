import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { z } from 'zod';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { kafkaBrokers } from '../messaging/messaging-test.kit';

/** The public address the workers write into links and image URLs in tests. */
export const PUBLIC_BASE_URL = 'https://alerts.example.test';

/**
 * The settings every channel worker takes in a test: its own database and
 * topics, short Kafka session and delivery backoffs. `verbose` logs at debug.
 */
export function deliveryWorkerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  verbose: boolean;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: options.verbose ? 'debug' : 'warn',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: options.topicPrefix,
    KAFKA_PARTITIONS: '2',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    PUBLIC_BASE_URL,
    DELIVERY_MAX_ATTEMPTS: '4',
    DELIVERY_BACKOFF_INITIAL_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '400',
  };
}

/** A worker in this process: the same module and consumer wiring as its main.ts (bootstrapApp). */
export async function startWorkerModule<S extends z.ZodType>(
  schema: S,
  moduleOf: (config: z.output<S>) => DynamicModule,
  env: Record<string, string>,
  options: { verbose: boolean },
): Promise<INestApplication> {
  const app = await NestFactory.create(moduleOf(loadConfig(schema, env)), {
    logger: options.verbose ? ['log', 'error', 'warn'] : ['error'],
    abortOnError: false,
  });
  await startKafkaConsumers(app);
  await app.init();
  return app;
}
