import type { DeliveryReceipt, DispatchBatch, ReceiptOutcome } from '@childalert/contracts';
import type { RecipientDeadLetter } from '../dead-letters/recipient-dead-letter.publisher';
import type { LedgerMarkBuffer } from '../ledger/ledger-mark.buffer';
import type { LedgerMark } from '../ledger/ledger.types';

/** What one `DeliveryRunner.deliver` call did, recipient by recipient. */
export interface DeliveryReport {
  delivered: number;
  failed: number;
  skipped: number;
  /** Transient failures handed back for a later attempt. */
  retried: number;
  /** Recipients this call could not finish (retry later, lease of another worker, shutdown). */
  deferred: number;
  /** When the batch should come again (only when deferred > 0). */
  retryAfterMs: number;
}

/** The state of one handler call: receipts, dead letters and failed marks to publish at its end. */
export class DeliveryRun {
  readonly receipts: DeliveryReceipt[] = [];
  readonly deadLetters: RecipientDeadLetter[] = [];
  /** Written after their dead letters are out, so that a crash in between leaves them to be tried again. */
  readonly failedMarks: LedgerMark[] = [];
  readonly removals: string[] = [];
  private readonly counts: Record<ReceiptOutcome, number> = {
    delivered: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
  };
  private deferred = 0;
  private retryAfterMs = Number.POSITIVE_INFINITY;

  constructor(
    readonly marks: LedgerMarkBuffer,
    readonly deadline: number,
  ) {}

  receipt(batch: DispatchBatch, recipientId: string, outcome: ReceiptOutcome, reason?: string): void {
    this.counts[outcome] += 1;
    this.receipts.push({
      alertId: batch.alertId,
      version: batch.version,
      channel: batch.channel,
      recipientId,
      outcome,
      ...(reason !== undefined ? { reason: reason.slice(0, 500) } : {}),
      at: new Date().toISOString(),
    });
  }

  /** This recipient is not finished: the batch must come again in about `delayMs`. */
  defer(delayMs: number): void {
    this.deferred += 1;
    this.retryAfterMs = Math.min(this.retryAfterMs, Math.max(0, Math.ceil(delayMs)));
  }

  report(): DeliveryReport {
    return {
      delivered: this.counts.delivered,
      failed: this.counts.failed,
      skipped: this.counts.skipped,
      retried: this.counts.retried,
      deferred: this.deferred,
      retryAfterMs: this.deferred > 0 ? this.retryAfterMs : 0,
    };
  }
}
