import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import type { z } from 'zod';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const schema = appConfigSchema('webpush-worker', {
  ...deliveryConfigShape,
  /** alert-api's public address: the alert page and photo links in notifications. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  /** IANA time zone of times written into notification texts. */
  ALERT_TIME_ZONE: env.string('UTC'),
  /** VAPID key pair (RFC 8292), unpadded base64url: 65-byte public point, 32-byte private scalar. Required in production. */
  VAPID_PUBLIC_KEY: env.optionalString(''),
  VAPID_PRIVATE_KEY: env.optionalString(''),
  /** Who push services contact about our traffic: mailto: or https: URL. */
  VAPID_SUBJECT: env.string('mailto:alerts@childalert.example'),
  /** Outside production, where a generated key pair is kept (shared with alert-api) when the keys are unset. */
  VAPID_KEY_FILE: env.string('.data/vapid-keys.json'),
  /** Lifetime of the VAPID JWT of one push-service origin; renewed a tenth before (RFC 8292: at most 24 h). */
  VAPID_TOKEN_TTL_SECONDS: env.int({ default: 12 * 3600, min: 60, max: 24 * 3600 - 60 }),
  /** HTTP/2 (one session per push-service origin, chosen by ALPN); false: HTTP/1.1 agents only. */
  WEBPUSH_HTTP2: env.boolean(true),
  /** HTTP/1.1 only: keep-alive connections per push-service origin (requests beyond them queue on the agent). */
  WEBPUSH_CONNECTIONS_PER_ORIGIN: env.int({ default: 16, min: 1, max: 1_000 }),
  /** One push request's limit, connection included. */
  WEBPUSH_TIMEOUT_MS: env.int({ default: 10_000, min: 100, max: 120_000 }),
  /** TTL of an ending's notification (a closure has no expiry of its own). */
  WEBPUSH_CLOSURE_TTL_SECONDS: env.int({ default: 24 * 3600, min: 0, max: 28 * 24 * 3600 }),
  /** PEM file of extra CAs the push services' certificates may chain to (tests' loopback receiver). */
  WEBPUSH_CA_FILE: env.optionalString(''),
  /** Send to loopback/private addresses (tests and local demos only; never in production). */
  WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: env.boolean(false),
});

export const webpushWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  const production = config.NODE_ENV === 'production';
  if (!/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
  if ((config.VAPID_PUBLIC_KEY === '') !== (config.VAPID_PRIVATE_KEY === ''))
    issue('VAPID_PRIVATE_KEY', 'set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together');
  if (production && config.VAPID_PUBLIC_KEY === '') issue('VAPID_PUBLIC_KEY', 'required in production');
  if (config.VAPID_PUBLIC_KEY !== '' && !BASE64URL.test(config.VAPID_PUBLIC_KEY))
    issue('VAPID_PUBLIC_KEY', 'expected unpadded base64url');
  if (config.VAPID_PRIVATE_KEY !== '' && !BASE64URL.test(config.VAPID_PRIVATE_KEY))
    issue('VAPID_PRIVATE_KEY', 'expected unpadded base64url');
  if (!/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(config.VAPID_SUBJECT))
    issue('VAPID_SUBJECT', 'expected a mailto: address or an https: URL');
  if (production && config.WEBPUSH_ALLOW_PRIVATE_ENDPOINTS)
    issue('WEBPUSH_ALLOW_PRIVATE_ENDPOINTS', 'never in production');
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type WebpushWorkerConfig = z.output<typeof webpushWorkerConfigSchema>;
