import type { Topic, TopicPayload } from '@childalert/contracts';

/** One validated message as a handler receives it. */
export interface ConsumedMessage<T extends Topic = Topic> {
  topic: T;
  partition: number;
  /** Kafka offsets are 64-bit; kept as the decimal string Kafka clients use. */
  offset: string;
  key: string | null;
  value: TopicPayload<T>;
  headers: Record<string, string>;
  /** From the message's correlation header, or a new one when it had none. */
  correlationId: string;
  /** When the producer wrote it, in ms since the epoch. */
  timestamp: number;
}

/** Why a handler call is happening: which partition, which attempt (1 = first). */
export interface DeliveryInfo {
  topic: Topic;
  partition: number;
  attempt: number;
}
