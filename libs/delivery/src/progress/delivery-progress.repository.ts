import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Channel, DeliveryReceipt, ReceiptOutcome } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';
import type {
  AlertDeliveryProgress,
  ChannelProgress,
  ProgressCounts,
  VersionProgress,
} from './delivery-progress.types';

/** An outcome only moves forward: a later, weaker receipt (a replayed retry) changes nothing. */
const RANK: Record<ReceiptOutcome, number> = { retried: 1, skipped: 2, failed: 3, delivered: 4 };
const COUNTER: Record<ReceiptOutcome, 'retrying' | 'skipped' | 'failed' | 'delivered'> = {
  retried: 'retrying',
  skipped: 'skipped',
  failed: 'failed',
  delivered: 'delivered',
};

interface Delta {
  alertId: string;
  version: number;
  channel: string;
  delivered: number;
  failed: number;
  skipped: number;
  retrying: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

/**
 * Progress from receipts (delivery_outcomes + delivery_progress): each
 * recipient's latest outcome is kept, and the counters move only when it
 * changes, in the same transaction, so receipts delivered twice count once.
 * Reads are one row per (alert, version, channel), whatever the audience.
 */
@Injectable()
export class DeliveryProgressRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Applies receipts; returns the ids of alerts whose progress changed. */
  async apply(receipts: readonly DeliveryReceipt[]): Promise<string[]> {
    const latest = new Map<string, DeliveryReceipt>();
    for (const receipt of receipts) {
      const key = `${receipt.alertId}|${receipt.version}|${receipt.channel}|${receipt.recipientId}`;
      const seen = latest.get(key);
      if (seen === undefined || RANK[receipt.outcome] > RANK[seen.outcome]) latest.set(key, receipt);
    }
    if (latest.size === 0) return [];
    const incoming = [...latest.values()];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One alert's receipts are applied by one transaction at a time (they share a partition anyway).
      const alertIds = [...new Set(incoming.map((r) => r.alertId))].sort();
      await client.query(
        'SELECT pg_advisory_xact_lock(hashtextextended(id, 7240115006)) FROM unnest($1::text[]) AS id ORDER BY id',
        [alertIds],
      );
      const previous = await this.currentOutcomes(client, incoming);
      const changed = incoming.filter((r) => {
        const before = previous.get(keyOf(r));
        return before === undefined || RANK[r.outcome] > RANK[before];
      });
      if (changed.length > 0) {
        await this.upsertOutcomes(client, changed);
        await this.addDeltas(client, deltasOf(changed, previous));
      }
      await client.query('COMMIT');
      return [...new Set(changed.map((r) => r.alertId))];
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Planned and counted, per channel and version; empty channels when nothing is known yet. */
  async read(alertId: string): Promise<AlertDeliveryProgress> {
    const { rows } = await this.pool.query<{
      version: number;
      channel: Channel;
      event_type: string | null;
      planned: number | null;
      delivered: number | null;
      failed: number | null;
      skipped: number | null;
      retrying: number | null;
      first_delivered_at: Date | null;
      last_delivered_at: Date | null;
    }>(
      `SELECT version, channel, p.event_type, p.planned, g.delivered, g.failed, g.skipped, g.retrying,
              g.first_delivered_at, g.last_delivered_at
         FROM (SELECT * FROM delivery_plans WHERE alert_id = $1) p
         FULL JOIN (SELECT * FROM delivery_progress WHERE alert_id = $1) g USING (alert_id, version, channel)
        ORDER BY channel, version`,
      [alertId],
    );
    const channels = new Map<Channel, VersionProgress[]>();
    for (const row of rows) {
      const counts = countsOf({
        planned: row.planned ?? 0,
        delivered: row.delivered ?? 0,
        failed: row.failed ?? 0,
        skipped: row.skipped ?? 0,
        retrying: row.retrying ?? 0,
        firstDeliveryAt: row.first_delivered_at,
        lastDeliveryAt: row.last_delivered_at,
      });
      const versions = channels.get(row.channel) ?? [];
      versions.push({ version: row.version, eventType: row.event_type, ...counts });
      channels.set(row.channel, versions);
    }
    return {
      alertId,
      channels: [...channels.entries()].map(([channel, versions]): ChannelProgress => ({
        channel,
        ...sumOf(versions),
        versions,
      })),
    };
  }

  private async currentOutcomes(
    client: PoolClient,
    receipts: readonly DeliveryReceipt[],
  ): Promise<Map<string, ReceiptOutcome>> {
    const { rows } = await client.query<{
      alert_id: string;
      version: number;
      channel: string;
      recipient_id: string;
      outcome: ReceiptOutcome;
    }>(
      `SELECT o.alert_id, o.version, o.channel, o.recipient_id, o.outcome
         FROM delivery_outcomes o
         JOIN unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS k(alert_id, version, channel, recipient_id)
           ON o.alert_id = k.alert_id AND o.version = k.version AND o.channel = k.channel
          AND o.recipient_id = k.recipient_id`,
      [
        receipts.map((r) => r.alertId),
        receipts.map((r) => r.version),
        receipts.map((r) => r.channel),
        receipts.map((r) => r.recipientId),
      ],
    );
    return new Map(
      rows.map((row) => [`${row.alert_id}|${row.version}|${row.channel}|${row.recipient_id}`, row.outcome]),
    );
  }

  private async upsertOutcomes(client: PoolClient, receipts: readonly DeliveryReceipt[]): Promise<void> {
    await client.query(
      `INSERT INTO delivery_outcomes (alert_id, version, channel, recipient_id, outcome, at)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (alert_id, version, channel, recipient_id) DO UPDATE
          SET outcome = EXCLUDED.outcome, at = EXCLUDED.at`,
      [
        receipts.map((r) => r.alertId),
        receipts.map((r) => r.version),
        receipts.map((r) => r.channel),
        receipts.map((r) => r.recipientId),
        receipts.map((r) => r.outcome),
        receipts.map((r) => r.at),
      ],
    );
  }

  private async addDeltas(client: PoolClient, deltas: readonly Delta[]): Promise<void> {
    const keys = [deltas.map((d) => d.alertId), deltas.map((d) => d.version), deltas.map((d) => d.channel)];
    // Rows first, then the deltas: a delta may be negative (retried → delivered), and a
    // check constraint would refuse it as an inserted row even where the conflict updates.
    await client.query(
      `INSERT INTO delivery_progress (alert_id, version, channel)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[])
       ON CONFLICT (alert_id, version, channel) DO NOTHING`,
      keys,
    );
    await client.query(
      `UPDATE delivery_progress AS g
          SET delivered = g.delivered + d.delivered,
              failed = g.failed + d.failed,
              skipped = g.skipped + d.skipped,
              retrying = g.retrying + d.retrying,
              first_delivered_at = least(g.first_delivered_at, d.first_at),
              last_delivered_at = greatest(g.last_delivered_at, d.last_at),
              updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[],
                     $8::timestamptz[], $9::timestamptz[])
              AS d(alert_id, version, channel, delivered, failed, skipped, retrying, first_at, last_at)
        WHERE g.alert_id = d.alert_id AND g.version = d.version AND g.channel = d.channel`,
      [
        ...keys,
        deltas.map((d) => d.delivered),
        deltas.map((d) => d.failed),
        deltas.map((d) => d.skipped),
        deltas.map((d) => d.retrying),
        deltas.map((d) => d.firstAt),
        deltas.map((d) => d.lastAt),
      ],
    );
  }
}

function keyOf(r: DeliveryReceipt): string {
  return `${r.alertId}|${r.version}|${r.channel}|${r.recipientId}`;
}

function deltasOf(changed: readonly DeliveryReceipt[], previous: Map<string, ReceiptOutcome>): Delta[] {
  const deltas = new Map<string, Delta>();
  for (const r of changed) {
    const key = `${r.alertId}|${r.version}|${r.channel}`;
    const delta = deltas.get(key) ?? {
      alertId: r.alertId,
      version: r.version,
      channel: r.channel,
      delivered: 0,
      failed: 0,
      skipped: 0,
      retrying: 0,
      firstAt: null,
      lastAt: null,
    };
    const before = previous.get(keyOf(r));
    if (before !== undefined) delta[COUNTER[before]] -= 1;
    delta[COUNTER[r.outcome]] += 1;
    if (r.outcome === 'delivered') {
      const at = new Date(r.at);
      if (delta.firstAt === null || at < delta.firstAt) delta.firstAt = at;
      if (delta.lastAt === null || at > delta.lastAt) delta.lastAt = at;
    }
    deltas.set(key, delta);
  }
  return [...deltas.values()];
}

function countsOf(counts: Omit<ProgressCounts, 'pending'>): ProgressCounts {
  const done = counts.delivered + counts.failed + counts.skipped;
  return { ...counts, pending: Math.max(0, counts.planned - done) };
}

function sumOf(versions: readonly ProgressCounts[]): ProgressCounts {
  const total = { planned: 0, delivered: 0, failed: 0, skipped: 0, retrying: 0 };
  let first: Date | null = null;
  let last: Date | null = null;
  for (const v of versions) {
    total.planned += v.planned;
    total.delivered += v.delivered;
    total.failed += v.failed;
    total.skipped += v.skipped;
    total.retrying += v.retrying;
    if (v.firstDeliveryAt && (first === null || v.firstDeliveryAt < first)) first = v.firstDeliveryAt;
    if (v.lastDeliveryAt && (last === null || v.lastDeliveryAt > last)) last = v.lastDeliveryAt;
  }
  const pending = versions.reduce((sum, v) => sum + v.pending, 0);
  return { ...total, pending, firstDeliveryAt: first, lastDeliveryAt: last };
}
