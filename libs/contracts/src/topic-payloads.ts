import { z } from 'zod';
import { alertLifecycleEventSchema } from './alert-lifecycle.event';
import { deliveryReceiptSchema } from './delivery-receipt.event';
import { dispatchBatchSchema } from './dispatch-batch.event';
import { partnerInboundEventSchema } from './partner-inbound.event';
import { Topic } from './topics';

/**
 * The one typed map from topic to payload schema: a producer and a consumer
 * of the same topic cannot disagree on what travels on it.
 */
export const TOPIC_SCHEMAS = {
  [Topic.AlertsLifecycle]: alertLifecycleEventSchema,
  [Topic.DispatchEmail]: dispatchBatchSchema,
  [Topic.DispatchWebpush]: dispatchBatchSchema,
  [Topic.DispatchMobile]: dispatchBatchSchema,
  [Topic.DispatchSocial]: dispatchBatchSchema,
  [Topic.DispatchBroadcast]: dispatchBatchSchema,
  [Topic.DispatchPartner]: dispatchBatchSchema,
  [Topic.DeliveryReceipts]: deliveryReceiptSchema,
  [Topic.PartnersInbound]: partnerInboundEventSchema,
} satisfies Record<Topic, z.ZodTypeAny>;

export type TopicPayload<T extends Topic> = z.infer<(typeof TOPIC_SCHEMAS)[T]>;

export type ParseResult<T extends Topic> =
  { ok: true; value: TopicPayload<T> } | { ok: false; reason: string };

/** Validates a raw message value (JSON bytes) against its topic's schema. */
export function parsePayload<T extends Topic>(topic: T, raw: Buffer | string | null): ParseResult<T> {
  if (raw === null) return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const result = TOPIC_SCHEMAS[topic].safeParse(json);
  if (result.success) return { ok: true, value: result.data as TopicPayload<T> };
  const reason = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, reason };
}
