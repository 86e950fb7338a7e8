/**
 * Offset bookkeeping of one partition batch: which messages are done (handled
 * or dead-lettered) and therefore which offset may be committed. Only the
 * contiguous done prefix counts, so an offset is never committed past a
 * message whose work is not recorded.
 */
export class OffsetTracker {
  private readonly offsets: readonly bigint[];
  private readonly last: bigint;
  private readonly done = new Set<bigint>();
  /** How many messages from the start of the batch are done. */
  private prefix = 0;
  private committed: bigint | undefined;

  /**
   * @param offsets the batch's message offsets, ascending (Kafka may skip numbers)
   * @param lastOffset the batch's last offset, beyond its last message when control records were filtered out
   */
  constructor(offsets: readonly string[], lastOffset: string) {
    this.offsets = offsets.map((o) => BigInt(o));
    for (let i = 1; i < this.offsets.length; i++) {
      if (this.offsets[i] <= this.offsets[i - 1]) throw new RangeError('offsets must be ascending');
    }
    this.last = BigInt(lastOffset);
  }

  markDone(offset: string): void {
    const value = BigInt(offset);
    if (!this.offsets.includes(value)) throw new RangeError(`offset ${offset} is not in this batch`);
    this.done.add(value);
    while (this.prefix < this.offsets.length && this.done.has(this.offsets[this.prefix])) this.prefix++;
  }

  get allDone(): boolean {
    return this.prefix === this.offsets.length;
  }

  /** The last offset of the done prefix (what the client marks as consumed), if any. */
  lastDoneOffset(): string | undefined {
    return this.prefix === 0 ? undefined : this.offsets[this.prefix - 1].toString();
  }

  /**
   * The offset to commit (Kafka's "next offset to read"), or undefined when
   * nothing new is done since the last commit.
   */
  pendingCommit(): string | undefined {
    if (this.prefix === 0) return undefined;
    const next = this.allDone ? this.last + 1n : this.offsets[this.prefix];
    if (this.committed !== undefined && next <= this.committed) return undefined;
    return next.toString();
  }

  markCommitted(offset: string): void {
    const value = BigInt(offset);
    if (this.committed === undefined || value > this.committed) this.committed = value;
  }
}
