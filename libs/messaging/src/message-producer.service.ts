import { Header, TOPIC_SCHEMAS, type Topic, type TopicPayload } from '@childalert/contracts';
import { currentCorrelationId } from '@childalert/platform';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { createKafkaClient, messagingLogger } from './kafka-client.factory';
import { InvalidPayloadError } from './messaging.errors';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { TopicAdmin } from './topic-admin.service';
import { TopicNames } from './topic-names';

export interface OutgoingMessage<T extends Topic> {
  /** Decides the partition: messages with one key stay in order. */
  key: string;
  value: TopicPayload<T>;
  headers?: Record<string, string>;
}

/**
 * Publishes typed, validated messages. The producer is idempotent (no
 * duplicates from its own retries) and waits for every in-sync replica.
 */
@Injectable()
export class MessageProducer implements OnApplicationShutdown {
  private readonly names: TopicNames;
  private readonly metrics = messagingMetrics();
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly topics: TopicAdmin,
  ) {
    this.names = new TopicNames(options);
  }

  /**
   * Validates every message against its topic's schema (throws
   * InvalidPayloadError before sending anything), then sends them as JSON with
   * the current correlation id. Resolves once the broker has them.
   */
  async publish<T extends Topic>(topic: T, messages: readonly OutgoingMessage<T>[]): Promise<void> {
    if (messages.length === 0) return;
    const encoded = messages.map((message, index) => this.encode(topic, message, index));
    const producer = await this.connected();
    await producer.send({ topic: this.names.wire(topic), messages: encoded, acks: -1 });
    this.metrics.produced.inc({ topic }, messages.length);
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect();
  }

  private encode<T extends Topic>(topic: T, message: OutgoingMessage<T>, index: number): Message {
    const parsed = TOPIC_SCHEMAS[topic].safeParse(message.value);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new InvalidPayloadError(topic, index, reason);
    }
    const headers: Record<string, string> = { ...message.headers };
    const correlationId = currentCorrelationId();
    if (correlationId !== undefined && headers[Header.CorrelationId] === undefined) {
      headers[Header.CorrelationId] = correlationId;
    }
    return { key: message.key, value: JSON.stringify(parsed.data), headers };
  }

  private connected(): Promise<Producer> {
    if (this.producer !== undefined) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      try {
        await this.topics.ensureTopics();
        const producer = createIdempotentProducer(this.options);
        await producer.connect().catch(async (err: unknown) => {
          await producer.disconnect().catch(() => undefined);
          throw err;
        });
        this.producer = producer;
        return producer;
      } catch (err) {
        this.connecting = undefined;
        throw err;
      }
    })();
    return this.connecting;
  }
}

/** Idempotence in kafkajs needs at most one request in flight per broker. */
export function createIdempotentProducer(options: MessagingOptions): Producer {
  return createKafkaClient(options, messagingLogger(options)).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
