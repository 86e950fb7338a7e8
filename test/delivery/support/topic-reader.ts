import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from '../../messaging/messaging-test.kit';

export interface TopicMessage<T = unknown> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
}

/**
 * Reads a wire topic from the beginning until `done` holds for what was
 * read (the topic is shared by a test file's cases: filter in `done`).
 */
export async function readUntil<T>(
  wireTopic: string,
  done: (messages: TopicMessage<T>[]) => boolean,
  timeoutMs = 30_000,
): Promise<TopicMessage<T>[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen: TopicMessage<T>[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: wireTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${wireTopic}: condition not met after ${seen.length} messages in ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: ({ message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            if (value !== undefined) headers[name] = value.toString();
          }
          seen.push({
            key: message.key?.toString() ?? null,
            value: JSON.parse(message.value?.toString() ?? 'null') as T,
            headers,
          });
          if (done(seen)) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
