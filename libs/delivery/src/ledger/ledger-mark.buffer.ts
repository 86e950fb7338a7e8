import type { DeliveryLedger } from './delivery-ledger';
import type { LedgerMark } from './ledger.types';

/**
 * Group commit of ledger marks: outcomes are written in one multi-row UPDATE
 * every `flushMs` (or as soon as `maxRows` wait), one write in flight at a
 * time. The interval bounds how many delivered-but-unrecorded recipients a
 * crash can leave in doubt; the rows per statement keep a million marks cheap.
 */
export class LedgerMarkBuffer {
  private buffered: LedgerMark[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly workerId: string,
    private readonly options: { flushMs: number; maxRows: number },
  ) {}

  add(mark: LedgerMark): void {
    this.buffered.push(mark);
    if (this.buffered.length >= this.options.maxRows) {
      this.flushSoon(0);
    } else {
      this.flushSoon(this.options.flushMs);
    }
  }

  /** Writes everything buffered; rejects if any write of this buffer failed. */
  async drain(): Promise<void> {
    this.flushSoon(0);
    await this.writing;
    if (this.buffered.length > 0) {
      this.flushNow();
      await this.writing;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private flushSoon(delayMs: number): void {
    if (delayMs === 0) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.flushNow();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushNow();
    }, delayMs);
  }

  /** Chains a write of what is buffered now behind the write in flight. */
  private flushNow(): void {
    this.writing = this.writing.then(async () => {
      const marks = this.buffered;
      this.buffered = [];
      if (marks.length === 0) return;
      try {
        await this.ledger.record(marks, this.workerId);
      } catch (error) {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      }
    });
  }
}
