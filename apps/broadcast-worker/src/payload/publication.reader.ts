import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

/** A published version's CAP message, the bytes as they went out. */
export interface PublishedCap {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: string;
  /** Empty once the retention job erased it. */
  xml: string;
}

/** Reads alert_publications (insert-only: a published message never changes). */
@Injectable()
export class PublicationReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async read(alertId: string, version: number): Promise<PublishedCap> {
    const { rows } = await this.pool.query<{
      identifier: string;
      sender: string;
      sent: Date;
      msg_type: string;
      cap_xml: string;
    }>(
      `SELECT identifier, sender, sent, msg_type, cap_xml
         FROM alert_publications WHERE alert_id = $1 AND version = $2`,
      [alertId, version],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`alert ${alertId} has no published version ${version}`);
    return {
      identifier: row.identifier,
      sender: row.sender,
      sent: row.sent,
      msgType: row.msg_type,
      xml: row.cap_xml,
    };
  }
}
