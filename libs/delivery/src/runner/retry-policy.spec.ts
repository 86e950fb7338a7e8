import { retryDelayMs } from './retry-policy';

describe(retryDelayMs.name, () => {
  const backoff = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0 };

  it('grows exponentially and stops at maxMs', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, backoff))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('spreads each delay over ±jitter', () => {
    const jittery = { ...backoff, jitter: 0.2 };
    expect(retryDelayMs(2, jittery, undefined, () => 0)).toBe(160);
    expect(retryDelayMs(2, jittery, undefined, () => 1)).toBe(240);
  });

  it('never retries sooner than the provider asked (Retry-After), even beyond maxMs', () => {
    expect(retryDelayMs(1, backoff, 5_000)).toBe(5_000);
    expect(retryDelayMs(4, backoff, 10)).toBe(800);
  });
});
