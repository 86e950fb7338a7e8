import type {
  CapArea,
  CapCertainty,
  CapInfoInput,
  CapMessageInput,
  CapMsgType,
  CapReference,
  CapResource,
  CapSeverity,
  CapValuePair,
} from '@childalert/cap';
import { t } from '@childalert/i18n';
import type { ClosureOutcome, TargetArea } from '../model/alert-content.types';
import { capIdentifierOf } from '../model/alert-identity';
import type { AlertVersion, ClosureVersion, ContentVersion, Publication } from '../model/alert.types';
import {
  alertPageUrl,
  areaDescriptionOf,
  closureTextsOf,
  contactOf,
  fullDescriptionOf,
  headlineOf,
  instructionOf,
  labelsOf,
  withLabels,
} from '../render/alert-text.util';

/** A stored photo as a CAP resource: the variant the URI serves, with its size and SHA-1. */
export interface PhotoDescriptor {
  id: string;
  mimeType: string;
  size: number;
  /** SHA-1 of the bytes at `uri`, lower-case hex (CAP 1.2 `digest`). */
  sha1: string;
  uri: string;
}

export interface CapMappingOptions {
  /** CAP sender of this deployment (no spaces or commas), e.g. `alerts@amber.example.gr`. */
  sender: string;
  sent: Date;
  /** Base of the public pages: `web` points to `<publicBaseUrl>/alerts/<id>`. */
  publicBaseUrl: string;
  /** Every message published earlier for this alert, oldest first (see capReferencesOf). */
  previousMessages: readonly CapReference[];
  /** The photos of the version, by id; a content version needs one for each of its photoIds. */
  photos?: readonly PhotoDescriptor[];
  senderName?: string;
  /** For times written into the text (last seen). Defaults to UTC. */
  timeZone?: string;
}

/** The SAME code of a child abduction emergency, as broadcasters know it. */
export const CHILD_ABDUCTION_EVENT_CODE: CapValuePair = { valueName: 'SAME', value: 'CAE' };
export const PARAMETER_ALERT_ID = 'childalert:alertId';
export const PARAMETER_VERSION = 'childalert:version';
export const PARAMETER_OUTCOME = 'childalert:outcome';

const CLOSURE_CERTAINTY: Record<ClosureOutcome, CapCertainty> = {
  found_safe: 'Observed',
  cancelled: 'Unlikely',
  expired: 'Unknown',
};
const CLOSURE_SEVERITY: Record<ClosureOutcome, CapSeverity> = {
  found_safe: 'Minor',
  cancelled: 'Minor',
  expired: 'Unknown',
};

/**
 * The CAP message type of a version: the first publication is an Alert,
 * later content an Update; the end is an Update ("found safe", "ended") or,
 * for a cancellation, a Cancel.
 */
export function capMsgTypeOf(version: AlertVersion, hasEarlierMessages: boolean): CapMsgType {
  if (version.kind === 'content') return hasEarlierMessages ? 'Update' : 'Alert';
  return version.content.outcome === 'cancelled' ? 'Cancel' : 'Update';
}

/** The references of a new message: every earlier publication of the alert. */
export function capReferencesOf(publications: readonly Publication[], sender: string): CapReference[] {
  return publications.map((p) => ({ sender, identifier: p.identifier, sent: p.sent }));
}

/**
 * One published version as a CAP 1.2 message: one `info` per language.
 * Ending versions carry no personal data: no name, photo, description or
 * place, only the outcome, the area (so receivers know where to retract)
 * and the references to what they end. Build and validate the XML with
 * `buildValidCapXml` from libs/cap.
 */
export function toCapMessage(version: AlertVersion, options: CapMappingOptions): CapMessageInput {
  const msgType = capMsgTypeOf(version, options.previousMessages.length > 0);
  if (msgType !== 'Alert' && options.previousMessages.length === 0) {
    throw new Error(`a CAP ${msgType} of alert ${version.alertId} needs the earlier messages it refers to`);
  }
  const exercise = version.content.exercise;
  const infos =
    version.kind === 'content'
      ? contentInfos(version, options, msgType === 'Update')
      : closureInfos(version, options);
  return {
    identifier: capIdentifierOf(version.alertId, version.version),
    sender: options.sender,
    sent: options.sent,
    status: exercise ? 'Exercise' : 'Actual',
    msgType,
    scope: 'Public',
    ...(exercise ? { note: t('en', 'alert.text.exerciseNote') } : {}),
    references: [...options.previousMessages],
    incidents: [version.alertId],
    infos,
  };
}

