import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { type PartnerRule, partnerReasons, type ReachSettings } from '@childalert/config';
import { PG_POOL } from '@childalert/persistence';
import { type AudienceInput, type AudienceStream, type RecipientSource, streamOf } from './recipient-source';

interface PartnerRow {
  id: string;
  country: string;
  languages: string[];
  rules: PartnerRule[];
  reach: ReachSettings | null;
}

/**
 * Partner systems whose rule matches a version (config/countries +
 * partnerReasons), those the operator chose at activation, and every partner
 * an earlier message of the alert matched: a partner that got an alert gets
 * each later message of it, whatever its rule says now. The matches are
 * recorded before the batch leaves (the next version and the feed read them).
 * An alert re-issued from a partner's alert never goes back to that partner.
 */
@Injectable()
export class PartnerRecipients implements RecipientSource {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async audienceOf({ event, target, batchSize }: AudienceInput): Promise<AudienceStream> {
    const alertId = event.alertId;
    const [partners, explicit, earlier, origin] = await Promise.all([
      this.pool.query<PartnerRow>(
        `SELECT id::text, country, languages, rules, reach FROM partners WHERE disabled_at IS NULL ORDER BY country`,
      ),
      this.ids(`SELECT partner_id::text AS id FROM partner_alert_choices WHERE alert_id = $1`, alertId),
      this.ids(`SELECT partner_id::text AS id FROM partner_alert_matches WHERE alert_id = $1`, alertId),
      this.ids(
        `SELECT partner_id::text AS id FROM partner_inbound_alerts WHERE local_alert_id = $1`,
        alertId,
      ),
    ]);
    const facts = {
      ...(target.lastSeen ? { lastSeen: target.lastSeen } : {}),
      destinationCountries: target.destinationCountries,
      explicit,
      earlier,
      now: new Date(event.occurredAt),
    };
    const matched = partners.rows
      .filter((partner) => !origin.has(partner.id))
      .map((partner) => ({
        partner,
        reasons: partnerReasons(
          {
            id: partner.id,
            country: partner.country,
            rules: partner.rules,
            reach: partner.reach ?? undefined,
          },
          facts,
        ),
      }))
      .filter((match) => match.reasons.length > 0);
    if (matched.length > 0) {
      await this.pool.query(
        `INSERT INTO partner_alert_matches (alert_id, partner_id, version, reasons, matched_at)
         SELECT $1, m.partner_id, $2, m.reasons, now()
           FROM jsonb_to_recordset($3::jsonb) AS m(partner_id uuid, reasons jsonb)
         ON CONFLICT (alert_id, partner_id) DO NOTHING`,
        [
          alertId,
          event.version,
          JSON.stringify(matched.map((m) => ({ partner_id: m.partner.id, reasons: m.reasons }))),
        ],
      );
    }
    return streamOf(
      matched.map((m) => ({ id: m.partner.id, language: m.partner.languages[0] })),
      batchSize,
    );
  }

  private async ids(sql: string, alertId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(sql, [alertId]);
    return new Set(rows.map((row) => row.id));
  }
}
