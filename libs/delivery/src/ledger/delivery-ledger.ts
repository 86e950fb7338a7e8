import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Channel } from '@childalert/contracts';
import { type DeliveryLedgerStatus, PG_POOL } from '@childalert/persistence';
import type {
  ClaimRequest,
  ClaimResult,
  LedgerEntry,
  LedgerMark,
  ReachedRecipient,
  VersionKey,
} from './ledger.types';

const ENDED_STATES = ['RESOLVED', 'CANCELLED', 'EXPIRED', 'REJECTED'];

/**
 * The idempotency ledger (delivery_ledger): exactly-once in effect per
 * (channel, alert, version, recipient).
 *
 * The guarantee, stated honestly: a recipient is claimed ('sending', with a
 * lease) before its send and marked 'delivered' after the provider accepted
 * it. A redelivered batch never sends to 'delivered' or 'failed' rows, and
 * waits for another worker's live lease, so a rebalance or a replay sends
 * nothing twice. One window remains: a crash after the provider accepted a
 * message and before its mark was written (the mark buffer's flush interval
 * plus the sends in flight) leaves the row 'sending'; once its lease ends it
 * is sent again. That resend carries the same provider-side id (SMTP
 * Message-ID, web push Topic) derived from SendContext.idempotencyKey, so a
 * receiver that deduplicates shows it once. Nobody is skipped: a row only
 * becomes terminal after the provider's answer.
 *
 * Cheap at a million recipients: one multi-row INSERT … ON CONFLICT per batch
 * to claim, coalesced multi-row UPDATEs to record, primary-key lookups only.
 */
@Injectable()
export class DeliveryLedger {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The rows of these recipients, by id (absent: never claimed). */
  async read(
    key: VersionKey,
    recipientIds: readonly string[],
    workerId: string,
  ): Promise<Map<string, LedgerEntry>> {
    const ids = [...new Set(recipientIds)];
    const found = new Map<string, LedgerEntry>();
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<{
      recipient_id: string;
      status: DeliveryLedgerStatus;
      attempts: number;
      last_error: string | null;
      lease_ms: number | null;
      mine: boolean;
    }>(
      `SELECT recipient_id, status, attempts, last_error,
              CASE WHEN status = 'sending' THEN
                greatest(0, ceil(extract(epoch FROM lease_until - clock_timestamp()) * 1000))::int END AS lease_ms,
              claimed_by IS NOT DISTINCT FROM $5::uuid AS mine
         FROM delivery_ledger
        WHERE channel = $1 AND alert_id = $2 AND version = $3 AND recipient_id = ANY($4::text[])`,
      [key.channel, key.alertId, key.version, ids, workerId],
    );
    for (const row of rows) {
      const leaseRemainingMs = row.status === 'sending' && !row.mine ? (row.lease_ms ?? 0) : 0;
      found.set(row.recipient_id, {
        recipientId: row.recipient_id,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        leasedElsewhere: leaseRemainingMs > 0,
        leaseRemainingMs,
      });
    }
    return found;
  }

  /**
   * Recipients whose earlier version of this alert is being sent right now
   * (a live 'sending' lease: a send under way or waiting in retry backoff),
   * with the lease time left. An ending waits for them, so that nobody gets
   * the alert after its resolution. An expired lease is a send in doubt after
   * a crash: the ending goes ahead, since the alert may well have arrived.
   */
  async earlierVersionsInFlight(
    key: VersionKey,
    recipientIds: readonly string[],
  ): Promise<Map<string, number>> {
    if (recipientIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ recipient_id: string; remaining_ms: number }>(
      `SELECT recipient_id,
              max(extract(epoch FROM lease_until - clock_timestamp()) * 1000)::float8 AS remaining_ms
         FROM delivery_ledger
        WHERE channel = $1 AND alert_id = $2 AND recipient_id = ANY($3::text[]) AND version < $4
          AND status = 'sending' AND lease_until > clock_timestamp()
        GROUP BY recipient_id`,
      [key.channel, key.alertId, recipientIds, key.version],
    );
    return new Map(rows.map((row) => [row.recipient_id, Math.max(0, Math.ceil(row.remaining_ms))]));
  }

