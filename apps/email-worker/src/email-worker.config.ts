import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import type { z } from 'zod';

/**
 * Signs unsubscribe links outside production when SUBSCRIPTION_SIGNING_SECRET
 * is unset. alert-api must verify with the same secret, so a deployment sets
 * one secret for both; production refuses to start without it.
 */
export const DEVELOPMENT_SIGNING_SECRET = 'childalert-development-only-subscription-secret';

const schema = appConfigSchema('email-worker', {
  ...deliveryConfigShape,
  SMTP_HOST: env.string('127.0.0.1'),
  SMTP_PORT: env.port(25),
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  SMTP_SECURE: env.boolean(false),
  /** Refuse to send unless STARTTLS succeeds (a relay across a network). */
  SMTP_REQUIRE_TLS: env.boolean(false),
  SMTP_USER: env.optionalString(''),
  SMTP_PASSWORD: env.optionalString(''),
  /** Connections of the SMTP pool. */
  SMTP_POOL_SIZE: env.int({ default: 5, min: 1, max: 200 }),
  /** Messages per connection before it is replaced. */
  SMTP_MAX_MESSAGES: env.int({ default: 1_000, min: 1, max: 1_000_000 }),
  /** The relay's limit, messages a second across the pool; 0: none. */
  SMTP_RATE_LIMIT_PER_SECOND: env.int({ default: 0, min: 0, max: 1_000_000 }),
  SMTP_TIMEOUT_MS: env.int({ default: 30_000, min: 1_000, max: 600_000 }),
  /** The sender people see: `Child Alert <alerts@example.org>`. */
  MAIL_FROM: env.string('Child Alert <alerts@childalert.example>'),
  /** DKIM signing, all three or none; the key is a PEM RSA private key. */
  DKIM_DOMAIN: env.optionalString(''),
  DKIM_SELECTOR: env.optionalString(''),
  DKIM_PRIVATE_KEY: env.optionalString(''),
  /** alert-api's public address: photo, alert page and unsubscribe links. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  /** The same secret alert-api verifies unsubscribe links with (≥ 32 characters). */
  SUBSCRIPTION_SIGNING_SECRET: env.optionalString(''),
  /** IANA time zone of times written into alert e-mails. */
  ALERT_TIME_ZONE: env.string('UTC'),
});

export const emailWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  const production = config.NODE_ENV === 'production';
  if (production && config.SUBSCRIPTION_SIGNING_SECRET === '')
    issue(
      'SUBSCRIPTION_SIGNING_SECRET',
      'required in production: every e-mail carries a signed unsubscribe link',
    );
  if (config.SUBSCRIPTION_SIGNING_SECRET !== '' && config.SUBSCRIPTION_SIGNING_SECRET.length < 32)
    issue('SUBSCRIPTION_SIGNING_SECRET', 'must be at least 32 characters');
  if (!/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  if ((config.SMTP_USER === '') !== (config.SMTP_PASSWORD === ''))
    issue('SMTP_PASSWORD', 'set SMTP_USER and SMTP_PASSWORD together');
  const dkim = [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY].filter((v) => v !== '');
  if (dkim.length !== 0 && dkim.length !== 3)
    issue('DKIM_PRIVATE_KEY', 'set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together');
  if (!/<?[^\s<>@]+@[^\s<>@]+>?\s*$/.test(config.MAIL_FROM))
    issue('MAIL_FROM', 'expected an address such as "Child Alert <alerts@example.org>"');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type EmailWorkerConfig = z.output<typeof emailWorkerConfigSchema>;
