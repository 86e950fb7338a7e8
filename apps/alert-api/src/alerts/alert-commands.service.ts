import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Alert,
  type AlertActivateDto,
  type AlertCancelDto,
  type AlertCommand,
  type AlertConfirmDto,
  type AlertCreateDto,
  type AlertPatchDto,
  type AlertReasonDto,
  type AlertValidateDto,
  type AlertContent,
  type AlertContentPatch,
  createAlert,
  preparePublication,
  type ProsecutorOrder,
  type PublicationIntent,
  hasRoleFor,
  lifecycleEventOf,
  type ProcessedPhoto,
  relationshipProblem,
  toAlertContent,
  toContentPatch,
  toTargetArea,
  toValidationInput,
  transition,
  type TransitionResult,
  type TransitionSuccess,
} from '@childalert/alerts';
import { AuditService } from '@childalert/audit';
import type { AuthenticatedUser } from '@childalert/auth';
import { Topic } from '@childalert/contracts';
import { OutboxWriter } from '@childalert/outbox';
import type { DatabaseTransaction } from '@childalert/persistence';
import { ApiError } from '../common/api.error';
import { Clock } from '../common/clock';
import { DocumentRepository } from '../documents/document.repository';
import { PhotoRepository } from '../photos/photo.repository';
import { actorOfUser, type CommandActor } from './alert-actor';
import { AlertRepository, type LoadedAlert, type PublicationRecord } from './alert.repository';
import { ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';
import { CapMessageFactory } from './cap-message.factory';
import { PartnerChoiceRepository } from './partner-choice.repository';
import { type ConfirmIntent, ConfirmationTokenService } from './confirmation-token.service';

/** An alert the expiry job could not end; the job skips it for the rest of the round. */
export class AlertExpiryError extends Error {
  constructor(
    readonly alertId: string,
    cause: unknown,
  ) {
    super(`alert ${alertId} could not expire: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'AlertExpiryError';
  }
}

export interface PhotoUploadOutcome {
  photoId: string;
  /** The draft version that now lists the photo; absent when it was stored for an update of a live alert. */
  attachedToVersion?: number;
}

/**
 * Runs every command on an alert the same way: lock the row, let the domain
 * decide (transition), and write its decision — the version, the decision,
 * the CAP message, the outbox event and the audit row — in one transaction.
 * A refusal throws before anything is written, so nothing changes.
 */
@Injectable()
export class AlertCommandService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly photos: PhotoRepository,
    private readonly documents: DocumentRepository,
    private readonly cap: CapMessageFactory,
    private readonly tokens: ConfirmationTokenService,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
    private readonly partnerChoices: PartnerChoiceRepository,
  ) {}

  async create(dto: AlertCreateDto, user: AuthenticatedUser): Promise<Alert> {
    const actor = actorOfUser(user);
    const now = this.clock.now();
    const content = toAlertContent(dto, { now, defaultExpiryHours: this.settings.defaultExpiryHours });
    const result = createAlert({ id: randomUUID(), content, now }, actor.domain);
    const success = succeeded(result);
    return this.alerts.transaction(async (tx) => {
      await this.commit(tx, success, undefined, actor);
      return success.alert;
    });
  }

  edit(id: string, dto: AlertPatchDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'edit', patch: toContentPatch(dto) }));
  }

  submit(id: string, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'submit' }));
  }

  validate(id: string, dto: AlertValidateDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'validate', ...toValidationInput(dto) }));
  }

  reject(id: string, dto: AlertReasonDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'reject', reason: dto.reason }));
  }

  proposeUpdate(id: string, dto: AlertPatchDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'propose_update', patch: toContentPatch(dto) }));
  }

  activate(id: string, dto: AlertActivateDto, user: AuthenticatedUser): Promise<Alert> {
    const command: AlertCommand = {
      type: 'activate',
      channels: [...dto.channels],
      ...(dto.area ? { area: toTargetArea(dto.area) } : {}),
      confirmation: '',
    };
    return this.run(
      id,
      user,
      () => command,
      { token: dto.confirmationToken, intent: 'activate', partners: dto.partnerIds ?? [] },
      // The operator's explicit partner choice, in the same transaction as the activation.
      (tx, alert) => this.partnerChoices.record(tx, alert.id, dto.partnerIds ?? [], user.id),
    );
  }

  publishUpdate(id: string, dto: AlertConfirmDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'publish_update', confirmation: '' }), {
      token: dto.confirmationToken,
      intent: 'publish_update',
    });
  }

  resolve(id: string, dto: AlertConfirmDto, user: AuthenticatedUser): Promise<Alert> {
    return this.run(id, user, () => ({ type: 'resolve', confirmation: '' }), {
      token: dto.confirmationToken,
      intent: 'resolve',
    });
  }

  cancel(id: string, dto: AlertCancelDto, user: AuthenticatedUser): Promise<Alert> {
    // Before activation nothing was public: there is no preview to confirm (a token given anyway is checked).
    return this.run(
      id,
      user,
      () => ({ type: 'cancel', reason: dto.reason }),
      (loaded) =>
        loaded.alert.state === 'ACTIVE' || dto.confirmationToken !== undefined
          ? { token: dto.confirmationToken ?? '', intent: 'cancel' }
          : undefined,
    );
  }

  /**
   * Stores a processed photo. On a DRAFT it is added to the draft (a new
   * version, by the domain's `edit`); on an ACTIVE alert it waits for the
   * update that will list it. Elsewhere there is nothing it could join.
   */
  async addPhoto(
    id: string,
    processed: ProcessedPhoto,
    user: AuthenticatedUser,
  ): Promise<PhotoUploadOutcome> {
    const actor = actorOfUser(user);
    const now = this.clock.now();
    const photoId = randomUUID();
    const photo = { id: photoId, alertId: id, uploadedBy: user.id, uploadedAt: now };
    return this.alerts.transaction(async (tx) => {
      const loaded = await this.lock(tx, id);
      const alert = loaded.alert;
      if (alert.state === 'DRAFT') {
        const listed = alert.candidate!.version.content.photoIds;
        const command: AlertCommand = { type: 'edit', patch: { photoIds: [...listed, photoId] } };
        const success = succeeded(transition(alert, command, actor.domain, now));
        await this.photos.insert(tx, photo, processed);
        await this.commit(tx, success, loaded, actor, { photoId });
        return { photoId, attachedToVersion: success.newVersion!.version };
      }
      if (alert.state === 'ACTIVE') {
        const problem = hasRoleFor(actor.domain, 'propose_update')
          ? relationshipProblem(alert, 'propose_update', actor.domain)
          : 'your role may not propose an update';
        if (problem) throw ApiError.forbidden(problem, alert.state);
        await this.photos.insert(tx, photo, processed);
        await this.audit.record(
          {
            actor: actor.audit,
            action: 'alert.photo_uploaded',
            subject: { type: 'alert', id },
            details: { photoId, sha256: processed.original.sha256, forUpdate: true },
          },
          tx,
        );
        return { photoId };
      }
      throw ApiError.conflict(
        'illegal_transition',
        `photos can be added to a DRAFT, or to an ACTIVE alert for an update; this alert is ${alert.state}`,
        alert.state,
      );
    });
  }

  /**
   * Ends, as the system, the ACTIVE alert expiring soonest at or before
   * `now` that no other instance is ending; its id, or undefined when none
   * is due. `skip` leaves out alerts that failed earlier in the same round.
   */
  async expireNext(actor: CommandActor, now: Date, skip: readonly string[]): Promise<string | undefined> {
    return this.alerts.transaction(async (tx) => {
      const id = await this.alerts.lockNextExpired(tx, now, skip);
      if (id === undefined) return undefined;
      try {
        const loaded = await this.lock(tx, id);
        const success = succeeded(transition(loaded.alert, { type: 'expire' }, actor.domain, now));
        await this.commit(tx, success, loaded, actor);
      } catch (error) {
        throw new AlertExpiryError(id, error);
      }
      return id;
    });
  }

  /**
   * One command in one transaction. A publishing command carries the
   * preview's token: the domain first judges everything else (role, state,
   * person, content: 403/409/400 in its order), then the token is checked
   * (signature, expiry, alert, intent, person) and its digest goes into the
   * command, where the domain compares it with what would go out now.
   */
  private async run(
    id: string,
    user: AuthenticatedUser,
    commandOf: (loaded: LoadedAlert) => AlertCommand,
    confirm?: Confirm | ((loaded: LoadedAlert) => Confirm | undefined),
    after?: (tx: DatabaseTransaction, alert: Alert) => Promise<void>,
  ): Promise<Alert> {
    const actor = actorOfUser(user);
    const now = this.clock.now();
    return this.alerts.transaction(async (tx) => {
      const loaded = await this.lock(tx, id);
      let command = commandOf(loaded);
      const confirmation = typeof confirm === 'function' ? confirm(loaded) : confirm;
      if (confirmation) {
        const dry = transition(
          loaded.alert,
          { ...command, confirmation: '' } as AlertCommand,
          actor.domain,
          now,
        );
        if (!dry.ok && dry.code !== 'stale_confirmation') throw ApiError.fromTransition(dry);
        const claims = this.tokens.verify(
          confirmation.token,
          { alertId: id, intent: confirmation.intent, userId: user.id },
          now,
        );
        if (confirmation.partners) samePartnerChoice(claims.partners ?? [], confirmation.partners);
        command = { ...command, confirmation: claims.digest } as AlertCommand;
      }
      const success = succeeded(transition(loaded.alert, command, actor.domain, now));
      await this.commit(tx, success, loaded, actor);
      if (after) await after(tx, success.alert);
      return success.alert;
    });
  }

  /**
   * A partner's alert taken in (apps/alert-api/src/partners): drafted in the
   * partner officer's name with its photo, submitted, and validated in the
   * name of the partner's validation (the partner's police validated it at
   * home; `prosecutorOrder` names their message). Activation stays the
   * normal one: preview and confirmation by an operator, or publishAs under
   * a standing agreement. One transaction: all of it or nothing.
   */
  async importValidated(input: {
    content: AlertContent;
    photo?: ProcessedPhoto;
    author: CommandActor;
    validator: CommandActor;
    prosecutorOrder: ProsecutorOrder;
  }): Promise<Alert> {
    const now = this.clock.now();
    const id = randomUUID();
    return this.alerts.transaction(async (tx) => {
      const created = succeeded(
        createAlert({ id, content: { ...input.content, photoIds: [] }, now }, input.author.domain),
      );
      await this.commit(tx, created, undefined, input.author);
      const step = async (actor: CommandActor, command: AlertCommand) => {
        const loaded = await this.lock(tx, id);
        await this.commit(tx, succeeded(transition(loaded.alert, command, actor.domain, now)), loaded, actor);
      };
      if (input.photo) {
        const photoId = randomUUID();
        await this.photos.insert(
          tx,
          { id: photoId, alertId: id, uploadedBy: input.author.domain.userId, uploadedAt: now },
          input.photo,
        );
        await step(input.author, { type: 'edit', patch: { photoIds: [photoId] } });
      }
      await step(input.author, { type: 'submit' });
      await step(input.validator, {
        type: 'validate',
        criteria: {
          childUnder18: true,
          abductionBelieved: true,
          imminentDanger: true,
          sufficientDescription: true,
          familyConsent: 'not_required',
        },
        prosecutorOrder: input.prosecutorOrder,
      });
      return (await this.lock(tx, id)).alert;
    });
  }

  /**
   * A partner's update of an alert re-issued here: proposed in the partner
   * officer's name and validated in the name of the partner's validation (as
   * importValidated), so it waits as a validated update; publishing it stays
   * the normal publish_update (an operator's preview and confirmation, or
   * publishAs under a standing agreement). One transaction.
   */
  async importUpdate(
    id: string,
    input: {
      patch: AlertContentPatch;
      author: CommandActor;
      validator: CommandActor;
      prosecutorOrder: ProsecutorOrder;
    },
  ): Promise<Alert> {
    const now = this.clock.now();
    return this.alerts.transaction(async (tx) => {
      const step = async (actor: CommandActor, command: AlertCommand) => {
        const loaded = await this.lock(tx, id);
        await this.commit(tx, succeeded(transition(loaded.alert, command, actor.domain, now)), loaded, actor);
      };
      await step(input.author, { type: 'propose_update', patch: input.patch });
      await step(input.validator, {
        type: 'validate',
        criteria: {
          childUnder18: true,
          abductionBelieved: true,
          imminentDanger: true,
          sufficientDescription: true,
          familyConsent: 'not_required',
        },
        prosecutorOrder: input.prosecutorOrder,
      });
      return (await this.lock(tx, id)).alert;
    });
  }

  /**
   * A publication decided by the system, not confirmed through a preview: a
   * partner's alert re-issued under a standing agreement, or a re-issue ended
   * because the partner ended its alert. The digest is the one a preview
   * would show now, so the domain checks everything else as for a person.
   */
  async publishAs(
    id: string,
    actor: CommandActor,
    intent: Exclude<PublicationIntent, { type: 'expire' }>,
    reason = 'ended by the partner that issued it',
  ): Promise<Alert> {
    const now = this.clock.now();
    return this.alerts.transaction(async (tx) => {
      const loaded = await this.lock(tx, id);
      const preparation = preparePublication(loaded.alert, intent, actor.domain, now);
      if (!preparation.ok)
        throw ApiError.conflict('illegal_transition', preparation.message, loaded.alert.state);
      const confirmation = preparation.prepared.digest;
      const command: AlertCommand =
        intent.type === 'cancel'
          ? { type: 'cancel', reason, confirmation }
          : intent.type === 'activate'
            ? {
                type: 'activate',
                channels: intent.channels,
                ...(intent.area ? { area: intent.area } : {}),
                confirmation,
              }
            : { type: intent.type, confirmation };
      const success = succeeded(transition(loaded.alert, command, actor.domain, now));
      await this.commit(tx, success, loaded, actor);
      return success.alert;
    });
  }

  private async lock(tx: DatabaseTransaction, id: string): Promise<LoadedAlert> {
    const loaded = await this.alerts.lock(tx, id);
    if (!loaded) throw ApiError.notFound(`alert ${id}`);
    return loaded;
  }

  /** Writes one decided transition; the audit row last (it takes the chain's lock). */
  private async commit(
    tx: DatabaseTransaction,
    result: TransitionSuccess,
    loaded: LoadedAlert | undefined,
    actor: CommandActor,
    extraDetails: Record<string, unknown> = {},
  ): Promise<void> {
    const alertId = result.alert.id;
    if (result.newVersion?.kind === 'content') {
      const listed = result.newVersion.content.photoIds;
      const uploaded = await this.photos.idsOfAlert(tx, alertId, listed);
      const missing = listed.filter((photoId) => !uploaded.has(photoId));
      if (missing.length > 0) {
        const problems = missing.map(
          (photoId) =>
            `photoIds: ${photoId} was not uploaded to this alert: upload it with POST /v1/alerts/${alertId}/photos`,
        );
        throw new ApiError(400, 'invalid_content', problems[0], {
          currentState: loaded?.alert.state ?? 'DRAFT',
          problems,
        });
      }
    }
    const documentId = result.alert.candidate?.validation?.prosecutorOrder.documentId;
    const validating = result.event.name === 'validated' || result.event.name === 'update_validated';
    if (validating && documentId !== undefined && !(await this.documents.exists(tx, alertId, documentId))) {
      const problem = `prosecutorOrder.documentId: ${documentId} was not uploaded to this alert: upload the scan with POST /v1/alerts/${alertId}/documents`;
      throw new ApiError(400, 'invalid_content', problem, {
        currentState: loaded?.alert.state,
        problems: [problem],
      });
    }
    let record: PublicationRecord | undefined;
    if (result.publication) {
      const built = await this.cap.build(
        result.alert.live!,
        result.publication.sent,
        loaded?.publications ?? [],
        tx,
      );
      record = {
        sender: this.settings.capSender,
        eventId: randomUUID(),
        capXml: built.xml,
        capSha256: built.sha256,
      };
    }
    await this.alerts.save(tx, result, loaded === undefined, record);
    if (result.publication && record) {
      await this.outbox.add(tx, {
        topic: Topic.AlertsLifecycle,
        eventId: record.eventId,
        key: alertId,
        value: lifecycleEventOf(result.publication, record.eventId),
      });
    }
    const { event } = result;
    await this.audit.record(
      {
        actor: actor.audit,
        action: `alert.${event.name}`,
        subject: { type: 'alert', id: alertId },
        details: {
          version: event.version,
          fromState: event.fromState,
          toState: event.toState,
          ...(event.details ?? {}),
          ...(result.newVersion ? { contentHash: result.newVersion.contentHash } : {}),
          ...(record ? { eventId: record.eventId, capSha256: record.capSha256 } : {}),
          ...extraDetails,
        },
      },
      tx,
    );
  }
}

interface Confirm {
  token: string;
  intent: ConfirmIntent;
  /** Activation: the partner choice, which must be the one the preview showed. */
  partners?: readonly string[];
}

/** The partners chosen now must be those the preview was given (as the channels must be). */
function samePartnerChoice(previewed: readonly string[], chosen: readonly string[]): void {
  const now = [...chosen].sort();
  if (now.length === previewed.length && now.every((id, i) => id === previewed[i])) return;
  const list = (ids: readonly string[]) => (ids.length === 0 ? 'none' : ids.join(', '));
  throw ApiError.conflict(
    'stale_confirmation',
    `the preview was confirmed for partners ${list(previewed)}, not ${list(now)}: preview with partners=${now.join(',')} and confirm what you see`,
  );
}

function succeeded(result: TransitionResult): TransitionSuccess {
  if (!result.ok) throw ApiError.fromTransition(result);
  return result;
}
