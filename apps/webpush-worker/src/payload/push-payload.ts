import { createHash } from 'node:crypto';
import { renderPush } from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';

/**
 * Largest plaintext that fits one aes128gcm record within the 4,096 bytes a
 * push service must accept (RFC 8030 §7.2, RFC 8291 §4): 4096 − 86 (salt,
 * record size, key id) − 16 (tag) − 1 (padding delimiter).
 */
export const MAX_PUSH_PLAINTEXT = 4096 - 86 - 16 - 1;

/** What the service worker (/sw.js) receives: JSON, UTF-8. */
export interface PushPayload {
  alertId: string;
  version: number;
  /** activated | updated | resolved | cancelled | expired. */
  event: string;
  lang: string;
  title: string;
  body: string;
  /** The alert page: opened on click. */
  url: string;
  /** One notification per alert on the device: an update or the end replaces it. */
  tag: string;
  /** The photo's push derivative (192×192), absent on an ending. */
  image?: string;
  requireInteraction: boolean;
  exercise: boolean;
  /** On an ending only: true when the child was found safe. */
  found?: boolean;
}

/** A version's notification in one language, shared by every recipient of that language. */
export interface PreparedPush {
  language: string;
  /** The payload, serialised once. */
  plaintext: Buffer;
  /** RFC 8030 Topic: one per alert, so a newer message replaces an older one still queued at the push service. */
  topic: string;
  /** When the notification is worth nothing any more (the alert's expiry); undefined for an ending. */
  expiresAt?: Date;
}

export interface PushPayloadOptions {
  publicBaseUrl: string;
  timeZone: string;
}

export function preparePush(
  published: PublishedVersion,
  language: string,
  options: PushPayloadOptions,
): PreparedPush {
  const { alertId, alertVersion } = published;
  const base = options.publicBaseUrl;
  const rendering = renderPush(alertVersion, language, {
    publicBaseUrl: base,
    timeZone: options.timeZone,
    update: published.eventType === 'updated',
    photoUrl: (photoId, variant) => `${base}/v1/alerts/${alertId}/photos/${photoId}/${variant}`,
  });
  const payload: PushPayload = {
    alertId,
    version: published.version,
    event: published.eventType,
    lang: rendering.language,
    title: rendering.title,
    body: rendering.body,
    url: rendering.url,
    tag: rendering.tag,
    ...(rendering.icon !== undefined ? { image: rendering.icon } : {}),
    requireInteraction: rendering.requireInteraction,
    exercise: rendering.exercise,
    ...(alertVersion.kind === 'closure' ? { found: alertVersion.content.outcome === 'found_safe' } : {}),
  };
  return {
    language,
    plaintext: fitted(payload),
    topic: topicOf(alertId),
    ...(alertVersion.kind === 'content' ? { expiresAt: alertVersion.content.expiresAt } : {}),
  };
}

/**
 * The payload as bytes, within MAX_PUSH_PLAINTEXT. The renderer's limits
 * (title 65, body 240 characters) keep every alert far below it; should a
 * very long base URL ever break that, the body is shortened rather than have
 * every push service answer 413.
 */
export function fitted(payload: PushPayload): Buffer {
  let bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  let body = payload.body;
  while (bytes.length > MAX_PUSH_PLAINTEXT && body.length > 0) {
    body = body.slice(0, Math.max(0, body.length - Math.ceil((bytes.length - MAX_PUSH_PLAINTEXT) / 2) - 1));
    bytes = Buffer.from(JSON.stringify({ ...payload, body: body === '' ? '' : `${body}…` }), 'utf8');
  }
  if (bytes.length > MAX_PUSH_PLAINTEXT)
    throw new Error(
      `push payload of ${bytes.length} bytes cannot fit ${MAX_PUSH_PLAINTEXT} (url or title too long)`,
    );
  return bytes;
}

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The RFC 8030 Topic of an alert's messages: at most 32 base64url characters.
 * A UUID without its hyphens is exactly that; other ids are hashed.
 */
export function topicOf(alertId: string): string {
  const compact = alertId.replace(/-/g, '');
  if (TOPIC.test(compact)) return compact;
  return createHash('sha256').update(alertId).digest('base64url').slice(0, 32);
}

/** RFC 8030 TTL in seconds: until the alert expires (at least 0), or the ending's fixed TTL. */
export function ttlSecondsOf(
  prepared: PreparedPush,
  closureTtlSeconds: number,
  now: number = Date.now(),
): number {
  if (prepared.expiresAt === undefined) return closureTtlSeconds;
  const seconds = Math.floor((prepared.expiresAt.getTime() - now) / 1000);
  // Push services keep messages at most about four weeks.
  return Math.min(Math.max(seconds, 0), 28 * 24 * 3600);
}
