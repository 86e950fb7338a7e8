import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import type { z } from 'zod';
import { parseSocialAccounts, parseXCredentials } from './accounts/social-accounts';

/** Where twitter-api-v2 sends v2 requests unless told otherwise. */
export const X_API_DEFAULT_BASE_URL = 'https://api.x.com/2/';

const schema = appConfigSchema('social-worker', {
  ...deliveryConfigShape,
  // X allows 100 posts per 15 minutes per user: a handful of accounts needs few sends at once.
  DELIVERY_CONCURRENCY: env.int({ default: 4, min: 1, max: 100 }),
  /** alert-api's public address: the alert page link in posts. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  /** IANA time zone of times written into posts. */
  ALERT_TIME_ZONE: env.string('UTC'),
  /** The NGO's accounts: JSON `[{ "key": "x:el", "language": "el" }, …]` (`"exercise": true` for a test account). */
  SOCIAL_ACCOUNTS: env.optionalString('[]'),
  /** Secret: JSON `{ "x:el": { "appKey", "appSecret", "accessToken", "accessSecret" } }`, one entry per account. */
  SOCIAL_X_CREDENTIALS: env.optionalString('{}'),
  /** Hashtags ending every post; empty: the language's default (#AmberAlert #116000). */
  SOCIAL_HASHTAGS: env.optionalString(''),
  /** Posts (replies included) per account in any 24 hours; X's own cap depends on the plan. */
  SOCIAL_DAILY_POST_CAP: env.int({ default: 100, min: 1, max: 100_000 }),
  /** X API v2 base; another address (a loopback receiver in tests) is reached through the client's request hook. */
  SOCIAL_X_API_BASE_URL: env.url({ default: X_API_DEFAULT_BASE_URL, protocols: ['https'] }),
  /** PEM file of extra CAs the API's certificate may chain to (tests' loopback receiver). */
  SOCIAL_X_CA_FILE: env.optionalString(''),
  /** One request's limit. */
  SOCIAL_X_TIMEOUT_MS: env.int({ default: 15_000, min: 100, max: 120_000 }),
});

export const socialWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (!/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
  const accounts = parseSocialAccounts(config.SOCIAL_ACCOUNTS);
  if ('error' in accounts) issue('SOCIAL_ACCOUNTS', accounts.error);
  const credentials = parseXCredentials(config.SOCIAL_X_CREDENTIALS);
  if ('error' in credentials) issue('SOCIAL_X_CREDENTIALS', credentials.error);
  if (!('error' in accounts) && !('error' in credentials)) {
    const missing = accounts.filter((account) => !credentials.has(account.key)).map((a) => a.key);
    if (missing.length > 0) issue('SOCIAL_X_CREDENTIALS', `no credentials for ${missing.join(', ')}`);
  }
  if (config.NODE_ENV === 'production' && config.SOCIAL_X_API_BASE_URL !== X_API_DEFAULT_BASE_URL)
    issue('SOCIAL_X_API_BASE_URL', `only ${X_API_DEFAULT_BASE_URL} in production`);
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type SocialWorkerConfig = z.output<typeof socialWorkerConfigSchema>;
