import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import {
  DATABASE,
  type Database,
  type DatabaseExecutor,
  type DatabaseTransaction,
} from '@childalert/persistence';
import type { InboundAlert, Partner } from './partner.types';

const PARTNER_COLUMNS =
  sql.raw(`id::text AS id, country, name, inbound_url AS "inboundUrl", languages, rules, reach,
  certificate_pem AS "certificatePem", certificate_sha256 AS "certificateSha256", auto_reissue AS "autoReissue",
  reissue_channels AS "reissueChannels", api_key_id::text AS "apiKeyId", created_at AS "createdAt",
  disabled_at AS "disabledAt"`);

const INBOUND_COLUMNS =
  sql.raw(`a.id::text AS id, a.partner_id::text AS "partnerId", p.country, p.name AS "partnerName",
  a.sender, a.identifier, a.sent, a.status, a.headline, a.received_at AS "receivedAt", a.updated_at AS "updatedAt",
  a.local_alert_id::text AS "localAlertId", a.reissued_at AS "reissuedAt"`);

export interface NewInboundMessage {
  id: string;
  partnerId: string;
  sender: string;
  identifier: string;
  sent: Date;
  msgType: string;
  refs: string[];
  inboundAlertId: string | null;
  acknowledges: string | null;
  capXml: string;
}

function textArray(values: readonly string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
}

