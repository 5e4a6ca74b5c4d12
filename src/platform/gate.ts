// A gate that lets at most `limit` tasks run at once: the others wait their turn, first come first served.
// Nothing is refused; heavy work (decoding uploaded images) simply queues instead of piling up in memory.

export class Gate {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Gate limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running now. */
  get running(): number { return this.active; }
  /** Tasks waiting for a turn. */
  get waiting(): number { return this.queue.length; }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter (the count stays), or is freed.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
