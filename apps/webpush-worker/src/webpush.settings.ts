import { readFileSync } from 'node:fs';
import type { WebpushWorkerConfig } from './webpush-worker.config';
import { resolveVapidKeys, type VapidKeys } from './vapid/vapid-keys';

/** What the web push channel needs from the worker's configuration, resolved once at start. */
export interface WebpushSettings {
  vapid: VapidKeys;
  /** Where the keys came from (logged at start: a generated pair must be shared with alert-api). */
  vapidSource: 'config' | 'file' | 'generated';
  vapidTokenTtlSeconds: number;
  publicBaseUrl: string;
  timeZone: string;
  /** HTTP/2 to push services that speak it (ALPN), HTTP/1.1 keep-alive agents otherwise. */
  http2: boolean;
  connectionsPerOrigin: number;
  timeoutMs: number;
  closureTtlSeconds: number;
  ca?: string;
  allowPrivateEndpoints: boolean;
}

export const WEBPUSH_SETTINGS = Symbol('WEBPUSH_SETTINGS');

export function webpushSettingsOf(config: WebpushWorkerConfig): WebpushSettings {
  const { source, ...vapid } = resolveVapidKeys({
    publicKey: config.VAPID_PUBLIC_KEY,
    privateKey: config.VAPID_PRIVATE_KEY,
    subject: config.VAPID_SUBJECT,
    keyFile: config.VAPID_KEY_FILE,
  });
  return {
    vapid,
    vapidSource: source,
    vapidTokenTtlSeconds: config.VAPID_TOKEN_TTL_SECONDS,
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    timeZone: config.ALERT_TIME_ZONE,
    http2: config.WEBPUSH_HTTP2,
    connectionsPerOrigin: config.WEBPUSH_CONNECTIONS_PER_ORIGIN,
    timeoutMs: config.WEBPUSH_TIMEOUT_MS,
    closureTtlSeconds: config.WEBPUSH_CLOSURE_TTL_SECONDS,
    ...(config.WEBPUSH_CA_FILE !== '' ? { ca: readFileSync(config.WEBPUSH_CA_FILE, 'utf8') } : {}),
    allowPrivateEndpoints: config.WEBPUSH_ALLOW_PRIVATE_ENDPOINTS,
  };
}
