import {
  type Alert,
  type AlertVersion,
  type Candidate,
  closureTextsOf,
  contentToJson,
  type ContentVersion,
  HOTLINE_116000,
  type PhotoVariant,
} from '@childalert/alerts';
import type { PublicationRef } from './alert-row.mapper';
import type { AlertSummaryRow } from './alert.repository';
import type { AlertLinks } from './alerts.settings';
import type {
  AlertDetailDto,
  AlertSummaryDto,
  CandidateDto,
  DecisionDto,
  PhotoUrlsDto,
  PublicAlertContentDto,
  PublicAlertDto,
  StaffPhotoDto,
  VersionDto,
} from './dto/alert-view.dto';

export interface StoredPhoto {
  id: string;
  uploadedAt: Date;
  sha256: string;
}

const VARIANTS: readonly PhotoVariant[] = ['original', 'push', 'email', 'social'];

export function photoUrlsOf(links: AlertLinks, alertId: string, photoId: string): PhotoUrlsDto {
  return Object.fromEntries(
    VARIANTS.map((variant) => [variant, links.photo(alertId, photoId, variant)]),
  ) as unknown as PhotoUrlsDto;
}

/**
 * The public view of an alert, or undefined when nothing of it was ever
 * public. While ACTIVE it shows the live content; once ended only the
 * outcome: the closure version holds no name, photo, description or place.
 */
export function toPublicAlert(
  alert: Alert,
  publications: readonly PublicationRef[],
  links: AlertLinks,
): PublicAlertDto | undefined {
  const live = alert.live;
  const published = publications.find((p) => p.version === live?.version);
  if (!live || !published) return undefined;
  const base = {
    id: alert.id,
    status: alert.state,
    exercise: alert.exercise,
    version: live.version,
    updatedAt: published.sent.toISOString(),
    capUrl: links.cap(alert.id),
    pageUrl: links.page(alert.id),
  };
  if (alert.state === 'ACTIVE' && live.kind === 'content') {
    return { ...base, alert: publicContentOf(live, links) };
  }
  if (live.kind !== 'closure') return undefined;
  const closure = live.content;
  return {
    ...base,
    outcome: closure.outcome,
    messages: Object.fromEntries(
      closure.languages.map((language) => {
        const texts = closureTextsOf(closure, language);
        return [language, { label: texts.label, text: texts.text }];
      }),
    ),
  };
}

function publicContentOf(version: ContentVersion, links: AlertLinks): PublicAlertContentDto {
  const json = contentToJson(version.content) as Record<string, unknown> & {
    suspects: Record<string, unknown>[];
  };
  return {
    child: json.child as Record<string, unknown>,
    photos: version.content.photoIds.map((id) => ({ id, urls: photoUrlsOf(links, version.alertId, id) })),
    lastSeen: json.lastSeen as Record<string, unknown>,
    suspects: json.suspects,
    ...(json.vehicle ? { vehicle: json.vehicle as Record<string, unknown> } : {}),
    policeContact: json.policeContact as Record<string, unknown>,
    hotline: HOTLINE_116000,
    languages: [...version.content.languages],
    texts: json.texts as Record<string, unknown>,
    area: json.area as Record<string, unknown>,
    expiresAt: version.content.expiresAt.toISOString(),
  };
}

/** The restricted record: for police and NGO staff only. */
export function toAlertDetail(
  alert: Alert,
  publications: readonly PublicationRef[],
  eventIds: ReadonlyMap<number, string>,
  photos: readonly StoredPhoto[],
  links: AlertLinks,
): AlertDetailDto {
  return {
    id: alert.id,
    state: alert.state,
    exercise: alert.exercise,
    authorId: alert.authorId,
    authorOrganisation: alert.authorOrganisationId,
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    latestVersion: alert.latestVersion,
    ...(alert.live ? { live: versionDtoOf(alert.live) } : {}),
    ...(alert.lastContent ? { lastContent: versionDtoOf(alert.lastContent) } : {}),
    ...(alert.candidate ? { candidate: candidateDtoOf(alert.candidate) } : {}),
    ...(alert.dissemination ? { channels: [...alert.dissemination.channels] } : {}),
    ...(alert.state === 'ACTIVE' && alert.lastContent
      ? { expiresAt: alert.lastContent.content.expiresAt.toISOString() }
      : {}),
    publications: publications.map((p) => ({
      version: p.version,
      type: p.type,
      msgType: p.msgType,
      identifier: p.identifier,
      sent: p.sent.toISOString(),
      ...(eventIds.has(p.version) ? { eventId: eventIds.get(p.version) } : {}),
    })),
    photos: photos.map((photo): StaffPhotoDto => ({
      id: photo.id,
      uploadedAt: photo.uploadedAt.toISOString(),
      urls: photoUrlsOf(links, alert.id, photo.id),
      sha256: photo.sha256,
    })),
    capUrl: links.cap(alert.id),
    pageUrl: links.page(alert.id),
  };
}

export function toAlertSummary(row: AlertSummaryRow): AlertSummaryDto {
  const child = row.content?.child as { name?: string; age?: number } | undefined;
  return {
    id: row.id,
    state: row.state,
    ...(row.candidateState ? { candidateState: row.candidateState } : {}),
    exercise: row.exercise,
    latestVersion: row.latestVersion,
    ...(child?.name !== undefined ? { childName: child.name } : {}),
    ...(child?.age !== undefined ? { childAge: child.age } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
  };
}

function versionDtoOf(version: AlertVersion): VersionDto {
  return {
    version: version.version,
    kind: version.kind,
    content: contentToJson(version.content),
    contentHash: version.contentHash,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy.userId,
  };
}

function candidateDtoOf(candidate: Candidate): CandidateDto {
  const validation = candidate.validation;
  const rejection = candidate.rejection;
  return {
    state: candidate.state,
    version: versionDtoOf(candidate.version),
    editors: [...candidate.editors],
    ...(validation
      ? {
          validation: {
            version: validation.version,
            by: validation.validatedBy.userId,
            at: validation.validatedAt.toISOString(),
            criteria: { ...validation.criteria },
            prosecutorOrder: {
              ...validation.prosecutorOrder,
              issuedAt: validation.prosecutorOrder.issuedAt.toISOString(),
            },
          } satisfies DecisionDto,
        }
      : {}),
    ...(rejection
      ? {
          rejection: {
            version: rejection.version,
            by: rejection.rejectedBy.userId,
            at: rejection.rejectedAt.toISOString(),
            reason: rejection.reason,
          } satisfies DecisionDto,
        }
      : {}),
  };
}
