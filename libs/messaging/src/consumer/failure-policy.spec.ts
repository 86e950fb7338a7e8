import { RetryLaterError } from '../messaging.errors';
import { decideAfterFailure } from './failure-policy';

describe(decideAfterFailure.name, () => {
  const policy = { maxAttempts: 3, backoff: { initialMs: 100, maxMs: 10_000, multiplier: 2, jitter: 0 } };

  it('retries after the backoff of the attempt while attempts remain', () => {
    expect(decideAfterFailure(new Error('x'), 1, policy)).toEqual({
      kind: 'retry',
      delayMs: 100,
      failedAttempts: 1,
      askedByHandler: false,
    });
    expect(decideAfterFailure(new Error('x'), 2, policy)).toEqual({
      kind: 'retry',
      delayMs: 200,
      failedAttempts: 2,
      askedByHandler: false,
    });
  });

  it('dead-letters after the last attempt', () => {
    expect(decideAfterFailure(new Error('x'), 3, policy)).toEqual({ kind: 'dead-letter' });
  });

  it('waits as a RetryLaterError asks, without using up an attempt, even on the last one', () => {
    expect(decideAfterFailure(new RetryLaterError('429', 60_000), 3, policy)).toEqual({
      kind: 'retry',
      delayMs: 60_000,
      failedAttempts: 2,
      askedByHandler: true,
    });
  });
});
