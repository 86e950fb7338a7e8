/** A promise settled from outside: shutdown signals that many waiters share. */
export class Deferred<T = void> {
  readonly promise: Promise<T>;
  private settle!: (value: T) => void;
  private done = false;

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
    this.settle(value);
  }
}
