import { subscriptionSigningProblems, subscriptionSigningShape } from '@childalert/audience';
import { appConfigSchema, env } from '@childalert/config';
import { smtpConfigProblems, smtpConfigShape } from '@childalert/email';
import { z } from 'zod';

/** A setting that is off, on, or (unset) decided by the environment. */
function optionalBoolean() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): boolean | undefined => {
      const value = raw?.trim().toLowerCase();
      if (value === undefined || value === '') return undefined;
      if (['true', '1', 'yes', 'on'].includes(value)) return true;
      if (['false', '0', 'no', 'off'].includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    });
}

/** CAP 1.2 §3.2.1: sender and identifier carry no spaces, commas, `<` or `&`. */
const CAP_ID = /^[^\s,<&]+$/;

const schema = appConfigSchema('alert-api', {
  /** HS256 key of access tokens, ≥ 32 characters. Required in production; generated per run otherwise. */
  JWT_SECRET: env.optionalString(''),
  JWT_TTL_SECONDS: env.int({ default: 900, min: 60, max: 86_400 }),
  /** The first ngo_admin, created on first start when there is none (both or neither). */
  FIRST_ADMIN_USERNAME: env.optionalString(''),
  FIRST_ADMIN_PASSWORD: env.optionalString(''),
  /** One demo user per role (officer, supervisor, operator, admin, auditor). Default: on outside production. */
  DEMO_USERS: optionalBoolean(),
  /** The demo users' password; generated and logged once when unset (`npm start` sets and prints it). */
  DEMO_PASSWORD: env.optionalString(''),
  /** Where the public reaches this API: links in CAP, Atom, renderings. Default: http://HOST:PORT. */
  PUBLIC_BASE_URL: env.optionalString(''),
  /** CAP `sender` of this deployment (no spaces or commas), e.g. `alerts@amber.example.gr`. */
  CAP_SENDER: env.string('alerts@childalert.example'),
  /** CAP `senderName`: the organisation the public sees as the source. */
  CAP_SENDER_NAME: env.string('childalert'),
  /** IANA time zone of times written into alert texts. */
  ALERT_TIME_ZONE: env.string('UTC'),
  /** Lifetime of an alert whose author gives no expiry. */
  ALERT_DEFAULT_EXPIRY_HOURS: env.int({ default: 24, min: 1, max: 720 }),
  /** Largest photo upload accepted. */
  PHOTO_MAX_BYTES: env.int({ default: 10 * 1024 * 1024, min: 64 * 1024, max: 50 * 1024 * 1024 }),
  /** Largest scan of a prosecutor's order accepted (PDF, JPEG or PNG). */
  DOCUMENT_MAX_BYTES: env.int({ default: 10 * 1024 * 1024, min: 64 * 1024, max: 50 * 1024 * 1024 }),
  /** How long a preview's confirmation token stays valid. */
  CONFIRMATION_TTL_SECONDS: env.int({ default: 600, min: 30, max: 3600 }),
  /** HMAC key of confirmation tokens; derived from JWT_SECRET when unset. */
  CONFIRMATION_SECRET: env.optionalString(''),
  /** How often the expiry job looks for ACTIVE alerts past their expiry. */
  EXPIRY_INTERVAL_MS: env.int({ default: 15_000, min: 100, max: 600_000 }),
  /** How long an ended alert stays in the Atom feed (its closure only: no personal data). */
  FEED_ENDED_HOURS: env.int({ default: 24, min: 0, max: 720 }),
  /** Days an ended alert keeps its personal data (name, photos, texts, CAP) in the restricted record; then it is erased. */
  RETENTION_DAYS: env.int({ default: 365, min: 1, max: 36_500 }),
  /** How often the retention job looks for ended alerts past the retention period. */
  RETENTION_INTERVAL_MS: env.int({ default: 3_600_000, min: 1000, max: 86_400_000 }),
  /** Run the outbox relay in this process (one leader among all instances publishes). */
  OUTBOX_RELAY: env.boolean(true),
  /** The relay that sends subscription confirmations. */
  ...smtpConfigShape,
  ...subscriptionSigningShape,
  /** Requests one client IP may make to the public subscription routes, per minute. */
  SUBSCRIPTION_RATE_LIMIT_PER_MINUTE: env.int({ default: 30, min: 1, max: 100_000 }),
  /** How often the live delivery stream looks for new numbers. */
  DELIVERIES_STREAM_POLL_MS: env.int({ default: 1000, min: 100, max: 60_000 }),
  /** The web push VAPID public key served to browsers (the webpush-worker's pair); unset in production, the route answers 503. */
  VAPID_PUBLIC_KEY: env.optionalString(''),
  /** Outside production, the key pair shared with webpush-worker when VAPID_PUBLIC_KEY is unset. */
  VAPID_KEY_FILE: env.string('.data/vapid-keys.json'),
});

export const alertApiConfigSchema = schema.superRefine((config, ctx) => {
  const production = config.NODE_ENV === 'production';
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (production && config.JWT_SECRET === '') issue('JWT_SECRET', 'required in production');
  if (config.JWT_SECRET !== '' && config.JWT_SECRET.length < 32)
    issue('JWT_SECRET', 'must be at least 32 characters');
  if (config.CONFIRMATION_SECRET !== '' && config.CONFIRMATION_SECRET.length < 32)
    issue('CONFIRMATION_SECRET', 'must be at least 32 characters');
  if ((config.FIRST_ADMIN_USERNAME === '') !== (config.FIRST_ADMIN_PASSWORD === ''))
    issue('FIRST_ADMIN_PASSWORD', 'set FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD together');
  if (production && config.DEMO_USERS === true)
    issue('DEMO_USERS', 'demo users never exist in production: remove DEMO_USERS');
  if (production && config.PUBLIC_BASE_URL === '')
    issue('PUBLIC_BASE_URL', 'required in production: feeds and CAP messages link to it');
  if (config.PUBLIC_BASE_URL !== '' && !/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  for (const [variable, message] of [...smtpConfigProblems(config), ...subscriptionSigningProblems(config)])
    issue(variable, message);
  if (!CAP_ID.test(config.CAP_SENDER))
    issue('CAP_SENDER', 'must not contain spaces, commas, < or & (CAP 1.2 §3.2.1)');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
});

export type AlertApiConfig = z.output<typeof alertApiConfigSchema>;

/** PUBLIC_BASE_URL without a trailing slash, or where this process listens. */
export function publicBaseUrlOf(config: AlertApiConfig): string {
  if (config.PUBLIC_BASE_URL !== '') return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}
