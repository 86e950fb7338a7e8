import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import {
  type Channel,
  deadLetterTopicOf,
  DISPATCH_TOPIC,
  type DispatchBatch,
  dispatchBatchSchema,
  Header,
} from '@childalert/contracts';
import { currentCorrelationId } from '@childalert/platform';
import { MESSAGING_OPTIONS, type MessagingOptions } from '@childalert/messaging';

/** A recipient whose last attempt failed, with why. */
export interface RecipientDeadLetter {
  batch: DispatchBatch;
  recipient: { id: string; language: string };
  reason: string;
  attempts: number;
}

/** Header of a recipient dead letter: how many attempts it had. */
export const DEAD_LETTER_ATTEMPTS_HEADER = 'x-delivery-attempts';

/**
 * Writes single recipients to `dispatch.<channel>.dlq.v1`: the value is a
 * valid dispatch batch of that one recipient (so an operator can replay it
 * to the dispatch topic as is), the headers say why, as the messaging lib's
 * own dead letters do.
 *
 * libs/messaging's MessageProducer publishes only to contract topics, and a
 * dead-letter topic is not one; until it offers a method for this, this class
 * keeps its own idempotent producer with the same options.
 */
@Injectable()
export class RecipientDeadLetterPublisher implements OnApplicationShutdown {
  private producer: Promise<Producer> | undefined;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async publish(channel: Channel, letters: readonly RecipientDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const topic = `${this.options.topicPrefix ?? ''}${deadLetterTopicOf(DISPATCH_TOPIC[channel])}`;
    const correlationId = currentCorrelationId();
    const messages = letters.map((letter) => {
      const value = dispatchBatchSchema.parse({
        ...letter.batch,
        batchId: `${letter.batch.batchId}:${letter.recipient.id}`,
        recipients: [letter.recipient],
      });
      return {
        key: `${letter.batch.alertId}:${letter.recipient.id}`,
        value: JSON.stringify(value),
        headers: {
          [Header.DeadLetterReason]: letter.reason.slice(0, 1_000),
          [Header.DeadLetterSourceTopic]: DISPATCH_TOPIC[channel],
          [DEAD_LETTER_ATTEMPTS_HEADER]: String(letter.attempts),
          ...(correlationId !== undefined ? { [Header.CorrelationId]: correlationId } : {}),
        },
      };
    });
    const producer = await this.connected();
    await producer.send({ topic, messages, acks: -1 });
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = new Kafka({
        clientId: `${this.options.clientId}-dead-letters`,
        brokers: this.options.brokers,
        logLevel: logLevel.ERROR,
        connectionTimeout: this.options.connectionTimeoutMs ?? 3_000,
      }).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}
