import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@childalert/audit';
import {
  assertSafeXml,
  CapParseError,
  formatCapDate,
  type ParsedCap,
  parseCap,
  validateCap,
  verifyCapSignature,
} from '@childalert/cap';
import { Topic } from '@childalert/contracts';
import { OutboxWriter } from '@childalert/outbox';
import { ApiError } from '../common/api.error';
import { PartnerReissueService } from './partner-reissue.service';
import { PartnerRepository } from './partner.repository';
import type { Partner } from './partner.types';

export type InboundOutcome =
  | {
      status: 'accepted';
      messageId: string;
      msgType: string;
      inboundAlertId: string | null;
      localAlertId?: string;
    }
  | { status: 'duplicate' };

const refOf = (r: { sender: string; identifier: string; sent: Date }) =>
  `${r.sender},${r.identifier},${formatCapDate(r.sent)}`;

/** The first info block's AllClear says the partner ended its alert (CAP Update); its outcome says how. */
function endingOf(cap: ParsedCap): 'resolve' | 'cancel' | undefined {
  if (cap.msgType === 'Cancel') return 'cancel';
  const info = cap.infos[0];
  if (cap.msgType !== 'Update' || !info?.responseType.includes('AllClear')) return undefined;
  const outcome = info.parameters.find((p) => p.valueName === 'childalert:outcome')?.value;
  return outcome === 'cancelled' ? 'cancel' : 'resolve';
}

/**
 * What a partner sends in, checked in this order before anything is stored:
 * the bytes (no DOCTYPE or entities, size, depth: the safe reader, before any
 * XML library), the signature against the partner's registered certificate,
 * the CAP 1.2 schema, then the message itself: a repeat (same sender,
 * identifier, sent) changes nothing, an Update or Cancel must refer to a
 * message of that partner we hold, an Ack to one of ours. The message, its
 * inbound alert and the receipt's event are written in one transaction.
 */
@Injectable()
export class PartnerInboundService {
  private readonly logger = new Logger(PartnerInboundService.name);

  constructor(
    private readonly partners: PartnerRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly reissue: PartnerReissueService,
  ) {}

  async receive(partnerId: string, body: unknown): Promise<InboundOutcome> {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new ApiError(
        415,
        'unsupported_media_type',
        'send the CAP message as application/cap+xml (or application/xml)',
      );
    const partner = await this.partners.find(partnerId);
    if (!partner || partner.disabledAt)
      throw ApiError.forbidden('this API key belongs to no enabled partner');
    const xml = body.toString('utf8');
    try {
      assertSafeXml(xml);
    } catch (error) {
      if (error instanceof CapParseError)
        throw ApiError.badRequest('unsafe_xml', `refused before parsing: ${error.message}`);
      throw error;
    }
    const signature = verifyCapSignature(xml, partner.certificatePem);
    if (!signature.valid) throw ApiError.badRequest('signature_invalid', signature.reason);
    const schema = await validateCap(xml);
    if (!schema.valid)
      throw ApiError.badRequest(
        'cap_invalid',
        `not valid CAP 1.2: ${JSON.stringify(schema.errors).slice(0, 500)}`,
      );
    const cap = parseCap(xml);
    if (cap.msgType === 'Error')
      throw ApiError.badRequest('unsupported', 'CAP Error messages are not taken in');
    const outcome = await this.store(partner, cap, xml);
    if (outcome.status === 'accepted') await this.follow(partner, cap, outcome);
    return outcome;
  }

