/**
 * A run lock of our own: node-cron's noOverlap only covers scheduled ticks, not a run started by
 * hand or by a submission, so every run goes through this.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;
  private waiting = 0;

  get locked(): boolean {
    return this.held || this.waiting > 0;
  }

  /** Runs `fn` after every earlier holder has finished. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    this.waiting++;
    await prev;
    this.waiting--;
    this.held = true;
    try {
      return await fn();
    } finally {
      this.held = false;
      release();
    }
  }

  /** Runs `fn` only if nobody holds the lock; otherwise returns undefined at once. */
  async tryRun<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.locked) return undefined;
    return this.run(fn);
  }

  /** Resolves when the current holder (if any) has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
