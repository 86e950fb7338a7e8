import type { SmtpEmailOptions } from '@childalert/email';
import { DEVELOPMENT_SIGNING_SECRET, type EmailWorkerConfig } from './email-worker.config';

/** What the e-mail channel needs from the worker's configuration, resolved once. */
export interface EmailSettings {
  from: string;
  /** The right-hand side of our Message-IDs: the DKIM domain, else the sender's domain. */
  messageIdDomain: string;
  publicBaseUrl: string;
  signingSecret: string;
  timeZone: string;
}

export const EMAIL_SETTINGS = Symbol('EMAIL_SETTINGS');

export function emailSettingsOf(config: EmailWorkerConfig): EmailSettings {
  const senderDomain = /@([^\s<>@]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'childalert.example';
  return {
    from: config.MAIL_FROM,
    messageIdDomain: config.DKIM_DOMAIN !== '' ? config.DKIM_DOMAIN : senderDomain,
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    signingSecret: config.SUBSCRIPTION_SIGNING_SECRET || DEVELOPMENT_SIGNING_SECRET,
    timeZone: config.ALERT_TIME_ZONE,
  };
}

export function smtpOptionsOf(config: EmailWorkerConfig): SmtpEmailOptions {
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
