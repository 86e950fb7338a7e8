import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { StoredArea } from '@childalert/audience';
import {
  DATABASE,
  type Database,
  type DatabaseExecutor,
  type DatabaseTransaction,
} from '@childalert/persistence';
import type { BroadcastFormat, Broadcaster } from './broadcaster.types';

interface BroadcasterRow extends Record<string, unknown> {
  id: string;
  name: string;
  webhook_url: string;
  languages: string[];
  area: StoredArea;
  formats: BroadcastFormat[];
  api_key_id: string | null;
  active: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  previous_secret_expires_at: Date | null;
}

export interface BroadcasterFields {
  name: string;
  webhookUrl: string;
  languages: string[];
  area: StoredArea;
  formats: BroadcastFormat[];
}

const COLUMNS = sql.raw(
  `id, name, webhook_url, languages, area, formats, api_key_id, active, disabled_reason, disabled_at,
   created_by, created_at, updated_at, previous_secret_expires_at`,
);

/** The broadcasters table; queries only. */
@Injectable()
export class BroadcasterRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(
    id: string,
    fields: BroadcasterFields,
    signingSecret: string,
    createdBy: string,
    db: DatabaseExecutor,
  ): Promise<Broadcaster> {
    const result = await db.execute<BroadcasterRow>(sql`
      INSERT INTO broadcasters (id, name, webhook_url, languages, area, countries, formats, signing_secret, created_by)
      VALUES (${id}, ${fields.name}, ${fields.webhookUrl}, ${textArray(fields.languages)},
              ${JSON.stringify(fields.area)}::jsonb, ${textArray(fields.area.countries)},
              ${textArray(fields.formats)}, ${signingSecret}, ${createdBy})
      RETURNING ${COLUMNS}`);
    return toBroadcaster(result.rows[0]);
  }

  async find(id: string, db: DatabaseExecutor = this.db): Promise<Broadcaster | undefined> {
    const result = await db.execute<BroadcasterRow>(
      sql`SELECT ${COLUMNS} FROM broadcasters WHERE id = ${id}`,
    );
    return result.rows[0] ? toBroadcaster(result.rows[0]) : undefined;
  }

  /** Locks the row for a change in the caller's transaction. */
  async lock(id: string, tx: DatabaseTransaction): Promise<Broadcaster | undefined> {
    const result = await tx.execute<BroadcasterRow>(
      sql`SELECT ${COLUMNS} FROM broadcasters WHERE id = ${id} FOR UPDATE`,
    );
    return result.rows[0] ? toBroadcaster(result.rows[0]) : undefined;
  }

  async list(): Promise<Broadcaster[]> {
    const result = await this.db.execute<BroadcasterRow>(
      sql`SELECT ${COLUMNS} FROM broadcasters ORDER BY created_at, id`,
    );
    return result.rows.map(toBroadcaster);
  }

  async update(id: string, fields: BroadcasterFields, tx: DatabaseTransaction): Promise<Broadcaster> {
    const result = await tx.execute<BroadcasterRow>(sql`
      UPDATE broadcasters
         SET name = ${fields.name}, webhook_url = ${fields.webhookUrl}, languages = ${textArray(fields.languages)},
             area = ${JSON.stringify(fields.area)}::jsonb, countries = ${textArray(fields.area.countries)},
             formats = ${textArray(fields.formats)}, updated_at = now()
       WHERE id = ${id}
      RETURNING ${COLUMNS}`);
    return toBroadcaster(result.rows[0]);
  }

  async setActive(
    id: string,
    active: boolean,
    reason: string | null,
    tx: DatabaseTransaction,
  ): Promise<Broadcaster> {
    const result = await tx.execute<BroadcasterRow>(sql`
      UPDATE broadcasters
         SET active = ${active}, disabled_reason = ${active ? null : reason},
             disabled_at = ${active ? null : sql`now()`}, updated_at = now()
       WHERE id = ${id}
      RETURNING ${COLUMNS}`);
    return toBroadcaster(result.rows[0]);
  }

  /** The new secret signs from now on; the old one too, until `previousValidUntil`. */
  async rotateSecret(
    id: string,
    secret: string,
    previousValidUntil: Date,
    tx: DatabaseTransaction,
  ): Promise<Broadcaster> {
    const result = await tx.execute<BroadcasterRow>(sql`
      UPDATE broadcasters
         SET previous_signing_secret = signing_secret, previous_secret_expires_at = ${previousValidUntil.toISOString()}::timestamptz,
             signing_secret = ${secret}, updated_at = now()
       WHERE id = ${id}
      RETURNING ${COLUMNS}`);
    return toBroadcaster(result.rows[0]);
  }

  async setApiKey(id: string, apiKeyId: string, tx: DatabaseTransaction): Promise<Broadcaster> {
    const result = await tx.execute<BroadcasterRow>(sql`
      UPDATE broadcasters SET api_key_id = ${apiKeyId}, updated_at = now() WHERE id = ${id}
      RETURNING ${COLUMNS}`);
    return toBroadcaster(result.rows[0]);
  }
}

/** A text[] parameter (drizzle would spread a JS array into a row constructor). */
function textArray(values: readonly string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
}

function toBroadcaster(row: BroadcasterRow): Broadcaster {
  return {
    id: row.id,
    name: row.name,
    webhookUrl: row.webhook_url,
    languages: row.languages,
    area: row.area,
    formats: row.formats,
    apiKeyId: row.api_key_id,
    active: row.active,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    previousSecretExpiresAt: row.previous_secret_expires_at ? new Date(row.previous_secret_expires_at) : null,
  };
}
