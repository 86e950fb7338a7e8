import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  type AlertContent,
  AlertFixtures,
  capIdentifierOf,
  type ClosureContent,
  type ClosureOutcome,
  contentHashOf,
  contentToJson,
} from '@childalert/alerts';
import type { AlertEventType } from '@childalert/contracts';

/**
 * Published alerts as alert-api's lifecycle leaves them in the database
 * (alerts, alert_versions, alert_publications), written directly: the
 * delivery tests need what a worker reads, not the lifecycle's commands.
 */
export class PublishedAlerts {
  constructor(private readonly pool: Pool) {}

  /** A new ACTIVE alert with its first version published as `activated`. */
  async activate(content: AlertContent = AlertFixtures.anAlertContent()): Promise<string> {
    const alertId = randomUUID();
    await this.pool.query(
      `INSERT INTO alerts (id, state, exercise, author_id, author_organisation, created_at, updated_at,
                           latest_version, live_version, last_content_version, channels, expires_at)
       VALUES ($1, 'ACTIVE', $2, 'u-officer', 'police', now(), now(), 1, 1, 1, '{email}', $3)`,
      [alertId, content.exercise, content.expiresAt],
    );
    await this.insertVersion(alertId, 1, 'content', content, 'activated');
    return alertId;
  }

  /** Publishes content version `version` as an update. */
  async update(alertId: string, version: number, content: AlertContent): Promise<void> {
    await this.insertVersion(alertId, version, 'content', content, 'updated');
    await this.pool.query(
      `UPDATE alerts SET latest_version = $2, live_version = $2, last_content_version = $2, updated_at = now()
        WHERE id = $1`,
      [alertId, version],
    );
  }

  /** Ends the alert with a closure version (the lock the lifecycle takes included). */
  async end(alertId: string, version: number, outcome: ClosureOutcome, base: AlertContent): Promise<void> {
    const closure: ClosureContent = {
      outcome,
      languages: [...base.languages],
      area: base.area,
      exercise: base.exercise,
    };
    const type: AlertEventType =
      outcome === 'found_safe' ? 'resolved' : outcome === 'cancelled' ? 'cancelled' : 'expired';
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE', [alertId]);
      await this.insertVersion(alertId, version, 'closure', closure, type, client);
      const state = outcome === 'found_safe' ? 'RESOLVED' : outcome === 'cancelled' ? 'CANCELLED' : 'EXPIRED';
      await client.query(
        `UPDATE alerts SET state = $2, latest_version = $3, live_version = $3, expires_at = NULL, updated_at = now()
          WHERE id = $1`,
        [alertId, state, version],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  private async insertVersion(
    alertId: string,
    version: number,
    kind: 'content' | 'closure',
    content: AlertContent | ClosureContent,
    type: AlertEventType,
    db: Pick<Pool, 'query'> = this.pool,
  ): Promise<void> {
    await db.query(
      `INSERT INTO alert_versions (alert_id, version, kind, content, content_hash, created_at, created_by,
                                   created_by_organisation)
       VALUES ($1, $2, $3, $4, $5, now(), 'u-operator', 'ngo')`,
      [alertId, version, kind, contentToJson(content), contentHashOf(content)],
    );
    const msgType = type === 'activated' ? 'Alert' : type === 'updated' ? 'Update' : 'Cancel';
    await db.query(
      `INSERT INTO alert_publications (alert_id, version, type, msg_type, identifier, sender, sent, exercise,
                                       channels, event_id, cap_xml, cap_sha256)
       VALUES ($1, $2, $3, $4, $5, 'alerts@childalert.example', now(), $6, '{email}', $7, '<alert/>', $8)`,
      [
        alertId,
        version,
        type,
        msgType,
        capIdentifierOf(alertId, version),
        content.exercise,
        randomUUID(),
        '0'.repeat(64),
      ],
    );
  }
}
