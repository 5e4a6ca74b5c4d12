// Fixed-window counters in memory, per key (IP, e-mail...). Enough for one instance; several
// instances each count on their own, which only loosens a limit by the number of instances.
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Counts one hit; returns the seconds to wait when the limit is exceeded, or 0. */
  hit(key: string): number {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(t);
    }
    w.count++;
    return w.count > this.max ? Math.ceil((w.start + this.windowMs - t) / 1000) : 0;
  }

  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
