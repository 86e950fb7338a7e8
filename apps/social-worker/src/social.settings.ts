import { readFileSync } from 'node:fs';
import { t } from '@childalert/i18n';
import {
  parseSocialAccounts,
  parseXCredentials,
  type SocialAccount,
  type XCredentials,
} from './accounts/social-accounts';
import type { SocialWorkerConfig } from './social-worker.config';

/** What the social channel needs from the worker's configuration, resolved once at start. */
export interface SocialSettings {
  accounts: ReadonlyMap<string, SocialAccount>;
  /** Secrets: handed to the X client only, never logged. */
  credentials: ReadonlyMap<string, XCredentials>;
  publicBaseUrl: string;
  timeZone: string;
  /** Configured hashtags, or per language the catalogue's. */
  hashtagsFor: (language: string) => string;
  dailyPostCap: number;
  xApiBaseUrl: string;
  ca?: string;
  timeoutMs: number;
}

export const SOCIAL_SETTINGS = Symbol('SOCIAL_SETTINGS');

export function socialSettingsOf(config: SocialWorkerConfig): SocialSettings {
  // The schema checked both; a parse error here cannot happen.
  const accounts = parseSocialAccounts(config.SOCIAL_ACCOUNTS);
  const credentials = parseXCredentials(config.SOCIAL_X_CREDENTIALS);
  if ('error' in accounts || 'error' in credentials) throw new Error('invalid social configuration');
  const hashtags = config.SOCIAL_HASHTAGS.trim();
  return {
    accounts: new Map(accounts.map((account) => [account.key, account])),
    credentials,
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    timeZone: config.ALERT_TIME_ZONE,
    hashtagsFor: (language) => (hashtags !== '' ? hashtags : t(language, 'social.hashtags')),
    dailyPostCap: config.SOCIAL_DAILY_POST_CAP,
    xApiBaseUrl: config.SOCIAL_X_API_BASE_URL,
    ...(config.SOCIAL_X_CA_FILE !== '' ? { ca: readFileSync(config.SOCIAL_X_CA_FILE, 'utf8') } : {}),
    timeoutMs: config.SOCIAL_X_TIMEOUT_MS,
  };
}
