import type { DeliveryBackoff } from '../delivery.options';

/**
 * Delay before attempt `failedAttempts + 1`: initialMs · multiplier^(n−1),
 * spread by the jitter, at most maxMs; never shorter than what the provider
 * asked for (Retry-After), which may exceed maxMs.
 */
export function retryDelayMs(
  failedAttempts: number,
  backoff: DeliveryBackoff,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, failedAttempts);
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.multiplier ** (n - 1));
  const spread = base * backoff.jitter;
  const jittered = Math.round(Math.min(backoff.maxMs, base - spread + 2 * spread * random()));
  return Math.max(jittered, retryAfterMs !== undefined && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0);
}
