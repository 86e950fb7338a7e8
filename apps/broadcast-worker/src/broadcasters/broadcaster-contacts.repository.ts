import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

export type BroadcastFormat = 'cap' | 'json';

/** What the worker needs to reach one broadcaster. */
export interface BroadcasterContact {
  name: string;
  webhookUrl: string;
  formats: BroadcastFormat[];
  /** The current signing secret first; the previous one while a rotation's overlap lasts. */
  secrets: string[];
}

/** The broadcasters table as the worker reads it: active ones only (disabled or deleted = skipped). */
@Injectable()
export class BroadcasterContactsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async load(ids: readonly string[]): Promise<Map<string, BroadcasterContact>> {
    const uuids = ids.filter((id) => UUID.test(id));
    if (uuids.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      webhook_url: string;
      formats: BroadcastFormat[];
      signing_secret: string;
      previous_signing_secret: string | null;
    }>(
      `SELECT id, name, webhook_url, formats, signing_secret,
              CASE WHEN previous_secret_expires_at > now() THEN previous_signing_secret END AS previous_signing_secret
         FROM broadcasters WHERE id = ANY($1::uuid[]) AND active`,
      [uuids],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          name: row.name,
          webhookUrl: row.webhook_url,
          formats: row.formats,
          secrets: [
            row.signing_secret,
            ...(row.previous_signing_secret ? [row.previous_signing_secret] : []),
          ],
        },
      ]),
    );
  }

  /** The receiver answered 410 Gone: no more webhooks until an admin enables it again. */
  async disable(id: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE broadcasters SET active = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
        WHERE id = $1 AND active`,
      [id, reason],
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
