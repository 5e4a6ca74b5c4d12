// Fixed-window rate limits per key (a network's digest, an account, an address). A key's window starts at its
// first hit and lasts `windowMs`; the hits are counted in a store: this process's memory (one process), the
// cluster primary (several workers on one machine), PostgreSQL (several instances) or Redis (REDIS_URL).
// Every store counts the same way, so a limit means the same thing however the site is run.

/** Where hits are counted; one store serves every limiter of the app (keys carry the limiter's name). */
export interface RateLimitStore {
  /** Which store this is (the start-up log and the README name it). */
  readonly kind: string;
  /**
   * Counts one hit of `key` at `now` (ms): a new window starts when the key has none or its window has ended.
   * Returns the hits in the current window, this one included, and when the window ends (ms).
   */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  /**
   * Counts one hit of each of several distinct keys at `now`, in one round trip where the store can (the
   * database's one upsert of several rows); the counts in the order of `hits`. Without it, hitAll() calls
   * hit() for each key side by side.
   */
  hitMany?(hits: readonly KeyWindow[], now: number): Promise<WindowCount[]>;
  close?(): Promise<void>;
}

export interface KeyWindow { key: string; windowMs: number }

export interface WindowCount { hits: number; resetAt: number }

/** Counts of one process, in memory: enough for a single process (and the cluster primary's own store). */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  private windows = new Map<string, { resetAt: number; hits: number }>();

  hitNow(key: string, windowMs: number, now: number): WindowCount {
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { resetAt: now + windowMs, hits: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    w.hits++;
    return { hits: w.hits, resetAt: w.resetAt };
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    return this.hitNow(key, windowMs, now);
  }

  async hitMany(hits: readonly KeyWindow[], now: number): Promise<WindowCount[]> {
    return hits.map((h) => this.hitNow(h.key, h.windowMs, now));
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now >= w.resetAt) this.windows.delete(k);
  }
}

/** One hit of each key at once: through the store's hitMany when it has one (and the keys are distinct). */
export function hitAll(store: RateLimitStore, hits: readonly KeyWindow[], now: number): Promise<WindowCount[]> {
  const distinct = new Set(hits.map((h) => h.key)).size === hits.length;
  if (store.hitMany && distinct) return store.hitMany(hits, now);
  return Promise.all(hits.map((h) => store.hit(h.key, h.windowMs, now)));
}

/** One limit: at most `max` hits per key in a window of `windowMs`. */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    /** Names the limit in the store's keys (limits of different names never share a count). */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns the seconds to wait when the limit is exceeded, or 0. */
  async hit(key: string): Promise<number> {
    const t = this.now();
    return this.waitOf(await this.store.hit(this.storeKey(key), this.windowMs, t), t);
  }

  /**
   * Counts one hit of each (limit, key) at once — one round trip to a shared store that can — and returns the
   * seconds to wait of each, in order. The limits must share one store and clock (the first one's are used).
   */
  static async hitAll(hits: readonly (readonly [RateLimiter, string])[]): Promise<number[]> {
    if (hits.length === 0) return [];
    const first = hits[0]![0];
    const t = first.now();
    const counts = await hitAll(first.store, hits.map(([l, key]) => ({ key: l.storeKey(key), windowMs: l.windowMs })), t);
    return counts.map((c, i) => hits[i]![0].waitOf(c, t));
  }

  private storeKey(key: string): string {
    return `${this.name}:${this.windowMs}:${key}`;
  }

  private waitOf({ hits, resetAt }: WindowCount, t: number): number {
    return hits > this.max ? Math.max(1, Math.ceil((resetAt - t) / 1000)) : 0;
  }
}

/**
 * A shared store that, while it fails (Redis or the database unreachable, the primary gone), counts in this
 * process instead: limits stay in force, per process, and a rate limit is never the cause of a 500.
 */
export function withLocalFallback(store: RateLimitStore, onError: (err: unknown) => void): RateLimitStore {
  const local = new MemoryRateLimitStore();
  let reportedAt = -Infinity;
  return {
    kind: store.kind,
    async hit(key, windowMs, now) {
      try {
        return await store.hit(key, windowMs, now);
      } catch (err) {
        // Once a minute at most: an unreachable store would otherwise log every request.
        if (Date.now() - reportedAt >= 60_000) { reportedAt = Date.now(); onError(err); }
        return local.hitNow(key, windowMs, now);
      }
    },
    async hitMany(hits, now) {
      try {
        return await hitAll(store, hits, now);
      } catch (err) {
        if (Date.now() - reportedAt >= 60_000) { reportedAt = Date.now(); onError(err); }
        return local.hitMany(hits, now);
      }
    },
    close: store.close && (() => store.close!()),
  };
}
