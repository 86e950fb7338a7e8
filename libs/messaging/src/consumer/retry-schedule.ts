export interface PendingRetry {
  /** First offset of the chunk that failed. */
  offset: bigint;
  /** Attempts that failed so far (a retry-later request does not count). */
  failedAttempts: number;
  /** Epoch ms before which the chunk is not tried again. */
  notBefore: number;
}

/**
 * The retries waiting per partition. A failed chunk is fetched again after
 * its partition resumes; this is how the runtime knows which attempt that is.
 */
export class RetrySchedule {
  private readonly pending = new Map<string, PendingRetry>();

  /**
   * The retry that applies to a chunk with these offsets: one scheduled for
   * an offset inside it. A retry for an offset before the chunk is stale (the
   * partition moved past it, e.g. another consumer finished it) and dropped;
   * one for an offset after it is kept for later.
   */
  lookup(partitionKey: string, offsets: readonly string[]): PendingRetry | undefined {
    const retry = this.pending.get(partitionKey);
    if (retry === undefined || offsets.length === 0) return undefined;
    if (offsets.some((o) => BigInt(o) === retry.offset)) return retry;
    if (BigInt(offsets[0]) > retry.offset) this.pending.delete(partitionKey);
    return undefined;
  }

  schedule(partitionKey: string, retry: PendingRetry): void {
    this.pending.set(partitionKey, retry);
  }

  clear(partitionKey: string): void {
    this.pending.delete(partitionKey);
  }
}