/** The partner tables; queries only. */
@Injectable()
export class PartnerRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(
    partner: Omit<Partner, 'createdAt' | 'disabledAt'>,
    createdBy: string,
    db: DatabaseExecutor,
  ): Promise<Partner> {
    const result = await db.execute<Partner & Record<string, unknown>>(sql`
      INSERT INTO partners (id, country, name, inbound_url, languages, rules, reach, certificate_pem, certificate_sha256,
                            auto_reissue, reissue_channels, api_key_id, created_by, created_at, updated_at)
      VALUES (${partner.id}, ${partner.country}, ${partner.name}, ${partner.inboundUrl}, ${textArray(partner.languages)},
              ${textArray(partner.rules)}, ${partner.reach === null ? null : JSON.stringify(partner.reach)}::jsonb,
              ${partner.certificatePem}, ${partner.certificateSha256}, ${partner.autoReissue},
              ${textArray(partner.reissueChannels)}, ${partner.apiKeyId}, ${createdBy}, now(), now())
      RETURNING ${PARTNER_COLUMNS}`);
    return result.rows[0];
  }

  async list(): Promise<Partner[]> {
    const result = await this.db.execute<Partner & Record<string, unknown>>(
      sql`SELECT ${PARTNER_COLUMNS} FROM partners ORDER BY country, created_at`,
    );
    return result.rows;
  }

  async find(id: string, db: DatabaseExecutor = this.db): Promise<Partner | undefined> {
    const result = await db.execute<Partner & Record<string, unknown>>(
      sql`SELECT ${PARTNER_COLUMNS} FROM partners WHERE id = ${id}::uuid`,
    );
    return result.rows[0];
  }

  async activeCountryTaken(country: string, db: DatabaseExecutor): Promise<boolean> {
    const result = await db.execute(
      sql`SELECT 1 FROM partners WHERE country = ${country} AND disabled_at IS NULL`,
    );
    return result.rows.length > 0;
  }

  async disable(id: string, db: DatabaseExecutor): Promise<Partner | undefined> {
    const result = await db.execute<Partner & Record<string, unknown>>(sql`
      UPDATE partners SET disabled_at = now(), updated_at = now() WHERE id = ${id}::uuid AND disabled_at IS NULL
      RETURNING ${PARTNER_COLUMNS}`);
    return result.rows[0];
  }

  async messageExists(
    sender: string,
    identifier: string,
    sent: Date,
    db: DatabaseExecutor,
  ): Promise<boolean> {
    const result = await db.execute(sql`
      SELECT 1 FROM partner_inbound_messages WHERE sender = ${sender} AND identifier = ${identifier} AND sent = ${sent.toISOString()}::timestamptz`);
    return result.rows.length > 0;
  }

  /** The inbound alert a partner's earlier message (one of `refs`) belongs to. */
  async inboundAlertOfRefs(
    partnerId: string,
    refs: readonly { sender: string; identifier: string; sent: Date }[],
    db: DatabaseExecutor,
  ): Promise<string | undefined> {
    for (const ref of refs) {
      const result = await db.execute<{ id: string }>(sql`
        SELECT inbound_alert_id::text AS id FROM partner_inbound_messages
         WHERE partner_id = ${partnerId}::uuid AND sender = ${ref.sender} AND identifier = ${ref.identifier}
           AND sent = ${ref.sent.toISOString()}::timestamptz AND inbound_alert_id IS NOT NULL`);
      if (result.rows[0]) return result.rows[0].id;
    }
    return undefined;
  }

  /** Whether one of `refs` is a message this deployment published (what an Ack may acknowledge). */
  async ourPublication(
    refs: readonly { sender: string; identifier: string }[],
    db: DatabaseExecutor,
  ): Promise<string | undefined> {
    for (const ref of refs) {
      const result = await db.execute(sql`
        SELECT 1 FROM alert_publications WHERE sender = ${ref.sender} AND identifier = ${ref.identifier}`);
      if (result.rows.length > 0) return `${ref.sender},${ref.identifier}`;
    }
    return undefined;
  }

  async insertInboundAlert(
    alert: {
      id: string;
      partnerId: string;
      sender: string;
      identifier: string;
      sent: Date;
      headline: string | null;
      expiresAt: Date | null;
    },
    db: DatabaseExecutor,
  ): Promise<void> {
    await db.execute(sql`
      INSERT INTO partner_inbound_alerts (id, partner_id, sender, identifier, sent, status, headline, expires_at,
                                          received_at, updated_at)
      VALUES (${alert.id}, ${alert.partnerId}, ${alert.sender}, ${alert.identifier}, ${alert.sent.toISOString()}::timestamptz,
              'active', ${alert.headline}, ${alert.expiresAt?.toISOString() ?? null}::timestamptz, now(), now())`);
  }

  async setInboundStatus(
    id: string,
    status: 'active' | 'ended' | 'cancelled',
    headline: string | null,
    expiresAt: Date | null,
    db: DatabaseExecutor,
  ): Promise<void> {
    await db.execute(sql`
      UPDATE partner_inbound_alerts SET status = ${status}, headline = coalesce(${headline}, headline),
             expires_at = coalesce(${expiresAt?.toISOString() ?? null}::timestamptz, expires_at), updated_at = now()
       WHERE id = ${id}::uuid`);
  }

  async insertMessage(message: NewInboundMessage, db: DatabaseExecutor): Promise<void> {
    await db.execute(sql`
      INSERT INTO partner_inbound_messages (id, partner_id, sender, identifier, sent, msg_type, refs, inbound_alert_id,
                                            acknowledges, cap_xml, received_at)
      VALUES (${message.id}, ${message.partnerId}, ${message.sender}, ${message.identifier},
              ${message.sent.toISOString()}::timestamptz, ${message.msgType}, ${textArray(message.refs)},
              ${message.inboundAlertId}, ${message.acknowledges}, ${message.capXml}, now())`);
  }

  async inboundAlerts(): Promise<InboundAlert[]> {
    const result = await this.db.execute<InboundAlert & Record<string, unknown>>(sql`
      SELECT ${INBOUND_COLUMNS} FROM partner_inbound_alerts a JOIN partners p ON p.id = a.partner_id
       ORDER BY a.received_at DESC LIMIT 200`);
    return result.rows;
  }

  async inboundAlert(id: string, db: DatabaseExecutor = this.db): Promise<InboundAlert | undefined> {
    const result = await db.execute<InboundAlert & Record<string, unknown>>(sql`
      SELECT ${INBOUND_COLUMNS} FROM partner_inbound_alerts a JOIN partners p ON p.id = a.partner_id
       WHERE a.id = ${id}::uuid`);
    return result.rows[0];
  }

  /** Locks the inbound alert (one re-issue at a time) and answers it. */
  async lockInboundAlert(id: string, tx: DatabaseTransaction): Promise<InboundAlert | undefined> {
    await tx.execute(sql`SELECT 1 FROM partner_inbound_alerts WHERE id = ${id}::uuid FOR UPDATE`);
    return this.inboundAlert(id, tx);
  }

  /** The partner's latest message of an inbound alert (what a re-issue is made from). */
  async latestContentMessage(
    inboundAlertId: string,
    db: DatabaseExecutor = this.db,
  ): Promise<string | undefined> {
    const result = await db.execute<{ cap_xml: string }>(sql`
      SELECT cap_xml FROM partner_inbound_messages
       WHERE inbound_alert_id = ${inboundAlertId}::uuid AND msg_type IN ('Alert', 'Update') AND redacted_at IS NULL
       ORDER BY sent DESC LIMIT 1`);
    return result.rows[0]?.cap_xml;
  }

  async linkReissue(inboundAlertId: string, localAlertId: string, by: string): Promise<void> {
    await this.db.execute(sql`
      UPDATE partner_inbound_alerts SET local_alert_id = ${localAlertId}::uuid, reissued_at = now(), reissued_by = ${by},
             updated_at = now()
       WHERE id = ${inboundAlertId}::uuid AND local_alert_id IS NULL`);
  }

  /** What a partner's feed holds: the signed messages it was sent, newest first. */
  async sentMessages(
    partnerId: string,
    limit: number,
  ): Promise<{ alertId: string; version: number; capXml: string; signedAt: Date }[]> {
    const result = await this.db.execute<{
      alertId: string;
      version: number;
      capXml: string;
      signedAt: Date;
    }>(sql`
      SELECT alert_id::text AS "alertId", version, cap_xml AS "capXml", signed_at AS "signedAt"
        FROM partner_sent_messages WHERE partner_id = ${partnerId}::uuid AND redacted_at IS NULL
       ORDER BY signed_at DESC LIMIT ${limit}`);
    return result.rows;
  }
}
