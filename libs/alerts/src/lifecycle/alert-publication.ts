import type { AlertLifecycleEvent, Channel } from '@childalert/contracts';
import type { AlertContent, ClosureContent, ClosureOutcome, TargetArea } from '../model/alert-content.types';
import { capIdentifierOf, confirmationDigest, contentHashOf } from '../model/alert-identity';
import type {
  Actor,
  Alert,
  AlertVersion,
  ClosureVersion,
  ContentVersion,
  Publication,
  PublicationMsgType,
  PublicationType,
} from '../model/alert.types';

/** What the operator is about to publish: previewed first, then confirmed with `digest`. */
export type PublicationIntent =
  | { type: 'activate'; channels: readonly Channel[]; area?: TargetArea }
  | { type: 'publish_update' }
  | { type: 'resolve' }
  | { type: 'cancel' }
  | { type: 'expire' };

export interface PreparedPublication {
  /** The version that goes out: an existing one, or `isNew` and to be stored. */
  version: AlertVersion;
  isNew: boolean;
  type: PublicationType;
  msgType: PublicationMsgType;
  identifier: string;
  channels: Channel[];
  /** The confirmation the publishing command must carry. */
  digest: string;
}

export type PreparationResult = { ok: true; prepared: PreparedPublication } | { ok: false; message: string };

/**
 * The exact version a publishing command would send, and its confirmation
 * digest. The preview endpoint calls this to render what goes out; the
 * transition calls it again and compares digests, so both can never drift.
 * State and role checks are the transition's job; this only says what.
 */
export function preparePublication(
  alert: Alert,
  intent: PublicationIntent,
  actor: Actor,
  now: Date,
): PreparationResult {
  const channels =
    intent.type === 'activate' ? [...intent.channels] : [...(alert.dissemination?.channels ?? [])];
  switch (intent.type) {
    case 'activate': {
      const candidate = alert.candidate;
      if (!candidate || candidate.state !== 'VALIDATED')
        return { ok: false, message: 'there is no validated version to activate' };
      const areaChanged =
        intent.area !== undefined &&
        contentHashOf({ ...candidate.version.content, area: intent.area }) !== candidate.version.contentHash;
      const version = areaChanged
        ? contentVersion(alert, { ...candidate.version.content, area: intent.area! }, actor, now)
        : candidate.version;
      return prepared(alert, version, areaChanged, 'activated', 'Alert', channels);
    }
    case 'publish_update': {
      const candidate = alert.candidate;
      if (!candidate || candidate.state !== 'VALIDATED')
        return { ok: false, message: 'there is no validated update to publish' };
      return prepared(alert, candidate.version, false, 'updated', 'Update', channels);
    }
    case 'resolve':
      return closure(alert, 'found_safe', 'resolved', 'Update', actor, now, channels);
    case 'cancel':
      return closure(alert, 'cancelled', 'cancelled', 'Cancel', actor, now, channels);
    case 'expire':
      return closure(alert, 'expired', 'expired', 'Update', actor, now, channels);
  }
}

/** The content of the version that ends a published alert: nothing personal left. */
export function closureContentOf(last: AlertContent, outcome: ClosureOutcome): ClosureContent {
  return { outcome, languages: [...last.languages], area: last.area, exercise: last.exercise };
}

export function contentVersion(alert: Alert, content: AlertContent, actor: Actor, now: Date): ContentVersion {
  return {
    kind: 'content',
    alertId: alert.id,
    version: alert.latestVersion + 1,
    content,
    contentHash: contentHashOf(content),
    createdAt: now,
    createdBy: { userId: actor.userId, organisationId: actor.organisationId },
  };
}

export function publicationOf(alert: Alert, prepared: PreparedPublication, sent: Date): Publication {
  return {
    alertId: alert.id,
    version: prepared.version.version,
    type: prepared.type,
    msgType: prepared.msgType,
    identifier: prepared.identifier,
    // CAP writes whole seconds; keeping the stored instant whole too makes a
    // reference built later from the row equal to what the message said.
    sent: new Date(Math.floor(sent.getTime() / 1000) * 1000),
    exercise: alert.exercise,
  };
}

/**
 * The `alerts.lifecycle.v1` event of a publication (key: alertId). The
 * outbox row stores it with its `eventId`, chosen once when the row is
 * written, so a relay that publishes it twice publishes the same event and
 * consumers drop the duplicate.
 */
export function lifecycleEventOf(publication: Publication, eventId: string): AlertLifecycleEvent {
  return {
    eventId,
    alertId: publication.alertId,
    version: publication.version,
    type: publication.type,
    occurredAt: publication.sent.toISOString(),
    exercise: publication.exercise,
    capIdentifier: publication.identifier,
  };
}

function closure(
  alert: Alert,
  outcome: ClosureOutcome,
  type: PublicationType,
  msgType: PublicationMsgType,
  actor: Actor,
  now: Date,
  channels: Channel[],
): PreparationResult {
  if (!alert.lastContent || alert.state !== 'ACTIVE')
    return { ok: false, message: 'only a published, active alert can be ended publicly' };
  const content = closureContentOf(alert.lastContent.content, outcome);
  const version: ClosureVersion = {
    kind: 'closure',
    alertId: alert.id,
    version: alert.latestVersion + 1,
    content,
    contentHash: contentHashOf(content),
    createdAt: now,
    createdBy: { userId: actor.userId, organisationId: actor.organisationId },
  };
  return prepared(alert, version, true, type, msgType, channels);
}

function prepared(
  alert: Alert,
  version: AlertVersion,
  isNew: boolean,
  type: PublicationType,
  msgType: PublicationMsgType,
  channels: Channel[],
): PreparationResult {
  return {
    ok: true,
    prepared: {
      version,
      isNew,
      type,
      msgType,
      identifier: capIdentifierOf(alert.id, version.version),
      channels,
      digest: confirmationDigest({
        alertId: alert.id,
        version: version.version,
        contentHash: version.contentHash,
        channels,
      }),
    },
  };
}