  /**
   * Claims recipients for sending in one transaction: new rows, rows handed
   * back ('pending'), and 'sending' rows whose lease ended or that are this
   * worker's own. Recipients another worker holds are left out of `claimed`.
   */
  async claim(key: VersionKey, request: ClaimRequest): Promise<ClaimResult> {
    const unique = new Map(request.recipients.map((r) => [r.id, r.language]));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (request.requireOpenAlert) {
        const { rows } = await client.query<{ state: string }>(
          'SELECT state FROM alerts WHERE id = $1 FOR SHARE',
          [key.alertId],
        );
        const state = rows[0]?.state;
        if (state === undefined) throw new Error(`alert ${key.alertId} does not exist`);
        if (ENDED_STATES.includes(state)) {
          await client.query('COMMIT');
          return { alertEnded: true };
        }
      }
      const claimed = new Map<string, number>();
      if (unique.size > 0) {
        const { rows } = await client.query<{ recipient_id: string; attempts: number }>(
          `INSERT INTO delivery_ledger AS l
                  (channel, alert_id, recipient_id, version, language, status, attempts, claimed_by, lease_until, updated_at)
           SELECT $1, $2, r.id, $3, r.language, 'sending', 0, $6::uuid,
                  clock_timestamp() + make_interval(secs => $7::double precision / 1000), clock_timestamp()
             FROM unnest($4::text[], $5::text[]) AS r(id, language)
           ON CONFLICT (channel, alert_id, recipient_id, version) DO UPDATE
              SET status = 'sending', claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until,
                  updated_at = EXCLUDED.updated_at
            WHERE l.status = 'pending'
               OR (l.status = 'sending' AND (l.lease_until < clock_timestamp() OR l.claimed_by = EXCLUDED.claimed_by))
           RETURNING l.recipient_id, l.attempts`,
          [
            key.channel,
            key.alertId,
            key.version,
            [...unique.keys()],
            [...unique.values()],
            request.workerId,
            request.leaseMs,
          ],
        );
        for (const row of rows) claimed.set(row.recipient_id, row.attempts);
      }
      await client.query('COMMIT');
      return { alertEnded: false, claimed };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Records outcomes in one statement. 'delivered' and 'failed' always land
   * (a later worker's lease does not undo what a provider answered) but never
   * overwrite 'delivered'; 'pending' only releases this worker's own claim.
   */
  async record(marks: readonly LedgerMark[], workerId: string): Promise<void> {
    if (marks.length === 0) return;
    const unique = new Map(marks.map((m) => [`${m.channel}|${m.alertId}|${m.version}|${m.recipientId}`, m]));
    const rows = [...unique.values()];
    await this.pool.query(
      `UPDATE delivery_ledger AS l
          SET status = m.status, attempts = greatest(l.attempts, m.attempts), last_error = m.last_error,
              claimed_by = NULL, lease_until = NULL, updated_at = clock_timestamp()
         FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[])
              AS m(channel, alert_id, version, recipient_id, status, attempts, last_error)
        WHERE l.channel = m.channel AND l.alert_id = m.alert_id AND l.recipient_id = m.recipient_id
          AND l.version = m.version AND l.status <> 'delivered'
          AND (m.status IN ('delivered', 'failed') OR (l.status = 'sending' AND l.claimed_by = $8::uuid))`,
      [
        rows.map((m) => m.channel),
        rows.map((m) => m.alertId),
        rows.map((m) => m.version),
        rows.map((m) => m.recipientId),
        rows.map((m) => m.status),
        rows.map((m) => m.attempts),
        rows.map((m) => (m.lastError === undefined ? null : m.lastError.slice(0, 1000))),
        workerId,
      ],
    );
  }

  /**
   * Everyone an alert reached, or may have reached, on a channel, across its
   * versions: 'delivered' rows and 'sending' ones (in flight or in doubt after
   * a crash). This is the audience of the alert's resolution: a recipient who
   * got the alert must get its end. Distinct recipients in id order (keyset
   * pages on the primary key), in the language they got it in; pass the last
   * id yielded as `after` to resume.
   */
  async *streamReachedRecipients(
    channel: Channel,
    alertId: string,
    options: { batchSize: number; after?: string },
  ): AsyncGenerator<ReachedRecipient[], void, undefined> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    let after = options.after ?? '';
    for (;;) {
      const { rows } = await this.pool.query<{ recipient_id: string; language: string }>(
        `SELECT DISTINCT ON (recipient_id) recipient_id, language
           FROM delivery_ledger
          WHERE channel = $1 AND alert_id = $2 AND recipient_id > $3 AND status IN ('delivered', 'sending')
          ORDER BY recipient_id, version
          LIMIT $4`,
        [channel, alertId, after, options.batchSize],
      );
      if (rows.length > 0) yield rows.map((row) => ({ id: row.recipient_id, language: row.language }));
      if (rows.length < options.batchSize) return;
      after = rows[rows.length - 1].recipient_id;
    }
  }

  /** How many rows of a version are in each status (operations, tests). */
  async statusCounts(key: VersionKey): Promise<Record<DeliveryLedgerStatus, number>> {
    const { rows } = await this.pool.query<{ status: DeliveryLedgerStatus; count: string }>(
      `SELECT status, count(*) AS count FROM delivery_ledger
        WHERE channel = $1 AND alert_id = $2 AND version = $3 GROUP BY status`,
      [key.channel, key.alertId, key.version],
    );
    const counts = { pending: 0, sending: 0, delivered: 0, failed: 0, skipped: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}
