import { renderPush } from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';
import type { TokenMessage } from 'firebase-admin/messaging';

/** A version's notification in one language, shared by every recipient of that language. */
export interface PreparedMobile {
  language: string;
  alertId: string;
  title: string;
  body: string;
  /** The photo for the expanded notification; absent on an ending (no personal data after it). */
  imageUrl?: string;
  /** FCM data values are strings: what the app needs to open the alert. */
  data: Record<string, string>;
  /** One notification per alert on the device: an update, an ending or a resend replaces it. */
  collapseId: string;
  /** When the notification is worth nothing any more (the alert's expiry); undefined for an ending. */
  expiresAt?: Date;
}

export interface MobileNotificationOptions {
  publicBaseUrl: string;
  timeZone: string;
  /** The Android notification channel the app registers for alerts. */
  androidChannelId: string;
  /** Device-side lifetime of an ending's notification. */
  closureTtlSeconds: number;
}

export function prepareMobile(
  published: PublishedVersion,
  language: string,
  options: Pick<MobileNotificationOptions, 'publicBaseUrl' | 'timeZone'>,
): PreparedMobile {
  const { alertId, alertVersion } = published;
  const base = options.publicBaseUrl;
  const rendering = renderPush(alertVersion, language, {
    publicBaseUrl: base,
    timeZone: options.timeZone,
    update: published.eventType === 'updated',
    // The 600 px derivative (not the 192 px icon): Android and iOS show it as the expanded picture.
    photoUrl: (photoId) => `${base}/v1/alerts/${alertId}/photos/${photoId}/email`,
  });
  return {
    language,
    alertId,
    title: rendering.title,
    body: rendering.body,
    ...(rendering.icon !== undefined ? { imageUrl: rendering.icon } : {}),
    data: {
      alertId,
      version: String(published.version),
      language: rendering.language,
      url: rendering.url,
      event: published.eventType,
      exercise: String(rendering.exercise),
    },
    collapseId: rendering.tag,
    ...(alertVersion.kind === 'content' ? { expiresAt: alertVersion.content.expiresAt } : {}),
  };
}

/** Seconds the notification stays worth delivering: until the alert expires (≥ 0), or the ending's fixed TTL. */
export function ttlSecondsOf(prepared: PreparedMobile, closureTtlSeconds: number, now = Date.now()): number {
  if (prepared.expiresAt === undefined) return closureTtlSeconds;
  const seconds = Math.floor((prepared.expiresAt.getTime() - now) / 1000);
  // FCM keeps messages at most four weeks.
  return Math.min(Math.max(seconds, 0), 28 * 24 * 3600);
}

/**
 * The FCM v1 message for one device: high priority, a visible notification
 * (title, body, image) and the data the app opens the alert with; on Android
 * the alerts channel, public on the lock screen, replacing the alert's earlier
 * notification (tag, collapse key); on iOS an APNs alert at priority 10,
 * time-sensitive (breaks through Focus), collapsed per alert.
 */
export function messageFor(
  prepared: PreparedMobile,
  token: string,
  options: Pick<MobileNotificationOptions, 'androidChannelId' | 'closureTtlSeconds'>,
  now = Date.now(),
): TokenMessage {
  const ttlSeconds = ttlSecondsOf(prepared, options.closureTtlSeconds, now);
  const image = prepared.imageUrl;
  return {
    token,
    notification: {
      title: prepared.title,
      body: prepared.body,
      ...(image !== undefined ? { imageUrl: image } : {}),
    },
    data: prepared.data,
    android: {
      priority: 'high',
      ttl: ttlSeconds * 1000,
      collapseKey: prepared.collapseId,
      notification: {
        channelId: options.androidChannelId,
        tag: prepared.collapseId,
        priority: 'max',
        visibility: 'public',
        defaultSound: true,
        ...(image !== undefined ? { imageUrl: image } : {}),
      },
    },
    apns: {
      headers: {
        'apns-priority': '10',
        'apns-push-type': 'alert',
        // 0 = try once only; an expiry in the past would be refused.
        'apns-expiration': String(ttlSeconds === 0 ? 0 : Math.floor(now / 1000) + ttlSeconds),
        'apns-collapse-id': prepared.collapseId,
      },
      payload: {
        aps: {
          sound: 'default',
          threadId: prepared.collapseId,
          'interruption-level': 'time-sensitive',
          // Lets the app's notification service extension attach the image.
          ...(image !== undefined ? { mutableContent: true } : {}),
        },
      },
      ...(image !== undefined ? { fcmOptions: { imageUrl: image } } : {}),
    },
    webpush: {
      headers: { Urgency: 'high', TTL: String(ttlSeconds) },
    },
  };
}
