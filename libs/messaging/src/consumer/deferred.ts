/** A promise settled from outside: shutdown signals that many waiters share. */
export class Deferred<T = void> {
  readonly promise: Promise<T>;
  private settle!: (value: T) => void;
  private done = false;
  private value: T | undefined;
  private readonly listeners = new Set<(value: T) => void>();

  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.settle = resolve;
    });
  }

  get settled(): boolean {
    return this.done;
  }

  resolve(value: T): void {
    if (this.done) return;
    this.done = true;
    this.value = value;
    this.settle(value);
    for (const listener of this.listeners) listener(value);
    this.listeners.clear();
  }

  /**
   * A promise of this one's value for one wait, to let go with `dispose`.
   * Racing `promise` itself leaves a reaction on it for every race, each
   * holding what its waiter held: while it never settles (a consumer's
   * shutdown signal, raced once per batch), that is a leak.
   */
  subscribe(): { promise: Promise<T>; dispose: () => void } {
    if (this.done) return { promise: Promise.resolve(this.value as T), dispose: () => undefined };
    let listener!: (value: T) => void;
    const promise = new Promise<T>((resolve) => {
      listener = resolve;
    });
    this.listeners.add(listener);
    return { promise, dispose: () => this.listeners.delete(listener) };
  }
}
