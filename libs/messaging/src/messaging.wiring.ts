import type { INestApplication } from '@nestjs/common';
import { KafkaBatchServer } from './consumer/kafka-batch.server';
import { JsonStderrLogger, type MessagingLogLevel } from './messaging.logger';
import type { MessagingOptions } from './messaging.options';

/** The settings every app's configuration has (config/src/base.config.ts). */
export interface KafkaSettings {
  APP: string;
  KAFKA_BROKERS: string[];
  TOPIC_PREFIX: string;
  KAFKA_PARTITIONS: number;
  /** The app's LOG_LEVEL: the messaging runtime logs at the same level. */
  LOG_LEVEL?: string;
}

/** An app's LOG_LEVEL (pino's names) as the nearest level the messaging logger knows. */
const LEVEL_OF: Record<string, MessagingLogLevel> = {
  fatal: 'error',
  error: 'error',
  silent: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
};

export function messagingLevelOf(level: string | undefined): MessagingLogLevel {
  return (level !== undefined ? LEVEL_OF[level] : undefined) ?? 'info';
}

/** MessagingModule options for an app: its name is its client id and its consumer group. */
export function messagingOptionsFor(
  config: KafkaSettings,
  overrides: Partial<MessagingOptions> = {},
): MessagingOptions {
  return {
    clientId: config.APP,
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.TOPIC_PREFIX,
    defaultPartitions: config.KAFKA_PARTITIONS,
    groupId: config.APP,
    logger: new JsonStderrLogger(messagingLevelOf(config.LOG_LEVEL)),
    ...overrides,
  };
}

/** Connects the app's Kafka consumers (its @ConsumeBatch/@ConsumeMessage handlers) and starts them. */
export async function startKafkaConsumers(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}
