/** Failure counters of one account (or one unknown username). */
export interface LockoutState {
  readonly failedAttempts: number;
  readonly lastFailedAt: Date | null;
  readonly lockedUntil: Date | null;
}

export interface LockoutSettings {
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly durationSeconds: number;
}

export type AttemptDecision =
  | { readonly kind: 'locked'; readonly until: Date }
  /** The attempt may check the password; `state` already counts it as a failure. */
  | { readonly kind: 'proceed'; readonly state: LockoutState; readonly locksNow: boolean };

export const CLEARED_LOCKOUT: LockoutState = { failedAttempts: 0, lastFailedAt: null, lockedUntil: null };

/**
 * Lockout after `threshold` consecutive failures within `windowSeconds`, for
 * `durationSeconds`. An attempt is counted as a failure *before* the password
 * is checked and cleared on success: parallel guesses cannot slip past the
 * threshold while earlier ones are still hashing.
 */
export class LockoutPolicy {
  constructor(private readonly settings: LockoutSettings) {}

  begin(state: LockoutState, now: Date): AttemptDecision {
    if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
      return { kind: 'locked', until: state.lockedUntil };
    }
    const lockExpired = state.lockedUntil !== null;
    const withinWindow =
      state.lastFailedAt !== null &&
      now.getTime() - state.lastFailedAt.getTime() < this.settings.windowSeconds * 1000;
    const previous = !lockExpired && withinWindow ? state.failedAttempts : 0;
    const failedAttempts = previous + 1;
    const locksNow = failedAttempts >= this.settings.threshold;
    return {
      kind: 'proceed',
      locksNow,
      state: {
        failedAttempts,
        lastFailedAt: now,
        lockedUntil: locksNow ? new Date(now.getTime() + this.settings.durationSeconds * 1000) : null,
      },
    };
  }

  succeed(): LockoutState {
    return CLEARED_LOCKOUT;
  }
}
