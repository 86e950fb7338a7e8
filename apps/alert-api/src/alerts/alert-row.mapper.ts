import {
  type Alert,
  type AlertContent,
  alertContentFromJson,
  type AlertEventName,
  type AlertState,
  type AlertVersion,
  type Candidate,
  type CandidateState,
  closureContentFromJson,
  contentToJson,
  type ContentVersion,
  type CriteriaConfirmation,
  type Publication,
  type PublicationMsgType,
  type PublicationType,
} from '@childalert/alerts';
import type { Channel } from '@childalert/contracts';
import type {
  AlertDecisionRow,
  AlertPublicationRow,
  AlertRow,
  AlertVersionRow,
  alertDecisions,
  alerts,
  alertVersions,
} from '@childalert/persistence';

/** A publication as the aggregate needs it, plus the sender its CAP message named. */
export type PublicationRef = Pick<
  AlertPublicationRow,
  'alertId' | 'version' | 'type' | 'msgType' | 'identifier' | 'sender' | 'sent' | 'exercise'
>;

/**
 * What a content version holds once retention erased it (migration 0007,
 * redact_alert). Only an ended alert is redacted, and nothing reads an ended
 * alert's content except to show it, so the marker travels as the content.
 */
export const REDACTED_CONTENT = { redacted: true } as const;

export function versionFromRow(row: AlertVersionRow): AlertVersion {
  const base = {
    alertId: row.alertId,
    version: row.version,
    contentHash: row.contentHash,
    createdAt: row.createdAt,
    createdBy: { userId: row.createdBy, organisationId: row.createdByOrganisation },
  };
  if (row.redactedAt) {
    return { ...base, kind: 'content', content: { ...REDACTED_CONTENT } as unknown as AlertContent };
  }
  return row.kind === 'content'
    ? { ...base, kind: 'content', content: alertContentFromJson(row.content) }
    : { ...base, kind: 'closure', content: closureContentFromJson(row.content) };
}

export function versionRowOf(version: AlertVersion): typeof alertVersions.$inferInsert {
  return {
    alertId: version.alertId,
    version: version.version,
    kind: version.kind,
    content: contentToJson(version.content),
    contentHash: version.contentHash,
    createdAt: version.createdAt,
    createdBy: version.createdBy.userId,
    createdByOrganisation: version.createdBy.organisationId,
  };
}

export function publicationOfRow(row: PublicationRef): Publication {
  return {
    alertId: row.alertId,
    version: row.version,
    type: row.type as PublicationType,
    msgType: row.msgType as PublicationMsgType,
    identifier: row.identifier,
    sent: row.sent,
    exercise: row.exercise,
  };
}

/**
 * The aggregate from its rows. `versions` must hold the live, last-content
 * and candidate versions; `decision` is the candidate version's, if any.
 */
export function alertFromRows(
  row: AlertRow,
  versions: ReadonlyMap<number, AlertVersion>,
  decision: AlertDecisionRow | undefined,
  publications: readonly PublicationRef[],
): Alert {
  const version = (number: number | null): AlertVersion | undefined => {
    if (number === null) return undefined;
    const found = versions.get(number);
    if (!found) throw new Error(`alert ${row.id}: version ${number} is not loaded`);
    return found;
  };
  const contentVersion = (number: number | null): ContentVersion | undefined => {
    const found = version(number);
    if (found && found.kind !== 'content')
      throw new Error(`alert ${row.id}: version ${number} is not a content version`);
    return found;
  };
  const candidateVersion = contentVersion(row.candidateVersion);
  const live = version(row.liveVersion);
  const lastContent = contentVersion(row.lastContentVersion);
  const alert: Alert = {
    id: row.id,
    state: row.state as AlertState,
    exercise: row.exercise,
    authorId: row.authorId,
    authorOrganisationId: row.authorOrganisation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    latestVersion: row.latestVersion,
    publications: publications.map(publicationOfRow),
    ...(live ? { live } : {}),
    ...(lastContent ? { lastContent } : {}),
    ...(row.channels ? { dissemination: { channels: row.channels as Channel[] } } : {}),
  };
  if (candidateVersion) alert.candidate = candidateOf(row, candidateVersion, decision);
  return alert;
}

