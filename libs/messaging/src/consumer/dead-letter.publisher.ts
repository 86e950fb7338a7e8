import { Header, type Topic } from '@childalert/contracts';
import { withCorrelationId } from '@childalert/platform';
import type { KafkaMessage, Producer } from 'kafkajs';
import { createIdempotentProducer } from '../message-producer.service';
import type { MessagingLogger } from '../messaging.logger';
import { messagingMetrics } from '../messaging.metrics';
import type { MessagingOptions } from '../messaging.options';
import { TopicNames } from '../topic-names';

export interface DeadLetter {
  raw: KafkaMessage;
  reason: string;
  correlationId: string;
}

export interface DeadLetterEvent {
  topic: Topic;
  partition: number;
  offset: string;
  reason: string;
  correlationId: string;
}

/** Headers are not meant for stack traces; a reason is cut to this length. */
const MAX_REASON_LENGTH = 1_000;

/**
 * Sends messages that cannot be handled to their topic's dead-letter topic,
 * byte for byte, with headers saying why and where they came from.
 */
export class DeadLetterPublisher {
  private readonly names: TopicNames;
  private readonly metrics = messagingMetrics();
  private readonly producer: Producer;

  constructor(
    options: MessagingOptions,
    private readonly logger: MessagingLogger,
    private readonly onDeadLetter: (event: DeadLetterEvent) => void,
  ) {
    this.names = new TopicNames(options);
    this.producer = createIdempotentProducer(options);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Resolves once the broker has them all; rejects (and nothing may be committed) otherwise. */
  async publish(topic: Topic, partition: number, letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.names.deadLetterWire(topic),
      acks: -1,
      messages: letters.map(({ raw, reason }) => ({
        key: raw.key,
        value: raw.value,
        headers: {
          ...raw.headers,
          [Header.DeadLetterReason]: reason.slice(0, MAX_REASON_LENGTH),
          [Header.DeadLetterSourceTopic]: topic,
          [Header.DeadLetterSourcePartition]: String(partition),
          [Header.DeadLetterSourceOffset]: raw.offset,
        },
      })),
    });
    this.metrics.deadLetters.inc({ topic }, letters.length);
    for (const { raw, reason, correlationId } of letters) {
      withCorrelationId(correlationId, () =>
        this.logger.warn(
          { topic, partition, offset: raw.offset, reason },
          'message sent to the dead-letter topic',
        ),
      );
      this.onDeadLetter({ topic, partition, offset: raw.offset, reason, correlationId });
    }
  }
}
