import { RetryLaterError } from '../messaging.errors';
import { backoffDelayMs, type BackoffPolicy } from './backoff';

export type FailureDecision =
  /** Pause the partition for delayMs, then deliver the same messages again. */
  | { kind: 'retry'; delayMs: number; failedAttempts: number; askedByHandler: boolean }
  | { kind: 'dead-letter' };

/**
 * What follows a failed handler call on attempt `attempt` (1 = first): a
 * retry after an exponential backoff while attempts remain, the dead-letter
 * topic after the last. A RetryLaterError is not the messages' fault: it is
 * retried after the delay it names and does not use up an attempt.
 */
export function decideAfterFailure(
  error: unknown,
  attempt: number,
  policy: { maxAttempts: number; backoff: BackoffPolicy },
  random: () => number = Math.random,
): FailureDecision {
  if (error instanceof RetryLaterError) {
    return {
      kind: 'retry',
      delayMs: Math.max(0, error.retryAfterMs),
      failedAttempts: attempt - 1,
      askedByHandler: true,
    };
  }
  if (attempt < policy.maxAttempts) {
    return {
      kind: 'retry',
      delayMs: backoffDelayMs(attempt, policy.backoff, random),
      failedAttempts: attempt,
      askedByHandler: false,
    };
  }
  return { kind: 'dead-letter' };
}
