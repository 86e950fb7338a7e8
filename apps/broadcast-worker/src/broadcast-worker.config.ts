import { appConfigSchema, env } from '@childalert/config';
import { deliveryConfigShape } from '@childalert/delivery';
import type { z } from 'zod';

const schema = appConfigSchema('broadcast-worker', {
  ...deliveryConfigShape,
  // A webhook is retried for a day (BROADCAST_RETRY_WINDOW_MS): first soon, then every 15 minutes.
  DELIVERY_BACKOFF_INITIAL_MS: env.int({ default: 5_000, min: 1, max: 3_600_000 }),
  DELIVERY_BACKOFF_MAX_MS: env.int({ default: 15 * 60_000, min: 1, max: 86_400_000 }),
  /**
   * How long a broadcaster's webhook is retried before it is dead-lettered
   * (Standard Webhooks senders retry for about a day). It sets the attempts:
   * DELIVERY_MAX_ATTEMPTS is not used by this worker.
   */
  BROADCAST_RETRY_WINDOW_MS: env.int({ default: 24 * 3_600_000, min: 1, max: 7 * 24 * 3_600_000 }),
  /**
   * A batch whose next attempt is at least this far off is parked in the
   * database instead of pausing its Kafka partition (which would hold up the
   * next alerts behind a newsroom that is down).
   */
  BROADCAST_PARK_AFTER_MS: env.int({ default: 10_000, min: 0, max: 3_600_000 }),
  /** How often the parking lot looks for parked batches that are due. */
  BROADCAST_PARKING_POLL_MS: env.int({ default: 1_000, min: 50, max: 60_000 }),
  /** alert-api's public address: the alert page, CAP, photo and image card links in the JSON body. */
  PUBLIC_BASE_URL: env.optionalString('http://127.0.0.1:3000'),
  /** IANA time zone of times written into texts. */
  ALERT_TIME_ZONE: env.string('UTC'),
  /** Keep-alive connections per broadcaster origin. */
  BROADCAST_CONNECTIONS_PER_ORIGIN: env.int({ default: 4, min: 1, max: 1_000 }),
  /** One webhook request's limit, connection included. */
  BROADCAST_TIMEOUT_MS: env.int({ default: 10_000, min: 100, max: 120_000 }),
  /** PEM file of extra CAs receivers' certificates may chain to (tests' loopback receiver). */
  BROADCAST_CA_FILE: env.optionalString(''),
});

export const broadcastWorkerConfigSchema = schema.superRefine((config, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (!/^https?:\/\/[^\s]+$/.test(config.PUBLIC_BASE_URL))
    issue('PUBLIC_BASE_URL', 'expected an http(s) URL such as https://amber.example.gr');
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.ALERT_TIME_ZONE });
  } catch {
    issue('ALERT_TIME_ZONE', `not an IANA time zone: ${config.ALERT_TIME_ZONE}`);
  }
  if (config.NODE_ENV === 'production' && config.ALLOW_PRIVATE_ENDPOINTS)
    issue('ALLOW_PRIVATE_ENDPOINTS', 'never in production');
  if (config.DELIVERY_LEASE_MS <= config.DELIVERY_BATCH_BUDGET_MS)
    issue('DELIVERY_LEASE_MS', 'must be longer than DELIVERY_BATCH_BUDGET_MS');
});

export type BroadcastWorkerConfig = z.output<typeof broadcastWorkerConfigSchema>;
