import { backoffDelayMs, type BackoffPolicy } from './backoff';

describe(backoffDelayMs.name, () => {
  const policy: BackoffPolicy = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0 };

  it('grows exponentially from the initial delay', () => {
    const sut = (failed: number) => backoffDelayMs(failed, policy);
    expect([1, 2, 3, 4].map(sut)).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelayMs(5, policy)).toBe(1_000);
    expect(backoffDelayMs(60, policy)).toBe(1_000);
  });

  it('spreads the delay by the jitter both ways', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelayMs(2, jittered, () => 0)).toBe(100);
    expect(backoffDelayMs(2, jittered, () => 0.5)).toBe(200);
    expect(backoffDelayMs(2, jittered, () => 1)).toBe(300);
  });

  it('keeps a jittered delay under the maximum', () => {
    expect(backoffDelayMs(10, { ...policy, jitter: 0.5 }, () => 1)).toBe(1_000);
  });

  it('rejects an attempt count below one', () => {
    expect(() => backoffDelayMs(0, policy)).toThrow(RangeError);
  });
});
