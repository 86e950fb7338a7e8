/**
 * Bounds the messages being handled at once across the partitions of one
 * consumer. First come, first served: a large request is not starved by
 * small ones arriving after it.
 */
export class InFlightLimiter {
  private used = 0;
  private readonly waiting: { permits: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get inFlight(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a release function once `permits` are free (a request
   * above the capacity is clamped to it), or with undefined when `cancelled`
   * settles first.
   */
  async acquire(permits: number, cancelled?: Promise<unknown>): Promise<(() => void) | undefined> {
    const wanted = Math.min(Math.max(1, permits), this.capacity);
    if (this.waiting.length === 0 && this.used + wanted <= this.capacity) {
      this.used += wanted;
      return this.releaser(wanted);
    }
    let entry: { permits: number; grant: () => void } | undefined;
    const granted = new Promise<true>((resolve) => {
      entry = { permits: wanted, grant: () => resolve(true) };
      this.waiting.push(entry);
    });
    const outcome = await Promise.race([
      granted,
      (cancelled ?? new Promise<never>(() => {})).then(() => false),
    ]);
    if (outcome) return this.releaser(wanted);
    const index = this.waiting.indexOf(entry!);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      this.drain();
      return undefined;
    }
    // Granted in the same tick as the cancellation: give the permits back.
    this.used -= wanted;
    this.drain();
    return undefined;
  }

  private releaser(permits: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= permits;
      this.drain();
    };
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0].permits <= this.capacity) {
      const next = this.waiting.shift()!;
      this.used += next.permits;
      next.grant();
    }
  }
}
