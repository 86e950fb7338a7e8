import { TokenBucketRateLimiter } from './token-bucket.rate-limiter';

describe(TokenBucketRateLimiter.name, () => {
  let now: number;
  let sut: TokenBucketRateLimiter;

  beforeEach(() => {
    now = 1_800_000_000_000;
    sut = new TokenBucketRateLimiter(3, 60_000, () => now);
  });

  it('admits the capacity at once, then one request per refill interval', () => {
    expect([1, 2, 3].map(() => sut.take('a'))).toEqual([
      { allowed: true, remaining: 2, retryAfterSeconds: 0 },
      { allowed: true, remaining: 1, retryAfterSeconds: 0 },
      { allowed: true, remaining: 0, retryAfterSeconds: 0 },
    ]);
    expect(sut.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 20 });
    now += 19_500;
    expect(sut.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    now += 500;
    expect(sut.take('a')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(sut.take('a').allowed).toBe(false);
  });

  it('refills to the capacity and no further', () => {
    for (let i = 0; i < 3; i++) sut.take('a');
    now += 10 * 60_000;
    expect([1, 2, 3, 4].map(() => sut.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('counts each key on its own', () => {
    for (let i = 0; i < 3; i++) sut.take('a');
    expect(sut.take('a').allowed).toBe(false);
    expect(sut.take('b')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('forgets keys whose bucket is full again', () => {
    sut.take('a');
    sut.take('b');
    expect(sut.trackedKeys).toBe(2);
    now += 60_000;
    sut.take('c');
    expect(sut.trackedKeys).toBe(1);
  });

  it('refuses a capacity below one', () => {
    expect(() => new TokenBucketRateLimiter(0, 60_000)).toThrow(RangeError);
  });
});
