import {
  CLEARED_LOCKOUT,
  type AttemptDecision,
  type LockoutPolicy,
  type LockoutState,
} from './lockout-policy';

/**
 * Failure counters for usernames that do not exist, in memory and bounded, so
 * an unknown username "locks" exactly like a real one and a 423 does not tell
 * an attacker which accounts exist.
 */
export class UnknownUsernameThrottle {
  private readonly states = new Map<string, LockoutState>();

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly capacity = 10_000,
  ) {}

  begin(username: string, now: Date): AttemptDecision {
    const decision = this.policy.begin(this.states.get(username) ?? CLEARED_LOCKOUT, now);
    if (decision.kind === 'proceed') {
      // Re-insert so the Map's insertion order is least-recently-failed first.
      this.states.delete(username);
      this.states.set(username, decision.state);
      if (this.states.size > this.capacity) {
        const oldest = this.states.keys().next();
        if (!oldest.done) this.states.delete(oldest.value);
      }
    }
    return decision;
  }

  get size(): number {
    return this.states.size;
  }
}
