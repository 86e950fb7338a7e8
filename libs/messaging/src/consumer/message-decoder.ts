import { randomUUID } from 'node:crypto';
import { Header, parsePayload, type Topic } from '@childalert/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedMessage } from './consumed-message';

export type DecodedMessage =
  | { ok: true; raw: KafkaMessage; message: ConsumedMessage }
  | { ok: false; raw: KafkaMessage; reason: string; correlationId: string };

/** Header values as strings; a repeated header keeps its last value. */
export function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) record[name] = last.toString();
  }
  return record;
}

/** Validation before any logic: a message either matches its topic's schema or is a dead letter. */
export function decodeMessage(topic: Topic, partition: number, raw: KafkaMessage): DecodedMessage {
  const headers = headersToRecord(raw.headers);
  const correlationId = headers[Header.CorrelationId] || randomUUID();
  const parsed = parsePayload(topic, raw.value);
  if (!parsed.ok) return { ok: false, raw, reason: parsed.reason, correlationId };
  return {
    ok: true,
    raw,
    message: {
      topic,
      partition,
      offset: raw.offset,
      key: raw.key === null ? null : raw.key.toString(),
      value: parsed.value,
      headers,
      correlationId,
      timestamp: Number(raw.timestamp),
    },
  };
}
