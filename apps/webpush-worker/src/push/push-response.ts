import type { IncomingHttpHeaders } from 'node:http';
import { retryAfterMsOf, type SendOutcome } from '@childalert/delivery';

/**
 * What a push service's answer (RFC 8030 §5, §8.4) means for the delivery
 * runtime: 201/202 (and any 2xx) delivered; 404/410 the subscription is gone
 * (deleted); 429/503 the service asks everyone to wait (Retry-After
 * honoured, no attempt used); 413 our payload is too large, a bug (permanent,
 * logged loudly by the adapter); 401 our VAPID token was refused (retried
 * with a new one); other 4xx permanent; 5xx transient.
 */
export function outcomeOfStatus(
  statusCode: number,
  headers: IncomingHttpHeaders,
  body: string,
  now: number = Date.now(),
): SendOutcome {
  const reason = `${statusCode}${body.trim() === '' ? '' : ` ${body.trim().slice(0, 200)}`}`;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered' };
  if (statusCode === 404 || statusCode === 410)
    return { kind: 'permanent', reason, removeSubscription: true };
  if (statusCode === 429 || statusCode === 503) {
    const retryAfterMs = retryAfterMsOf(headers['retry-after'], now);
    return {
      kind: 'transient',
      reason,
      scope: 'provider',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (statusCode === 401) return { kind: 'transient', reason, scope: 'recipient' };
  if (statusCode >= 400 && statusCode < 500) return { kind: 'permanent', reason };
  return { kind: 'transient', reason, scope: 'recipient' };
}
