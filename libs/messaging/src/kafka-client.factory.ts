import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { JsonStderrLogger, type MessagingLogger } from './messaging.logger';
import type { MessagingOptions } from './messaging.options';

const KAFKA_LEVEL = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
} as const;

/** The logger the options name, or the default JSON-on-stderr one. */
export function messagingLogger(options: MessagingOptions): MessagingLogger {
  return options.logger ?? new JsonStderrLogger();
}

/** Routes the Kafka client's log entries to our logger instead of its own console output. */
export function kafkaLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      const fields = { kafka: namespace, ...extra };
      switch (level) {
        case logLevel.ERROR:
          return logger.error(fields, message);
        case logLevel.WARN:
          return logger.warn(fields, message);
        case logLevel.INFO:
          return logger.info(fields, message);
        case logLevel.DEBUG:
          return logger.debug(fields, message);
        case logLevel.NOTHING:
          return undefined;
      }
    };
}

/** The one place a kafkajs client is configured; nothing outside this lib sees it. */
export function createKafkaClient(
  options: MessagingOptions,
  logger: MessagingLogger,
  tuning: { retries?: number } = {},
): Kafka {
  if (options.brokers.length === 0) throw new Error('messaging: at least one broker is required');
  return new Kafka({
    ...(tuning.retries === undefined ? {} : { retry: { retries: tuning.retries } }),
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: KAFKA_LEVEL[options.kafkaLogLevel ?? 'warn'],
    logCreator: kafkaLogCreator(logger),
  });
}
