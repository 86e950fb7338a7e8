export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** 0..1: the delay is spread uniformly over ±jitter of itself, so retries of many consumers do not align. */
  jitter: number;
}

/**
 * Delay before the next attempt after `failedAttempts` failures (1 = after the
 * first): initialMs · multiplier^(failedAttempts−1), spread by the jitter, never
 * above maxMs.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a positive integer, got ${failedAttempts}`);
  }
  const exponential = policy.initialMs * policy.multiplier ** (failedAttempts - 1);
  const base = Math.min(policy.maxMs, exponential);
  const spread = base * Math.min(1, Math.max(0, policy.jitter));
  const delay = base - spread + 2 * spread * random();
  return Math.max(0, Math.round(Math.min(policy.maxMs, delay)));
}
