import type { IncomingHttpHeaders } from 'node:http';
import { retryAfterMsOf, type SendOutcome } from '@childalert/delivery';

/**
 * Answers a receiver may give that it can fix within the retry window (a
 * misconfigured route or key, a conflict, a lock): retried like a 5xx.
 */
const RETRIED_4XX = new Set([401, 403, 404, 408, 409, 423, 425]);

/**
 * What a broadcaster's answer means (Standard Webhooks: any 2xx is success,
 * the rest is retried). 2xx delivered (the receipt). 410 Gone: the receiver
 * asks us to stop (the spec's signal to disable the endpoint): permanent, and
 * the broadcaster is disabled until an admin enables it again. 429/503 wait
 * as long as Retry-After says; the scope is the recipient, because each
 * broadcaster is its own server: one slow newsroom must not hold up the
 * others. 5xx and the fixable 4xx above are retried with backoff; other 4xx
 * (400, 413, 415, 422) refuse the message itself, which a resend would not
 * change: permanent.
 */
export function outcomeOfStatus(
  statusCode: number,
  headers: IncomingHttpHeaders,
  body: string,
  now: number = Date.now(),
): SendOutcome {
  const reason = `${statusCode}${body.trim() === '' ? '' : ` ${body.trim().slice(0, 200)}`}`;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered' };
  if (statusCode === 410) return { kind: 'permanent', reason, removeSubscription: true };
  if (statusCode === 429 || statusCode === 503) {
    const retryAfterMs = retryAfterMsOf(headers['retry-after'], now);
    return {
      kind: 'transient',
      reason,
      scope: 'recipient',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (statusCode >= 400 && statusCode < 500 && !RETRIED_4XX.has(statusCode)) {
    return { kind: 'permanent', reason };
  }
  return { kind: 'transient', reason, scope: 'recipient' };
}
