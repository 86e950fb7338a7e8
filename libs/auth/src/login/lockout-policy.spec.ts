import { CLEARED_LOCKOUT, LockoutPolicy, type LockoutState } from './lockout-policy';

const settings = { threshold: 3, windowSeconds: 60, durationSeconds: 900 };
const t0 = new Date('2026-11-23T15:00:00.000Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

function fail(sut: LockoutPolicy, state: LockoutState, now: Date): LockoutState {
  const decision = sut.begin(state, now);
  if (decision.kind !== 'proceed') throw new Error(`expected proceed, got ${decision.kind}`);
  return decision.state;
}

describe(LockoutPolicy.name, () => {
  const sut = new LockoutPolicy(settings);

  it('counts each attempt before the password is checked', () => {
    const decision = sut.begin(CLEARED_LOCKOUT, t0);

    expect(decision).toEqual({
      kind: 'proceed',
      locksNow: false,
      state: { failedAttempts: 1, lastFailedAt: t0, lockedUntil: null },
    });
  });

  it('locks on the threshold-th consecutive failure, for the configured duration', () => {
    let state = fail(sut, CLEARED_LOCKOUT, at(0));
    state = fail(sut, state, at(1));

    const third = sut.begin(state, at(2));

    expect(third).toEqual({
      kind: 'proceed',
      locksNow: true,
      state: { failedAttempts: 3, lastFailedAt: at(2), lockedUntil: at(902) },
    });
  });

  it('refuses every attempt while locked, without counting it', () => {
    const locked: LockoutState = { failedAttempts: 3, lastFailedAt: at(2), lockedUntil: at(902) };

    expect(sut.begin(locked, at(3))).toEqual({ kind: 'locked', until: at(902) });
    expect(sut.begin(locked, at(901.999))).toEqual({ kind: 'locked', until: at(902) });
  });

  it('starts counting afresh once the lock has expired', () => {
    const locked: LockoutState = { failedAttempts: 3, lastFailedAt: at(2), lockedUntil: at(902) };

    expect(sut.begin(locked, at(902))).toEqual({
      kind: 'proceed',
      locksNow: false,
      state: { failedAttempts: 1, lastFailedAt: at(902), lockedUntil: null },
    });
  });

  it('forgets failures older than the window', () => {
    let state = fail(sut, CLEARED_LOCKOUT, at(0));
    state = fail(sut, state, at(1));

    const later = sut.begin(state, at(61));

    expect(later).toMatchObject({ kind: 'proceed', locksNow: false, state: { failedAttempts: 1 } });
  });

  it('clears every counter on success', () => {
    expect(sut.succeed()).toEqual({ failedAttempts: 0, lastFailedAt: null, lockedUntil: null });
  });
});
