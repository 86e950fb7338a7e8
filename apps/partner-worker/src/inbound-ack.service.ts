import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  buildCapXml,
  CAP_MIME_TYPE,
  type CapStatus,
  CAP_STATUSES,
  parseCapDate,
  signCapXml,
} from '@childalert/cap';
import type { PartnerInboundEvent } from '@childalert/contracts';
import { PG_POOL } from '@childalert/persistence';
import { PartnerHttpClient } from './partner-http.client';
import { PARTNER_SETTINGS, type PartnerSettings } from './partner.settings';

export type AckOutcome = { outcome: 'sent' } | { outcome: 'skipped'; reason: string };

/**
 * The receipt a partner gets for each message it sent in: a signed CAP Ack
 * referring to it. Its identifier and sent come from the stored message, so a
 * repeated Ack is the same message and the partner sees it once.
 */
@Injectable()
export class InboundAckService {
  private readonly logger = new Logger(InboundAckService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PARTNER_SETTINGS) private readonly settings: PartnerSettings,
    private readonly client: PartnerHttpClient,
  ) {}

  async acknowledge(event: PartnerInboundEvent): Promise<AckOutcome> {
    const { rows } = await this.pool.query<{ country: string; inbound_url: string }>(
      `SELECT country, inbound_url FROM partners WHERE id = $1 AND disabled_at IS NULL`,
      [event.partnerId],
    );
    const partner = rows[0];
    if (partner === undefined)
      return { outcome: 'skipped', reason: `partner ${event.partnerId} is not registered` };
    const apiKey = this.settings.outboundApiKeys[partner.country];
    if (apiKey === undefined)
      return { outcome: 'skipped', reason: `no API key for ${partner.country} in PARTNER_OUTBOUND_API_KEYS` };
    const status: CapStatus = (CAP_STATUSES as readonly string[]).includes(event.status)
      ? (event.status as CapStatus)
      : 'Actual';
    const xml = signCapXml(
      buildCapXml({
        identifier: `ack-${event.messageId}`,
        sender: this.settings.capSender,
        sent: new Date(event.receivedAt),
        status,
        msgType: 'Ack',
        scope: 'Public',
        note: `received; signature and CAP 1.2 schema verified (${event.msgType})`,
        references: [
          {
            sender: event.sender,
            identifier: event.identifier,
            sent: parseCapDate(event.sent) ?? new Date(event.sent),
          },
        ],
        infos: [],
      }),
      this.settings.signingKey,
    );
    const result = await this.client.post(partner.inbound_url, xml, {
      'Content-Type': `${CAP_MIME_TYPE}; charset=utf-8`,
      'X-API-Key': apiKey,
      'Idempotency-Key': `partner-ack:${event.messageId}`,
    });
    if (result.kind === 'answered' && result.status >= 200 && result.status < 300) return { outcome: 'sent' };
    if (
      result.kind === 'answered' &&
      result.status >= 400 &&
      result.status < 500 &&
      result.status !== 408 &&
      result.status !== 429
    ) {
      // The partner refuses the receipt itself: trying again will not change that.
      this.logger.warn(
        `Ack of ${event.identifier} refused by ${partner.country}: ${result.status} ${result.body}`,
      );
      return { outcome: 'skipped', reason: `refused with ${result.status}` };
    }
    // Away or busy: the consumer's retries (and its dead letters) take over.
    throw new Error(
      `Ack of ${event.identifier} to ${partner.country} not delivered: ${result.kind === 'answered' ? result.status : result.reason}`,
    );
  }
}