function candidateOf(
  row: AlertRow,
  version: ContentVersion,
  decision: AlertDecisionRow | undefined,
): Candidate {
  const candidate: Candidate = {
    version,
    state: row.candidateState as CandidateState,
    editors: [...row.candidateEditors],
  };
  if (decision?.decision === 'validated') {
    candidate.validation = {
      version: decision.version,
      contentHash: decision.contentHash!,
      validatedBy: { userId: decision.decidedBy, organisationId: decision.decidedByOrganisation },
      validatedAt: decision.decidedAt,
      criteria: decision.criteria as unknown as CriteriaConfirmation,
      prosecutorOrder: {
        reference: decision.prosecutorReference!,
        issuingOffice: decision.prosecutorOffice!,
        issuedAt: decision.prosecutorIssuedAt!,
        ...(decision.prosecutorDocumentId ? { documentId: decision.prosecutorDocumentId } : {}),
      },
    };
  }
  if (decision?.decision === 'rejected') {
    candidate.rejection = {
      version: decision.version,
      rejectedBy: { userId: decision.decidedBy, organisationId: decision.decidedByOrganisation },
      rejectedAt: decision.decidedAt,
      reason: decision.reason!,
    };
  }
  return candidate;
}

/** The alerts row of an aggregate (insert or full update). */
export function alertRowOf(alert: Alert): typeof alerts.$inferInsert {
  return {
    id: alert.id,
    state: alert.state,
    exercise: alert.exercise,
    authorId: alert.authorId,
    authorOrganisation: alert.authorOrganisationId,
    createdAt: alert.createdAt,
    updatedAt: alert.updatedAt,
    latestVersion: alert.latestVersion,
    liveVersion: alert.live?.version ?? null,
    lastContentVersion: alert.lastContent?.version ?? null,
    candidateVersion: alert.candidate?.version.version ?? null,
    candidateState: alert.candidate?.state ?? null,
    candidateEditors: alert.candidate ? [...alert.candidate.editors] : [],
    channels: alert.dissemination ? [...alert.dissemination.channels] : null,
    // The expiry job's index: only a live alert can expire.
    expiresAt: alert.state === 'ACTIVE' ? alert.lastContent!.content.expiresAt : null,
  };
}

const DECIDING_EVENTS: ReadonlySet<AlertEventName> = new Set([
  'validated',
  'update_validated',
  'rejected',
  'update_rejected',
]);

/** The decision row a validating or rejecting transition made, if it was one. */
export function decisionRowOf(
  alert: Alert,
  event: AlertEventName,
): typeof alertDecisions.$inferInsert | undefined {
  if (!DECIDING_EVENTS.has(event)) return undefined;
  const candidate = alert.candidate;
  if (candidate?.validation) {
    const { validation } = candidate;
    return {
      alertId: alert.id,
      version: validation.version,
      decision: 'validated',
      contentHash: validation.contentHash,
      criteria: { ...validation.criteria },
      prosecutorReference: validation.prosecutorOrder.reference,
      prosecutorOffice: validation.prosecutorOrder.issuingOffice,
      prosecutorIssuedAt: validation.prosecutorOrder.issuedAt,
      prosecutorDocumentId: validation.prosecutorOrder.documentId ?? null,
      decidedBy: validation.validatedBy.userId,
      decidedByOrganisation: validation.validatedBy.organisationId,
      decidedAt: validation.validatedAt,
    };
  }
  if (candidate?.rejection) {
    const { rejection } = candidate;
    return {
      alertId: alert.id,
      version: rejection.version,
      decision: 'rejected',
      reason: rejection.reason,
      decidedBy: rejection.rejectedBy.userId,
      decidedByOrganisation: rejection.rejectedBy.organisationId,
      decidedAt: rejection.rejectedAt,
    };
  }
  throw new Error(`alert ${alert.id}: a ${event} transition left no decision on the candidate`);
}
