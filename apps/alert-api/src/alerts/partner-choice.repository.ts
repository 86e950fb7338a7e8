import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import {
  type PartnerReason,
  type PartnerRule,
  partnerReasons,
  describeReason,
  type ReachSettings,
} from '@childalert/config';
import type { AlertContent } from '@childalert/alerts';
import { DATABASE, type Database, type DatabaseTransaction } from '@childalert/persistence';
import { ApiError } from '../common/api.error';

interface PartnerRow extends Record<string, unknown> {
  id: string;
  country: string;
  name: string;
  rules: PartnerRule[];
  reach: ReachSettings | null;
}

/** A partner that will receive the alert, and why (the preview shows it). */
export interface PartnerRecipientPreview {
  partnerId: string;
  country: string;
  name: string;
  reasons: string[];
}

/**
 * The operator's explicit partner choice at activation, and the preview of
 * which partners an activation will reach (the dispatcher applies the same
 * rules, config/countries partnerReasons, when the message goes out).
 */
@Injectable()
export class PartnerChoiceRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(
    tx: DatabaseTransaction,
    alertId: string,
    partnerIds: readonly string[],
    userId: string,
  ): Promise<void> {
    if (partnerIds.length === 0) return;
    const known = await this.activeIds(partnerIds, tx);
    const unknown = partnerIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw ApiError.badRequest(
        'invalid_input',
        `partnerIds: ${unknown.join(', ')} is not a registered, enabled partner`,
      );
    for (const partnerId of partnerIds) {
      await tx.execute(sql`
        INSERT INTO partner_alert_choices (alert_id, partner_id, chosen_by, chosen_at)
        VALUES (${alertId}, ${partnerId}, ${userId}, now()) ON CONFLICT DO NOTHING`);
    }
  }

  /** Which partners an activation (or update) of this content reaches now, with every reason. */
  async preview(
    alertId: string,
    content: AlertContent,
    explicit: readonly string[],
    now: Date,
  ): Promise<PartnerRecipientPreview[]> {
    const known = await this.activeIds(explicit);
    const unknown = explicit.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw ApiError.badRequest(
        'invalid_input',
        `partners: ${unknown.join(', ')} is not a registered, enabled partner`,
      );
    const partners = await this.db.execute<PartnerRow>(
      sql`SELECT id::text AS id, country, name, rules, reach FROM partners WHERE disabled_at IS NULL ORDER BY country`,
    );
    const earlier = await this.db.execute<{ id: string }>(
      sql`SELECT partner_id::text AS id FROM partner_alert_matches WHERE alert_id = ${alertId}`,
    );
    const facts = {
      lastSeen: { lat: content.lastSeen.place.lat, lon: content.lastSeen.place.lon, at: content.lastSeen.at },
      destinationCountries: content.destinationCountries,
      explicit: new Set(explicit),
      earlier: new Set(earlier.rows.map((row) => row.id)),
      now,
    };
    return partners.rows.flatMap((row) => {
      const reasons: PartnerReason[] = partnerReasons(
        { id: row.id, country: row.country, rules: row.rules, reach: row.reach ?? undefined },
        facts,
      );
      return reasons.length === 0
        ? []
        : [
            {
              partnerId: row.id,
              country: row.country,
              name: row.name,
              reasons: reasons.map((r) => describeReason(r, row.country)),
            },
          ];
    });
  }

  private async activeIds(
    ids: readonly string[],
    db: Database | DatabaseTransaction = this.db,
  ): Promise<Set<string>> {
    const valid = ids.filter((id) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
    );
    if (valid.length === 0) return new Set();
    const list = sql.join(
      valid.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const result = await db.execute<{ id: string }>(
      sql`SELECT id::text AS id FROM partners WHERE id IN (${list}) AND disabled_at IS NULL`,
    );
    return new Set(result.rows.map((row) => row.id));
  }
}
