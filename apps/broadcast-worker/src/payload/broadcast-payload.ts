import {
  alertPageUrl,
  areaDescriptionOf,
  closureTextsOf,
  fullDescriptionOf,
  headlineOf,
  HOTLINE_116000,
} from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';
import type { PublishedCap } from './publication.reader';

export const BROADCAST_JSON_TYPE = 'application/json';
export const BROADCAST_CAP_TYPE = 'application/cap+xml';

/**
 * The JSON webhook body (format `json`), documented in
 * apps/broadcast-worker/README.md. Facts are structured so a newsroom system
 * can lay them out itself; `imageCardUrl` is the ready-to-air 1920×1080 card
 * (fetched with the broadcaster's API key). An ending carries `closure` and
 * no personal data.
 */
export interface BroadcastJson {
  /** `childalert.alert.<eventType>`. */
  type: string;
  alertId: string;
  version: number;
  /** activated | updated | resolved | cancelled | expired. */
  eventType: string;
  exercise: boolean;
  language: string;
  cap: { identifier: string; sender: string; sent: string; msgType: string; url: string };
  alertPageUrl: string;
  imageCardUrl: string;
  hotline: string;
  alert?: {
    headline: string;
    description: string;
    child: {
      name: string;
      age: number;
      sex: string;
      heightCm?: number;
      hair?: string;
      eyes?: string;
      clothing?: string;
    };
    lastSeen: { at: string; address: string; lat: number; lon: number };
    vehicle?: { make?: string; model?: string; colour?: string; plate?: string };
    policeContact: { unit: string; phone: string };
    photoUrls: string[];
    areaDescription: string;
    expiresAt: string;
  };
  closure?: { outcome: string; label: string; text: string };
}

/** A version's bodies in one language, shared by every broadcaster of that language. */
export interface PreparedBroadcast {
  language: string;
  /** The CAP message exactly as published (undefined once erased by retention). */
  cap?: Buffer;
  json: Buffer;
}

export interface BroadcastPayloadOptions {
  publicBaseUrl: string;
  timeZone: string;
}

export function prepareBroadcast(
  published: PublishedVersion,
  capMessage: PublishedCap,
  language: string,
  options: BroadcastPayloadOptions,
): PreparedBroadcast {
  const { alertId, alertVersion } = published;
  const base = options.publicBaseUrl;
  const body: BroadcastJson = {
    type: `childalert.alert.${published.eventType}`,
    alertId,
    version: published.version,
    eventType: published.eventType,
    exercise: published.exercise,
    language,
    cap: {
      identifier: capMessage.identifier,
      sender: capMessage.sender,
      sent: capMessage.sent.toISOString(),
      msgType: capMessage.msgType,
      url: `${base}/feeds/alerts/${alertId}.cap.xml`,
    },
    alertPageUrl: alertPageUrl(base, alertId),
    imageCardUrl: imageCardUrl(base, alertId, language),
    hotline: HOTLINE_116000,
  };
  if (alertVersion.kind === 'content') {
    const content = alertVersion.content;
    const { child } = content;
    body.alert = {
      headline: headlineOf(content, language),
      description: fullDescriptionOf(content, language, options.timeZone),
      child: {
        name: child.name,
        age: child.age,
        sex: child.sex,
        ...(child.heightCm !== undefined ? { heightCm: child.heightCm } : {}),
        ...(child.hair !== undefined ? { hair: child.hair } : {}),
        ...(child.eyes !== undefined ? { eyes: child.eyes } : {}),
        ...(child.clothing !== undefined ? { clothing: child.clothing } : {}),
      },
      lastSeen: {
        at: content.lastSeen.at.toISOString(),
        address: content.lastSeen.place.address,
        lat: content.lastSeen.place.lat,
        lon: content.lastSeen.place.lon,
      },
      ...(content.vehicle !== undefined ? { vehicle: content.vehicle } : {}),
      policeContact: content.policeContact,
      photoUrls: content.photoIds.map((id) => `${base}/v1/alerts/${alertId}/photos/${id}/original`),
      areaDescription: areaDescriptionOf(content.area, language, content.texts[language]?.areaDescription),
      expiresAt: content.expiresAt.toISOString(),
    };
  } else {
    const texts = closureTextsOf(alertVersion.content, language);
    body.closure = { outcome: alertVersion.content.outcome, label: texts.label, text: texts.text };
  }
  return {
    language,
    ...(capMessage.xml !== '' ? { cap: Buffer.from(capMessage.xml, 'utf8') } : {}),
    json: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

/** Where the broadcaster fetches the ready-to-air card (alert-api, API key). */
export function imageCardUrl(publicBaseUrl: string, alertId: string, language: string): string {
  return `${publicBaseUrl}/v1/broadcast/alerts/${alertId}/card.png?lang=${encodeURIComponent(language)}`;
}
