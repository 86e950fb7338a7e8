import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@childalert/persistence';

/** A partner system as the worker reaches it. */
export interface PartnerContact {
  id: string;
  country: string;
  inboundUrl: string;
  languages: string[];
}

/** Reads registered partners (alert-api's registry): disabled ones are gone, so their sends are skipped. */
@Injectable()
export class PartnerDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async byIds(ids: readonly string[]): Promise<Map<string, PartnerContact>> {
    const { rows } = await this.pool.query<PartnerContact>(
      `SELECT id::text AS id, country, inbound_url AS "inboundUrl", languages
         FROM partners WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`,
      [ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id))],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
