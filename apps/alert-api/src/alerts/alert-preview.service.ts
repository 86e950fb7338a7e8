import { Inject, Injectable } from '@nestjs/common';
import {
  type AlertCommand,
  type PublicationIntent,
  preparePublication,
  renderAll,
  toTargetArea,
  transition,
} from '@childalert/alerts';
import { AuditService } from '@childalert/audit';
import type { AuthenticatedUser } from '@childalert/auth';
import { ApiError } from '../common/api.error';
import { Clock } from '../common/clock';
import { actorOfUser } from './alert-actor';
import { AlertRepository } from './alert.repository';
import { AlertLinks, ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';
import { CapMessageFactory } from './cap-message.factory';
import { ConfirmationTokenService } from './confirmation-token.service';
import { PartnerChoiceRepository } from './partner-choice.repository';
import type { AlertPreviewDto, LanguagePreviewDto } from './dto/alert-preview.dto';
import type { PreviewQueryDto } from './dto/preview-query.dto';

/**
 * What a publishing command would send, rendered for every channel and
 * language, with a signed token bound to exactly that version. It judges the
 * request as the command itself would (role, state, person, content), so a
 * preview is only handed out for something that can really be confirmed.
 */
@Injectable()
export class AlertPreviewService {
  private readonly links: AlertLinks;

  constructor(
    private readonly alerts: AlertRepository,
    private readonly cap: CapMessageFactory,
    private readonly tokens: ConfirmationTokenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
    private readonly partnerChoices: PartnerChoiceRepository,
  ) {
    this.links = new AlertLinks(settings.publicBaseUrl);
  }

  async preview(id: string, query: PreviewQueryDto, user: AuthenticatedUser): Promise<AlertPreviewDto> {
    const actor = actorOfUser(user);
    const now = this.clock.now();
    const loaded = await this.alerts.find(id);
    if (!loaded) throw ApiError.notFound(`alert ${id}`);
    const { alert } = loaded;
    const intent = intentOf(query);
    const commandWith = (confirmation: string): AlertCommand =>
      query.intent === 'cancel'
        ? { type: 'cancel', reason: 'preview', confirmation }
        : ({ ...intent, confirmation } as AlertCommand);

    const dry = transition(alert, commandWith(''), actor.domain, now);
    if (!dry.ok && dry.code !== 'stale_confirmation') throw ApiError.fromTransition(dry);
    const preparation = preparePublication(alert, intent, actor.domain, now);
    if (!preparation.ok) throw ApiError.conflict('illegal_transition', preparation.message, alert.state);
    const { prepared } = preparation;
    // The message exactly as the command would build it (only `sent` will differ).
    const outcome = transition(alert, commandWith(prepared.digest), actor.domain, now);
    if (!outcome.ok) throw ApiError.fromTransition(outcome);
    const cap = await this.cap.build(outcome.alert.live!, outcome.publication!.sent, loaded.publications);
    const renderings = renderAll(prepared.version, {
      publicBaseUrl: this.settings.publicBaseUrl,
      timeZone: this.settings.timeZone,
      update: query.intent === 'publish_update',
      photoUrl: (photoId, variant) => this.links.photo(id, photoId, variant),
    }) as Record<string, LanguagePreviewDto>;
    const partners =
      prepared.channels.includes('partner') && prepared.version.kind === 'content'
        ? await this.partnerChoices.preview(id, prepared.version.content, query.partners ?? [], now)
        : [];
    const { token, expiresAt } = this.tokens.issue(
      {
        alertId: id,
        intent: query.intent,
        version: prepared.version.version,
        contentHash: prepared.version.contentHash,
        channels: prepared.channels,
        ...(query.intent === 'activate' ? { partners: [...(query.partners ?? [])].sort() } : {}),
        digest: prepared.digest,
        userId: user.id,
      },
      now,
    );
    await this.audit.record({
      actor: actor.audit,
      action: 'alert.previewed',
      subject: { type: 'alert', id },
      details: {
        intent: query.intent,
        version: prepared.version.version,
        contentHash: prepared.version.contentHash,
        channels: prepared.channels,
        confirmationExpiresAt: expiresAt,
      },
    });
    return {
      alertId: id,
      intent: query.intent,
      version: prepared.version.version,
      newVersion: prepared.isNew,
      contentHash: prepared.version.contentHash,
      channels: prepared.channels,
      exercise: alert.exercise,
      partners,
      cap: { identifier: cap.identifier, msgType: prepared.msgType, xml: cap.xml },
      renderings,
      confirmationToken: token,
      confirmationExpiresAt: expiresAt.toISOString(),
    };
  }
}

function intentOf(query: PreviewQueryDto): PublicationIntent {
  if (
    query.intent !== 'activate' &&
    (query.channels !== undefined || query.area !== undefined || query.partners !== undefined)
  ) {
    throw ApiError.badRequest(
      'invalid_input',
      'channels and area are chosen at activation: leave them out for this intent',
    );
  }
  switch (query.intent) {
    case 'activate':
      if (!query.channels)
        throw ApiError.badRequest('invalid_input', 'channels is required to preview an activation');
      return {
        type: 'activate',
        channels: query.channels,
        ...(query.area ? { area: toTargetArea(query.area) } : {}),
      };
    case 'publish_update':
    case 'resolve':
    case 'cancel':
      return { type: query.intent };
  }
}
