// Rate limits counted in the database's rate_limits table: shared by every instance on one PostgreSQL
// database (chosen automatically there, unless REDIS_URL is set). Works on SQLite too (the store's tests run
// on both dialects), though one SQLite machine counts in the cluster primary instead: no write per hit.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { KeyWindow, RateLimitStore, WindowCount } from '../http/rate-limit.js';
import { countHits, deleteEnded } from './rate-limits.repo.js';

const PRUNE_EVERY_MS = 10 * 60_000;

export function createDatabaseRateLimitStore(db: Kysely<Database>, opts: { onError?: (err: unknown) => void } = {}): RateLimitStore {
  let prunedAt = 0;
  async function hitMany(hits: readonly KeyWindow[], now: number): Promise<WindowCount[]> {
    const counted = await countHits(db, hits.map((h) => ({ key: h.key, resetAt: new Date(now + h.windowMs).toISOString() })), new Date(now).toISOString());
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      // Not awaited: the hit does not wait for the clean-up of other keys' ended windows.
      deleteEnded(db, new Date(now).toISOString()).catch((err) => opts.onError?.(err));
    }
    return counted.map((r) => ({ hits: r.hits, resetAt: Date.parse(r.resetAt) }));
  }
  return {
    kind: 'database',
    hitMany,
    async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
      return (await hitMany([{ key, windowMs }], now))[0]!;
    },
  };
}
