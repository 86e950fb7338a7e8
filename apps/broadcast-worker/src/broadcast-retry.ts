import type { DeliveryBackoff } from '@childalert/delivery';

/**
 * Attempts whose nominal backoff delays (initialMs · multiplier^(n−1), at
 * most maxMs; the jitter averages out) add up to at least `windowMs`: the
 * last attempt happens about `windowMs` after the first.
 */
export function attemptsToCover(windowMs: number, backoff: DeliveryBackoff): number {
  let waited = 0;
  let attempts = 1;
  while (waited < windowMs) {
    waited += Math.min(backoff.maxMs, backoff.initialMs * backoff.multiplier ** (attempts - 1));
    attempts += 1;
  }
  return attempts;
}
