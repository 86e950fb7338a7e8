import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  type AlertVersion,
  alertContentFromJson,
  closureContentFromJson,
  type ContentVersion,
} from '@childalert/alerts';
import { ALERT_EVENT_TYPES, type AlertEventType } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';
import type { PublishedVersion } from './published-version';

/** Where the workers read what a published version says. */
export interface PublishedAlertSource {
  /** The version, or undefined when the database does not hold it. */
  load(alertId: string, version: number, eventType: string): Promise<PublishedVersion | undefined>;
}

export const PUBLISHED_ALERT_SOURCE = Symbol('PUBLISHED_ALERT_SOURCE');

interface VersionRow {
  version: number;
  kind: 'content' | 'closure';
  content: unknown;
  content_hash: string;
  created_at: Date;
  created_by: string;
  created_by_organisation: string;
  exercise: boolean;
  type: string | null;
}

/**
 * Reads alert_versions (the immutable content of each version), its
 * publication row (the event type it went out as) and, for an update, the
 * content version published before it. Versions never change, so callers
 * may cache what this returns.
 */
@Injectable()
export class PostgresPublishedAlertSource implements PublishedAlertSource {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async load(alertId: string, version: number, eventType: string): Promise<PublishedVersion | undefined> {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT v.version, v.kind, v.content, v.content_hash, v.created_at, v.created_by,
              v.created_by_organisation, a.exercise, p.type
         FROM alert_versions v
         JOIN alerts a ON a.id = v.alert_id
         LEFT JOIN alert_publications p ON p.alert_id = v.alert_id AND p.version = v.version
        WHERE v.alert_id = $1 AND v.version = $2`,
      [alertId, version],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const type = eventTypeOf(row.type ?? eventType);
    const alertVersion = toAlertVersion(alertId, row);
    const previous =
      type === 'updated' && alertVersion.kind === 'content'
        ? await this.previousContent(alertId, version)
        : undefined;
    return { alertId, version, eventType: type, exercise: row.exercise, alertVersion, previous };
  }

  /** The content version published last before `version` (what an update changes). */
  private async previousContent(alertId: string, version: number): Promise<ContentVersion | undefined> {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT v.version, v.kind, v.content, v.content_hash, v.created_at, v.created_by,
              v.created_by_organisation, a.exercise, p.type
         FROM alert_versions v
         JOIN alerts a ON a.id = v.alert_id
         JOIN alert_publications p ON p.alert_id = v.alert_id AND p.version = v.version
        WHERE v.alert_id = $1 AND v.version < $2 AND v.kind = 'content'
        ORDER BY v.version DESC
        LIMIT 1`,
      [alertId, version],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const previous = toAlertVersion(alertId, row);
    return previous.kind === 'content' ? previous : undefined;
  }
}

function eventTypeOf(type: string): AlertEventType {
  const found = ALERT_EVENT_TYPES.find((candidate) => candidate === type);
  if (found === undefined) throw new Error(`unknown alert event type ${JSON.stringify(type)}`);
  return found;
}

function toAlertVersion(alertId: string, row: VersionRow): AlertVersion {
  const base = {
    alertId,
    version: row.version,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    createdBy: { userId: row.created_by, organisationId: row.created_by_organisation },
  };
  return row.kind === 'content'
    ? { ...base, kind: 'content', content: alertContentFromJson(row.content) }
    : { ...base, kind: 'closure', content: closureContentFromJson(row.content) };
}
