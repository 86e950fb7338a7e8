import { env } from '@childalert/config';
import type { SmtpEmailOptions } from './smtp-email.options';

/**
 * The SMTP relay settings, shared by every app that sends mail (alert-api for
 * confirmations, the e-mail worker for alerts), so both read them alike.
 */
export const smtpConfigShape = {
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
};

export interface SmtpConfig {
  SMTP_HOST: string;
  SMTP_PORT: number;
  SMTP_SECURE: boolean;
  SMTP_REQUIRE_TLS: boolean;
  SMTP_USER: string;
  SMTP_PASSWORD: string;
  SMTP_POOL_SIZE: number;
  SMTP_MAX_MESSAGES: number;
  SMTP_RATE_LIMIT_PER_SECOND: number;
  SMTP_TIMEOUT_MS: number;
  MAIL_FROM: string;
  DKIM_DOMAIN: string;
  DKIM_SELECTOR: string;
  DKIM_PRIVATE_KEY: string;
}

/** Settings that are wrong only together, as `[variable, message]` pairs for a config refinement. */
export function smtpConfigProblems(config: SmtpConfig): [string, string][] {
  const problems: [string, string][] = [];
  if ((config.SMTP_USER === '') !== (config.SMTP_PASSWORD === ''))
    problems.push(['SMTP_PASSWORD', 'set SMTP_USER and SMTP_PASSWORD together']);
  const dkim = [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY].filter((v) => v !== '');
  if (dkim.length !== 0 && dkim.length !== 3)
    problems.push(['DKIM_PRIVATE_KEY', 'set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together']);
  if (!/<?[^\s<>@]+@[^\s<>@]+>?\s*$/.test(config.MAIL_FROM))
    problems.push(['MAIL_FROM', 'expected an address such as "Child Alert <alerts@example.org>"']);
  return problems;
}

export function smtpOptionsFrom(config: SmtpConfig): SmtpEmailOptions {
  return {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    requireTls: config.SMTP_REQUIRE_TLS,
    auth: config.SMTP_USER !== '' ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
    pooled: true,
    maxConnections: config.SMTP_POOL_SIZE,
    maxMessages: config.SMTP_MAX_MESSAGES,
    rateLimitPerSecond: config.SMTP_RATE_LIMIT_PER_SECOND || undefined,
    dkim:
      config.DKIM_DOMAIN !== ''
        ? {
            domainName: config.DKIM_DOMAIN,
            keySelector: config.DKIM_SELECTOR,
            // Environments carry a PEM on one line with literal \n.
            privateKey: config.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
          }
        : undefined,
    connectionTimeoutMs: config.SMTP_TIMEOUT_MS,
    greetingTimeoutMs: config.SMTP_TIMEOUT_MS,
    socketTimeoutMs: config.SMTP_TIMEOUT_MS,
  };
}
