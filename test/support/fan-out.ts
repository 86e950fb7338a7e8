import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  type Channel,
  DISPATCH_TOPIC,
  type DeliveryReceipt,
  type DispatchBatch,
  Topic,
} from '@childalert/contracts';
import type { DeliveryLedger, VersionKey } from '@childalert/delivery';
import { readUntil, type TopicMessage } from '../delivery/support/topic-reader';
import type { RawKafka } from '../messaging/messaging-test.kit';

/**
 * A test's side of one channel's fan-out, as the dispatcher would do it:
 * dispatch batches onto the channel's topic under a test's prefix, and read
 * back the receipts the worker writes.
 */
export class FanOut {
  constructor(
    private readonly kafka: RawKafka,
    private readonly prefix: string,
    private readonly channel: Channel,
  ) {}

  /**
   * Dispatches `recipients` (as given: extra fields go on the wire too) in
   * batches of `size`, each batch on its own shard key as the dispatcher keys them.
   */
  async send(
    alertId: string,
    version: number,
    eventType: string,
    recipients: { id: string; language: string }[],
    size: number,
  ): Promise<void> {
    const batches: DispatchBatch[] = [];
    for (let start = 0; start < recipients.length; start += size) {
      batches.push({
        batchId: `b-${randomUUID()}`,
        alertId,
        version,
        eventType,
        channel: this.channel,
        recipients: recipients.slice(start, start + size),
      });
    }
    await this.kafka.produce(
      `${this.prefix}${DISPATCH_TOPIC[this.channel]}`,
      batches.map((batch, shard) => ({ key: `${alertId}:${shard}`, value: JSON.stringify(batch) })),
    );
  }

  /** The receipts of one alert (any channel, the topic is shared) once `done` holds for them. */
  receiptsOf(alertId: string, done: (receipts: DeliveryReceipt[]) => boolean): Promise<DeliveryReceipt[]> {
    const mine = (messages: TopicMessage<DeliveryReceipt>[]) =>
      messages.map((m) => m.value).filter((r) => r.alertId === alertId);
    return readUntil<DeliveryReceipt>(`${this.prefix}${Topic.DeliveryReceipts}`, (messages) =>
      done(mine(messages)),
    ).then(mine);
  }
}

/** Recipients a killed worker left in doubt: claimed (maybe sent), never recorded as done. */
export async function recipientsInDoubt(pool: Pool, alertId: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ recipient_id: string }>(
    `SELECT recipient_id FROM delivery_ledger WHERE alert_id = $1 AND status = 'sending'`,
    [alertId],
  );
  return new Set(rows.map((row) => row.recipient_id));
}

/** Resolves once the ledger holds `count` recipients of the version as delivered: nothing is left to send. */
export async function untilLedgerDelivered(
  ledger: DeliveryLedger,
  key: VersionKey,
  count: number,
): Promise<void> {
  for (
    let counts = await ledger.statusCounts(key);
    counts.delivered < count;
    counts = await ledger.statusCounts(key)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
