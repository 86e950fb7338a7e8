import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { processPhoto } from '@childalert/alerts';
import type { AuditActor } from '@childalert/audit';
import { type ParsedCap, parseCap } from '@childalert/cap';
import { type Channel, CHANNELS } from '@childalert/contracts';
import { APP_CONFIG } from '@childalert/config';
import type { AlertApiConfig } from '../alert-api.config';
import type { CommandActor } from '../alerts/alert-actor';
import { AlertCommandService } from '../alerts/alert-commands.service';
import { ApiError } from '../common/api.error';
import { reissueMaterialOf } from './inbound-cap.mapper';
import { PartnerRepository } from './partner.repository';
import type { Partner } from './partner.types';

/** The system acting under a standing agreement, or for a partner that ended its alert. */
const AGREEMENT_OPERATOR: CommandActor = {
  domain: { userId: 'partner-agreement', organisationId: 'system', roles: ['ngo_operator'] },
  audit: { type: 'system', id: null, name: 'partner-agreement' },
};

/**
 * A partner's alert re-issued here: a local alert made from the partner's
 * latest message (drafted and validated in the partner's name, linked to the
 * original), then activated the normal way: by an operator through preview
 * and confirmation, or at once under a standing agreement. When the partner
 * ends its alert, the re-issue ends too.
 */
@Injectable()
export class PartnerReissueService implements OnModuleInit {
  private readonly logger = new Logger(PartnerReissueService.name);
  private commands!: AlertCommandService;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly partners: PartnerRepository,
    @Inject(APP_CONFIG) private readonly config: AlertApiConfig,
  ) {}

  onModuleInit(): void {
    // AlertsModule keeps its command service to itself; this is the one other user of it.
    this.commands = this.moduleRef.get(AlertCommandService, { strict: false });
  }

  /** The local alert of an inbound alert, made VALIDATED if there is none yet; the operator then previews and activates it. */
  async prepare(inboundAlertId: string, by: AuditActor): Promise<{ alertId: string; created: boolean }> {
    const inbound = await this.partners.inboundAlert(inboundAlertId);
    if (!inbound) throw ApiError.notFound(`inbound alert ${inboundAlertId}`);
    if (inbound.localAlertId) return { alertId: inbound.localAlertId, created: false };
    if (inbound.status !== 'active')
      throw ApiError.conflict(
        'illegal_transition',
        `the partner's alert is ${inbound.status}: nothing to re-issue`,
      );
    const partner = await this.partners.find(inbound.partnerId);
    const xml = await this.partners.latestContentMessage(inbound.id);
    if (!partner || xml === undefined) throw ApiError.notFound(`message of inbound alert ${inboundAlertId}`);
    const material = reissueMaterialOf(parseCap(xml), partner, new Date());
    if ('problems' in material)
      throw ApiError.badRequest(
        'not_reissuable',
        `the partner's message cannot be re-issued as is: ${material.problems.join('; ')}`,
        material.problems,
      );
    // An alert goes out with a photo here (sufficient description); a partner's link may not be reachable.
    if (!material.photo)
      throw ApiError.badRequest(
        'not_reissuable',
        "the partner's message carries no photo of the child inline (resource derefUri): ask the partner for one and draft the alert by hand",
      );
    const processed = await processPhoto(material.photo, { maxBytes: this.config.PHOTO_MAX_BYTES });
    if (!processed.ok)
      throw ApiError.badRequest(
        'not_reissuable',
        `the partner's photo cannot be used: ${processed.message}`,
        [processed.message],
      );
    const alert = await this.commands.importValidated({
      content: material.content,
      photo: processed.photo,
      ...partnerActors(partner),
      prosecutorOrder: orderOf(partner, inbound.identifier, inbound.sent),
    });
    await this.partners.linkReissue(inbound.id, alert.id, by.name);
    return { alertId: alert.id, created: true };
  }

  /** Under a standing agreement: prepared and activated at once on the partner's re-issue channels. */
  async reissueAutomatically(inboundAlertId: string, channels: readonly string[]): Promise<string> {
    const { alertId } = await this.prepare(inboundAlertId, AGREEMENT_OPERATOR.audit);
    const chosen = channels.filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
    await this.commands.publishAs(alertId, AGREEMENT_OPERATOR, { type: 'activate', channels: chosen });
    return alertId;
  }

  /**
   * The partner updated its alert (not an ending): the re-issue gets the new
   * facts as a validated update, in the partner's name. Under a standing
   * agreement it is published at once, as the activation was; otherwise it
   * waits for an operator's preview and confirmation, as the activation did:
   * whoever decided to carry the alert here decides what it says next.
   */
  async updateLocal(
    localAlertId: string,
    partner: Partner,
    cap: ParsedCap,
  ): Promise<'published' | 'pending' | 'not_applied'> {
    const material = reissueMaterialOf(cap, partner, new Date());
    if ('problems' in material) {
      this.logger.warn(
        `update ${cap.identifier} of ${partner.country} not applied: ${material.problems.join('; ')}`,
      );
      return 'not_applied';
    }
    const { content } = material;
    try {
      await this.commands.importUpdate(localAlertId, {
        // The partner's message says it all again: its facts replace ours; our photos and channels stay.
        patch: {
          child: content.child,
          lastSeen: content.lastSeen,
          policeContact: content.policeContact,
          languages: content.languages,
          texts: content.texts,
          area: content.area,
          expiresAt: content.expiresAt,
        },
        ...partnerActors(partner),
        prosecutorOrder: orderOf(partner, cap.identifier, cap.sent),
      });
    } catch (error) {
      // Not live here (never activated, ended) or an update still waiting: the operator sees the partner's message.
      if (!(error instanceof ApiError)) throw error;
      this.logger.warn(`update ${cap.identifier} of ${partner.country} not applied: ${error.message}`);
      return 'not_applied';
    }
    if (!partner.autoReissue) return 'pending';
    await this.commands.publishAs(localAlertId, AGREEMENT_OPERATOR, { type: 'publish_update' });
    return 'published';
  }

  /** The partner ended its alert: the re-issue ends the same way (found safe → resolved, otherwise cancelled). */
  async endLocal(localAlertId: string, how: 'resolve' | 'cancel'): Promise<void> {
    try {
      await this.commands.publishAs(localAlertId, AGREEMENT_OPERATOR, { type: how });
    } catch (error) {
      // Not live here (never activated, or ended already): nothing was public to retract.
      if (error instanceof ApiError) this.logger.warn(`re-issue ${localAlertId} not ended: ${error.message}`);
      else throw error;
    }
  }
}

/** The partner's police, as the author and the (other) validator of what it sent. */
function partnerActors(partner: Partner): { author: CommandActor; validator: CommandActor } {
  const organisation = `partner:${partner.country}`;
  const actorOf = (role: 'police_officer' | 'police_supervisor', who: string): CommandActor => ({
    domain: { userId: `partner:${partner.id}:${who}`, organisationId: organisation, roles: [role] },
    audit: { type: 'system', id: null, name: `partner ${partner.country} (${who})` },
  });
  return {
    author: actorOf('police_officer', 'author'),
    validator: actorOf('police_supervisor', 'validation'),
  };
}

/** The partner's message stands in for the prosecutor's order its police obtained at home. */
function orderOf(partner: Partner, identifier: string, sent: Date) {
  return {
    reference: identifier.slice(0, 100),
    issuingOffice: `${partner.name} (${partner.country})`.slice(0, 200),
    issuedAt: new Date(sent),
  };
}
