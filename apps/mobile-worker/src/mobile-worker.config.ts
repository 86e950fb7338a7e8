import { isIP } from 'node:net';
import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import type { z } from 'zod';

const schema = appConfigSchema('mobile-worker', {
  ...deliveryConfigShape,
  /**
   * Longer than the shared default: firebase-admin retries a 503 itself (up
   * to 4 times, each after Retry-After up to 60 s, 15 s per request), so one
   * sendEach call can take about 5 minutes; a shorter lease would let another
   * worker send the same messages meanwhile.
   */
  DELIVERY_LEASE_MS: env.int({ default: 360_000, min: 200, max: 86_400_000 }),
  /** alert-api's public address: the alert page and photo links in notifications. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  /** IANA time zone of times written into notification texts. */
  ALERT_TIME_ZONE: env.string('UTC'),
  /** The Firebase project the mobile app is registered in. Required in production. */
  FCM_PROJECT_ID: env.optionalString(''),
  /** A service account key as JSON (from a secret store); else GOOGLE_APPLICATION_CREDENTIALS (a key file path) is used. */
  FCM_SERVICE_ACCOUNT_JSON: env.optionalString(''),
  /** Path of a service account key file (Google's standard variable). */
  GOOGLE_APPLICATION_CREDENTIALS: env.optionalString(''),
  /** The Android notification channel the app creates for alerts (high importance, bypasses Do Not Disturb where allowed). */
  FCM_ANDROID_CHANNEL_ID: env.string('child_alerts'),
  /** Messages per sendEach call (FCM takes at most 500). */
  FCM_BATCH_SIZE: env.int({ default: 500, min: 1, max: 500 }),
  /** How long every send waits after FCM answered QUOTA_EXCEEDED (FCM asks for at least a minute). */
  FCM_QUOTA_BACKOFF_MS: env.int({ default: 60_000, min: 1, max: 3_600_000 }),
  /** Lifetime on the device side of an ending's notification (a closure has no expiry of its own). */
  FCM_CLOSURE_TTL_SECONDS: env.int({ default: 24 * 3600, min: 0, max: 28 * 24 * 3600 }),
  /**
   * Tests only (refused in production): an FCM v1-compatible receiver on
   * loopback, `https://127.0.0.1:<port>`, reached through a loopback agent
   * and the HTTP/1.1 transport, with the access token and CA below.
   */
  FCM_TEST_RECEIVER_URL: env.optionalString(''),
  FCM_TEST_RECEIVER_CA_FILE: env.optionalString(''),
  FCM_TEST_ACCESS_TOKEN: env.optionalString(''),
  /** Tests only: keep-alive connections to the test receiver. */
  FCM_TEST_CONNECTIONS: env.int({ default: 16, min: 1, max: 1_000 }),
});

export const mobileWorkerConfigSchema = schema.superRefine((config, ctx) => {
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
  if (config.FCM_PROJECT_ID !== '' && !/^[a-z][a-z0-9-]{4,29}$/.test(config.FCM_PROJECT_ID))
    issue('FCM_PROJECT_ID', 'expected a Firebase project id such as childalert-gr');
  if (production && config.FCM_PROJECT_ID === '') issue('FCM_PROJECT_ID', 'required in production');
  if (config.FCM_SERVICE_ACCOUNT_JSON !== '') {
    try {
      const parsed = JSON.parse(config.FCM_SERVICE_ACCOUNT_JSON) as Record<string, unknown>;
      if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string')
        issue('FCM_SERVICE_ACCOUNT_JSON', 'expected a service account key with client_email and private_key');
    } catch {
      issue('FCM_SERVICE_ACCOUNT_JSON', 'not JSON');
    }
  }
  const testReceiver = config.FCM_TEST_RECEIVER_URL !== '';
  if (production) {
    if (config.FCM_SERVICE_ACCOUNT_JSON === '' && config.GOOGLE_APPLICATION_CREDENTIALS === '')
      issue('FCM_SERVICE_ACCOUNT_JSON', 'set it or GOOGLE_APPLICATION_CREDENTIALS in production');
    for (const variable of [
      'FCM_TEST_RECEIVER_URL',
      'FCM_TEST_RECEIVER_CA_FILE',
      'FCM_TEST_ACCESS_TOKEN',
    ] as const)
      if (config[variable] !== '') issue(variable, 'tests only: never in production');
  }
  if (testReceiver) {
    if (!isLoopbackHttps(config.FCM_TEST_RECEIVER_URL))
      issue('FCM_TEST_RECEIVER_URL', 'expected https://127.x.x.x:<port> (a loopback test receiver)');
    if (config.FCM_TEST_RECEIVER_CA_FILE === '')
      issue('FCM_TEST_RECEIVER_CA_FILE', 'required with FCM_TEST_RECEIVER_URL');
    if (config.FCM_TEST_ACCESS_TOKEN === '')
      issue('FCM_TEST_ACCESS_TOKEN', 'required with FCM_TEST_RECEIVER_URL');
    if (config.FCM_PROJECT_ID === '') issue('FCM_PROJECT_ID', 'required with FCM_TEST_RECEIVER_URL');
  }
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

function isLoopbackHttps(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      url.protocol === 'https:' &&
      url.port !== '' &&
      isIP(url.hostname) === 4 &&
      url.hostname.startsWith('127.') &&
      (url.pathname === '/' || url.pathname === '')
    );
  } catch {
    return false;
  }
}

export type MobileWorkerConfig = z.output<typeof mobileWorkerConfigSchema>;
