import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  alertContentFromJson,
  type AlertContent,
  type ClosureContent,
  closureContentFromJson,
} from '@childalert/alerts';
import { PG_POOL } from '@childalert/persistence';

/** The version of an alert the public sees now, with its CAP message as published. */
export interface LiveAlert {
  alertId: string;
  state: string;
  version: number;
  sent: Date;
  /** The exact CAP bytes ('' once erased by retention). */
  capXml: string;
  live: { kind: 'content'; content: AlertContent } | { kind: 'closure'; content: ClosureContent };
}

const LIMIT = 200;

/**
 * Reads published alerts for broadcasters: live ones, and for a while those
 * that ended (their closure only: no personal data), never exercises, never
 * redacted ones. alert_publications is insert-only: what it returns is what
 * went out.
 */
@Injectable()
export class BroadcastAlertsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async feed(endedSince: Date): Promise<LiveAlert[]> {
    const { rows } = await this.pool.query<Row>(
      `${SELECT}
        WHERE NOT a.exercise AND a.redacted_at IS NULL
          AND (a.state = 'ACTIVE' OR (a.state IN ('RESOLVED', 'CANCELLED', 'EXPIRED') AND a.updated_at >= $1))
        ORDER BY p.sent DESC, a.id
        LIMIT ${LIMIT}`,
      [endedSince],
    );
    return rows.map(toLiveAlert);
  }

  /** The alert as the public sees it now; undefined when never published, an exercise or erased. */
  async live(alertId: string): Promise<LiveAlert | undefined> {
    const { rows } = await this.pool.query<Row>(
      `${SELECT} WHERE a.id = $1 AND NOT a.exercise AND a.redacted_at IS NULL`,
      [alertId],
    );
    return rows[0] ? toLiveAlert(rows[0]) : undefined;
  }

  /** The stored, metadata-free original of a photo of the alert (undefined when gone). */
  async photo(alertId: string, photoId: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>(
      `SELECT v.bytes FROM photo_variants v JOIN photos p ON p.id = v.photo_id
        WHERE p.alert_id = $1 AND p.id = $2 AND v.variant = 'original' AND v.redacted_at IS NULL`,
      [alertId, photoId],
    );
    return rows[0]?.bytes;
  }
}

interface Row {
  id: string;
  state: string;
  version: number;
  sent: Date;
  cap_xml: string;
  kind: 'content' | 'closure';
  content: unknown;
}

const SELECT = `
  SELECT a.id, a.state, p.version, p.sent, p.cap_xml, v.kind, v.content
    FROM alerts a
    JOIN alert_publications p ON p.alert_id = a.id AND p.version = a.live_version
    JOIN alert_versions v ON v.alert_id = a.id AND v.version = a.live_version`;

function toLiveAlert(row: Row): LiveAlert {
  return {
    alertId: row.id,
    state: row.state,
    version: row.version,
    sent: row.sent,
    capXml: row.cap_xml,
    live:
      row.kind === 'content'
        ? { kind: 'content', content: alertContentFromJson(row.content) }
        : { kind: 'closure', content: closureContentFromJson(row.content) },
  };
}
