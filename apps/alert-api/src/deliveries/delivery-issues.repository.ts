import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

/** At most this many dead letters in one answer: the dashboard shows a sample, with the total. */
export const DEAD_LETTER_LIMIT = 100;

export interface DeadLetterRow {
  channel: string;
  recipientId: string;
  version: number;
  attempts: number;
  lastError: string | null;
  at: string;
}

export interface PartnerAckRow {
  partnerId: string;
  country: string;
  name: string;
  matchedVersion: number;
  reasons: unknown;
  matchedAt: string;
  /** Versions of this alert the partner acknowledged (CAP Ack referencing our publication), oldest first. */
  acks: { version: number; receivedAt: string }[];
}

/**
 * What the operator looks at beside the progress bars: the recipients the
 * workers gave up on (delivery_ledger 'failed', with the last error), and the
 * partners an alert concerns with the CAP Acks they sent back.
 */
@Injectable()
export class DeliveryIssuesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async alertExists(alertId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
    return Boolean(rowCount);
  }

  async deadLetters(alertId: string): Promise<{ total: number; items: DeadLetterRow[] }> {
    const [{ rows: count }, { rows }] = await Promise.all([
      this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM delivery_ledger WHERE alert_id = $1 AND status = 'failed'`,
        [alertId],
      ),
      this.pool.query<DeadLetterRow>(
        `SELECT channel, recipient_id AS "recipientId", version, attempts, last_error AS "lastError",
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
           FROM delivery_ledger
          WHERE alert_id = $1 AND status = 'failed'
          ORDER BY updated_at DESC, channel, recipient_id
          LIMIT $2`,
        [alertId, DEAD_LETTER_LIMIT],
      ),
    ]);
    return { total: count[0].n, items: rows };
  }

  async partnerAcks(alertId: string): Promise<PartnerAckRow[]> {
    const { rows } = await this.pool.query<PartnerAckRow>(
      `SELECT p.id AS "partnerId", p.country, p.name, m.version AS "matchedVersion", m.reasons,
              to_char(m.matched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "matchedAt",
              COALESCE(
                (SELECT json_agg(json_build_object('version', pub.version, 'receivedAt', msg.received_at)
                                 ORDER BY msg.received_at)
                   FROM partner_inbound_messages msg
                   JOIN alert_publications pub ON msg.acknowledges = pub.sender || ',' || pub.identifier
                  WHERE msg.partner_id = p.id AND msg.msg_type = 'Ack' AND pub.alert_id = m.alert_id),
                '[]'::json) AS acks
         FROM partner_alert_matches m
         JOIN partners p ON p.id = m.partner_id
        WHERE m.alert_id = $1
        ORDER BY p.country`,
      [alertId],
    );
    return rows;
  }
}
