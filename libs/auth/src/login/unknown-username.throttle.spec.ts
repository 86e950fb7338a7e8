import { LockoutPolicy } from './lockout-policy';
import { UnknownUsernameThrottle } from './unknown-username.throttle';

describe(UnknownUsernameThrottle.name, () => {
  const now = new Date('2026-11-23T15:00:00.000Z');
  const policy = new LockoutPolicy({ threshold: 2, windowSeconds: 60, durationSeconds: 900 });

  it('locks an unknown username exactly like an account', () => {
    const sut = new UnknownUsernameThrottle(policy);

    expect(sut.begin('ghost', now)).toMatchObject({ kind: 'proceed', locksNow: false });
    expect(sut.begin('ghost', now)).toMatchObject({ kind: 'proceed', locksNow: true });
    expect(sut.begin('ghost', now)).toEqual({ kind: 'locked', until: new Date(now.getTime() + 900_000) });
    expect(sut.begin('other', now)).toMatchObject({ kind: 'proceed', locksNow: false });
  });

  it('keeps at most its capacity, forgetting the least recently failed', () => {
    const sut = new UnknownUsernameThrottle(policy, 2);

    sut.begin('a', now);
    sut.begin('b', now);
    sut.begin('a', now);
    sut.begin('c', now);

    expect(sut.size).toBe(2);
    // 'a' failed twice and survived (b was evicted); its third attempt is locked.
    expect(sut.begin('a', now).kind).toBe('locked');
    expect(sut.begin('b', now)).toMatchObject({ kind: 'proceed', state: { failedAttempts: 1 } });
  });
});
