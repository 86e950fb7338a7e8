import { Inject, Injectable } from '@nestjs/common';
import { CAP_MIME_TYPE } from '@childalert/cap';
import {
  type ChannelAdapter,
  type DeliveryRecipient,
  type PublishedVersion,
  type SendContext,
  type SendOutcome,
  SendOutcomes,
} from '@childalert/delivery';
import { PartnerCapBuilder } from './partner-cap.builder';
import { type PartnerContact, PartnerDirectory } from './partner-directory';
import { PartnerHttpClient } from './partner-http.client';
import { outcomeOf } from './partner-response';
import { PARTNER_SETTINGS, type PartnerSettings } from './partner.settings';

/** What every partner's send of a version shares. */
interface PartnerContent {
  alertId: string;
  version: number;
}

/**
 * Partner systems: one signed CAP 1.2 message per partner (in its
 * languages), POSTed to its inbound endpoint with the key it gave us. The
 * idempotency key travels as a header; the partner also recognises a repeat
 * by CAP sender, identifier and sent, which every attempt keeps.
 */
@Injectable()
export class PartnerChannelAdapter implements ChannelAdapter<PartnerContact, PartnerContent> {
  readonly channel = 'partner' as const;

  constructor(
    private readonly directory: PartnerDirectory,
    private readonly builder: PartnerCapBuilder,
    private readonly client: PartnerHttpClient,
    @Inject(PARTNER_SETTINGS) private readonly settings: PartnerSettings,
  ) {}

  resolveRecipients(ids: readonly string[]): Promise<ReadonlyMap<string, PartnerContact>> {
    return this.directory.byIds(ids);
  }

  prepare(version: PublishedVersion): PartnerContent {
    return { alertId: version.alertId, version: version.version };
  }

  async send(
    recipient: DeliveryRecipient<PartnerContact>,
    content: PartnerContent,
    context: SendContext,
  ): Promise<SendOutcome> {
    const partner = recipient.contact;
    const apiKey = this.settings.outboundApiKeys[partner.country];
    if (apiKey === undefined)
      return SendOutcomes.permanent(`no API key for ${partner.country} in PARTNER_OUTBOUND_API_KEYS`);
    const xml = await this.builder.signedFor(content.alertId, content.version, partner.languages);
    if (xml === undefined)
      return SendOutcomes.permanent(`alert ${content.alertId} v${content.version} is no longer held`);
    await this.builder.recordSent(partner.id, content.alertId, content.version, xml);
    const result = await this.client.post(partner.inboundUrl, xml, {
      'Content-Type': `${CAP_MIME_TYPE}; charset=utf-8`,
      'X-API-Key': apiKey,
      'Idempotency-Key': context.idempotencyKey,
    });
    return outcomeOf(result);
  }
}
