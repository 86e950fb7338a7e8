import { Header, TOPIC_SCHEMAS, type Topic, type TopicPayload } from '@childalert/contracts';
import { type DatabaseExecutor, outbox } from '@childalert/persistence';
import { currentCorrelationId } from '@childalert/platform';
import { Injectable } from '@nestjs/common';

export interface OutboxMessage<T extends Topic> {
  topic: T;
  /** Unique per event: consumers drop a redelivered event by it. */
  eventId: string;
  key: string;
  value: TopicPayload<T>;
}

/**
 * Writes events into the outbox inside the caller's transaction, so that an
 * event exists exactly when the change it announces was committed.
 */
@Injectable()
export class OutboxWriter {
  async add<T extends Topic>(tx: DatabaseExecutor, message: OutboxMessage<T>): Promise<void> {
    // Validate now: a bad event must fail the change, not the relay later.
    const value = TOPIC_SCHEMAS[message.topic].parse(message.value);
    const correlationId = currentCorrelationId();
    await tx.insert(outbox).values({
      eventId: message.eventId,
      topic: message.topic,
      messageKey: message.key,
      payload: value,
      headers: correlationId === undefined ? {} : { [Header.CorrelationId]: correlationId },
    });
  }
}