function contentInfos(version: ContentVersion, options: CapMappingOptions, update: boolean): CapInfoInput[] {
  const content = version.content;
  const resources = photoResources(version, options.photos ?? []);
  return content.languages.map((language) => {
    const labels = labelsOf(content.exercise, update, language);
    const description = fullDescriptionOf(content, language, options.timeZone);
    return {
      language,
      category: ['Rescue'],
      event: t(language, 'alert.event'),
      responseType: ['Monitor'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      eventCode: [CHILD_ABDUCTION_EVENT_CODE],
      onset: content.lastSeen.at,
      expires: content.expiresAt,
      ...(options.senderName ? { senderName: options.senderName } : {}),
      headline: withLabels(headlineOf(content, language), labels),
      description: content.exercise
        ? `${t(language, 'alert.text.exerciseNote')}\n\n${description}`
        : description,
      instruction: instructionOf(content, language),
      web: alertPageUrl(options.publicBaseUrl, version.alertId),
      contact: contactOf(content, language),
      parameters: parameters(version),
      resources: resources.map((resource) => ({
        ...resource,
        resourceDesc: t(language, 'alert.photo.description'),
      })),
      areas: [
        capArea(
          content.area,
          areaDescriptionOf(content.area, language, content.texts[language]?.areaDescription),
        ),
      ],
    };
  });
}

function closureInfos(version: ClosureVersion, options: CapMappingOptions): CapInfoInput[] {
  const closure = version.content;
  return closure.languages.map((language) => {
    const texts = closureTextsOf(closure, language);
    const labels = labelsOf(closure.exercise, false, language);
    return {
      language,
      category: ['Rescue'],
      event: t(language, 'alert.event'),
      responseType: ['AllClear'],
      urgency: 'Past',
      severity: CLOSURE_SEVERITY[closure.outcome],
      certainty: CLOSURE_CERTAINTY[closure.outcome],
      eventCode: [CHILD_ABDUCTION_EVENT_CODE],
      ...(options.senderName ? { senderName: options.senderName } : {}),
      headline: withLabels(texts.label, labels),
      description: texts.text,
      instruction: texts.instruction,
      web: alertPageUrl(options.publicBaseUrl, version.alertId),
      parameters: [...parameters(version), { valueName: PARAMETER_OUTCOME, value: closure.outcome }],
      resources: [],
      areas: [capArea(closure.area, areaDescriptionOf(closure.area, language))],
    };
  });
}

function parameters(version: AlertVersion): CapValuePair[] {
  return [
    { valueName: PARAMETER_ALERT_ID, value: version.alertId },
    { valueName: PARAMETER_VERSION, value: String(version.version) },
  ];
}

function photoResources(
  version: ContentVersion,
  photos: readonly PhotoDescriptor[],
): Omit<CapResource, 'resourceDesc'>[] {
  return version.content.photoIds.map((id) => {
    const photo = photos.find((candidate) => candidate.id === id);
    if (!photo)
      throw new Error(`photo ${id} of alert ${version.alertId} v${version.version} has no stored descriptor`);
    return { mimeType: photo.mimeType, size: photo.size, uri: photo.uri, digest: photo.sha1 };
  });
}

export function capArea(area: TargetArea, areaDesc: string): CapArea {
  switch (area.kind) {
    case 'circle':
      return {
        areaDesc,
        polygons: [],
        circles: [{ lat: area.lat, lon: area.lon, radiusKm: area.radiusKm }],
        geocodes: [],
      };
    case 'polygon':
      return { areaDesc, polygons: [area.points.map(([lat, lon]) => [lat, lon])], circles: [], geocodes: [] };
    case 'regions':
      return {
        areaDesc,
        polygons: [],
        circles: [],
        geocodes: area.codes.map((code) => ({
          valueName: code.includes('-') ? 'ISO3166-2' : 'ISO3166-1',
          value: code,
        })),
      };
  }
}
