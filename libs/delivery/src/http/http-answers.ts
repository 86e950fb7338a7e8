import type { SendOutcome } from '../adapter/channel-adapter';

/**
 * What the HTTP channels (web push, broadcasters' webhooks, partners) read
 * the same way from an answer or its absence.
 */

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
 * recipient only (with backoff, attempts counted): an endpoint's host is
 * chosen by whoever registered it, so one dead host must not hold up
 * everyone else. A host that resolves only to non-public addresses
 * (ENOTPUBLIC from `publicOnlyLookup`) is refused for good.
 */
export function outcomeOfNetworkError(error: unknown): SendOutcome {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const reason = typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
  if (code === 'ENOTPUBLIC') return { kind: 'permanent', reason };
  return { kind: 'transient', reason, scope: 'recipient' };
}
