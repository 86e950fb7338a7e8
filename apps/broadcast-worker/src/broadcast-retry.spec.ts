import { attemptsToCover } from './broadcast-retry';

describe('attemptsToCover', () => {
  const backoff = { initialMs: 5_000, maxMs: 15 * 60_000, multiplier: 2, jitter: 0.2 };

  it('spreads the default attempts over 24 hours: doubling from 5 s, then every 15 minutes', () => {
    const sut = attemptsToCover(24 * 3_600_000, backoff);
    // 5+10+…+640 s (8 waits, 1,275 s), then 95 waits of 900 s: 86,775 s ≥ 86,400 s.
    expect(sut).toBe(1 + 8 + 95);
  });

  it('makes a single attempt when there is no window', () => {
    expect(attemptsToCover(0, backoff)).toBe(1);
    expect(attemptsToCover(1, backoff)).toBe(2);
  });
});