  private async store(partner: Partner, cap: ParsedCap, xml: string): Promise<InboundOutcome> {
    const messageId = randomUUID();
    try {
      return await this.partners.transaction(async (tx) => {
        if (await this.partners.messageExists(cap.sender, cap.identifier, cap.sent, tx))
          return { status: 'duplicate' as const };
        let inboundAlertId: string | null = null;
        let acknowledges: string | null = null;
        switch (cap.msgType) {
          case 'Alert':
            inboundAlertId = randomUUID();
            await this.partners.insertInboundAlert(
              {
                id: inboundAlertId,
                partnerId: partner.id,
                sender: cap.sender,
                identifier: cap.identifier,
                sent: cap.sent,
                headline: cap.infos[0]?.headline ?? null,
                expiresAt: cap.infos[0]?.expires ?? null,
              },
              tx,
            );
            break;
          case 'Update':
          case 'Cancel': {
            const found = await this.partners.inboundAlertOfRefs(partner.id, cap.references, tx);
            if (found === undefined)
              throw ApiError.conflict(
                'unknown_reference',
                `${cap.msgType} refers to no message of ${partner.country} held here`,
              );
            inboundAlertId = found;
            const ending = endingOf(cap);
            await this.partners.setInboundStatus(
              found,
              ending === undefined ? 'active' : ending === 'cancel' ? 'cancelled' : 'ended',
              ending === undefined ? (cap.infos[0]?.headline ?? null) : null,
              ending === undefined ? (cap.infos[0]?.expires ?? null) : null,
              tx,
            );
            break;
          }
          case 'Ack':
            acknowledges = (await this.partners.ourPublication(cap.references, tx)) ?? null;
            if (acknowledges === null)
              throw ApiError.conflict('unknown_reference', 'the Ack refers to no message published here');
            break;
          case 'Error':
            throw ApiError.badRequest('unsupported', 'CAP Error messages are not taken in');
        }
        await this.partners.insertMessage(
          {
            id: messageId,
            partnerId: partner.id,
            sender: cap.sender,
            identifier: cap.identifier,
            sent: cap.sent,
            msgType: cap.msgType,
            refs: cap.references.map(refOf),
            inboundAlertId,
            acknowledges,
            capXml: xml,
          },
          tx,
        );
        if (cap.msgType !== 'Ack') {
          await this.outbox.add(tx, {
            topic: Topic.PartnersInbound,
            eventId: randomUUID(),
            key: partner.id,
            value: {
              messageId,
              partnerId: partner.id,
              msgType: cap.msgType,
              sender: cap.sender,
              identifier: cap.identifier,
              sent: formatCapDate(cap.sent),
              status: cap.status,
              receivedAt: new Date().toISOString(),
            },
          });
        }
        await this.audit.record(
          {
            actor: { type: 'api_key', id: partner.apiKeyId, name: `partner ${partner.country}` },
            action: 'partner.message_received',
            subject: { type: 'partner', id: partner.id },
            details: { messageId, msgType: cap.msgType, identifier: cap.identifier, inboundAlertId },
          },
          tx,
        );
        return { status: 'accepted' as const, messageId, msgType: cap.msgType, inboundAlertId };
      });
    } catch (error) {
      // Two copies at once: the second meets the unique key, and is a repeat like any other.
      if ((error as { code?: string }).code === '23505') return { status: 'duplicate' };
      throw error;
    }
  }

  /** After the commit: a standing agreement re-issues at once; an ending ends the re-issue. */
  private async follow(
    partner: Partner,
    cap: ParsedCap,
    outcome: Extract<InboundOutcome, { status: 'accepted' }>,
  ): Promise<void> {
    if (outcome.inboundAlertId === null) return;
    try {
      if (cap.msgType === 'Alert' && partner.autoReissue) {
        outcome.localAlertId = await this.reissue.reissueAutomatically(
          outcome.inboundAlertId,
          partner.reissueChannels,
        );
        return;
      }
      if (cap.msgType === 'Alert') return;
      const inbound = await this.partners.inboundAlert(outcome.inboundAlertId);
      if (!inbound?.localAlertId) return;
      const ending = endingOf(cap);
      if (ending !== undefined) await this.reissue.endLocal(inbound.localAlertId, ending);
      else await this.reissue.updateLocal(inbound.localAlertId, partner, cap);
    } catch (error) {
      // The message is stored and acknowledged; operators see it and can act by hand.
      this.logger.error(
        `inbound ${cap.identifier} from ${partner.country}: follow-up failed: ${(error as Error).message}`,
      );
    }
  }
}
