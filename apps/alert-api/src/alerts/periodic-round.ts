import type { Logger } from '@nestjs/common';
import { messageOf } from '@childalert/platform';

/**
 * A round of work repeated on an interval (the expiry and retention jobs):
 * rounds never overlap within a process, a failed round is logged and the
 * next one tries again, and shutdown waits for the round in hand.
 */
export class PeriodicRound {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<number> | undefined;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  /** An interval of 0 or less leaves it to explicit `runOnce` calls (tests, tools). */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round?.catch(() => undefined);
  }

  /** Runs a round now, or joins the one under way; resolves with how many items it handled. */
  runOnce(): Promise<number> {
    this.round ??= this.work().finally(() => (this.round = undefined));
    return this.round;
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error(`${this.name} round failed: ${messageOf(error)}`);
    }
  }
}
