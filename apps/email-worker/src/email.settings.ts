import { subscriptionSigningSecretOf } from '@childalert/audience';
import type { EmailWorkerConfig } from './email-worker.config';

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
    signingSecret: subscriptionSigningSecretOf(config),
    timeZone: config.ALERT_TIME_ZONE,
  };
}
