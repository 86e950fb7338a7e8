/**
 * What a loopback fake (SMTP relay, push service) received, in order, with
 * listeners called at each arrival and waiters checked at each arrival.
 */
export class Arrivals<T> {
  readonly items: T[] = [];
  private waiters: { done: () => boolean; resolve: () => void }[] = [];
  private readonly listeners: ((item: T) => void)[] = [];

  /** @param name the fake, for timeout messages */
  constructor(private readonly name: string) {}

  add(item: T): void {
    this.items.push(item);
    for (const listener of this.listeners) listener(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.done()) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Called for each arrival, after it is recorded. */
  onArrival(listener: (item: T) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once `done` holds for what arrived so far (checked at each new arrival). */
  waitFor(done: (items: readonly T[]) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (done(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${this.name}: no ${what} after ${this.items.length} messages in ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        done: () => done(this.items),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** What arrived, grouped by `keyOf`, each group in order. */
  groupBy(keyOf: (item: T) => string): Map<string, T[]> {
    const map = new Map<string, T[]>();
    for (const item of this.items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
    return map;
  }
}
