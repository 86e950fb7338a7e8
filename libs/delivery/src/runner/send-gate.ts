import type { DeliveryBackoff } from '../delivery.options';
import { retryDelayMs } from './retry-policy';

/**
 * The process-wide gate of a worker's sends: at most `concurrency` in flight
 * across every batch in hand, and a pause for everyone when the provider as a
 * whole asks for one (SMTP 421, HTTP 429 for the origin).
 */
export class SendGate {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;
  private consecutiveProviderFailures = 0;

  constructor(private readonly concurrency: number) {}

  /** Resolves with a release function once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.inFlight >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter: inFlight stays the same.
      if (next) next();
      else this.inFlight -= 1;
    };
  }

  /** Milliseconds until the provider pause ends (0 when not paused). */
  pauseRemainingMs(now = Date.now()): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /**
   * The provider failed as a whole: nobody sends until the pause ends. Sends
   * that were in flight and fail during the pause are the same outage: they
   * do not lengthen the backoff, only a longer Retry-After does.
   */
  providerFailed(backoff: DeliveryBackoff, retryAfterMs?: number, now = Date.now()): void {
    if (now < this.pausedUntil) {
      if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
      return;
    }
    this.consecutiveProviderFailures += 1;
    this.pausedUntil = now + retryDelayMs(this.consecutiveProviderFailures, backoff, retryAfterMs);
  }

  /** A send went through: the provider is back. */
  providerAnswered(): void {
    this.consecutiveProviderFailures = 0;
  }

  get providerFailuresInARow(): number {
    return this.consecutiveProviderFailures;
  }
}
