import type { IncomingHttpHeaders } from 'node:http';
import type { SendOutcome } from '@childalert/delivery';

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

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function retryAfterMsOf(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A failure before any answer: refused, reset, timed out. Retried for this
 * recipient only (with backoff, attempts counted): an endpoint's host is chosen
 * by whoever subscribed, so one dead host must not hold up everyone else.
 * A host that resolves only to non-public addresses is refused for good.
 */
export function outcomeOfNetworkError(error: unknown): SendOutcome {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const reason = typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
  if (code === 'ENOTPUBLIC') return { kind: 'permanent', reason };
  return { kind: 'transient', reason, scope: 'recipient' };
}
