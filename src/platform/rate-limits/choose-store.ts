// Which store counts the rate limits, from the configuration alone (README: "Several processes and instances"):
// REDIS_URL → Redis; PostgreSQL → its rate_limits table (every instance on the database shares it); SQLite
// with cluster workers → the cluster primary (the workers of the one machine); one SQLite process → memory.
// A shared store that fails is stood in for by this process's memory meanwhile (withLocalFallback).
import type { Db } from '../db/database.js';
import { MemoryRateLimitStore, withLocalFallback, type RateLimitStore } from '../http/rate-limit.js';
import { createDatabaseRateLimitStore } from './database-store.js';
import { createRedisRateLimitStore } from './redis-store.js';

export async function chooseRateLimitStore(opts: {
  db: Db;
  redisUrl: string | undefined;
  /** The cluster primary's store, in a cluster worker. */
  clusterStore: RateLimitStore | undefined;
  onError: (err: unknown) => void;
}): Promise<RateLimitStore> {
  if (opts.redisUrl) return withLocalFallback(await createRedisRateLimitStore(opts.redisUrl, { onError: opts.onError }), opts.onError);
  if (opts.db.dialect === 'postgres') return withLocalFallback(createDatabaseRateLimitStore(opts.db.db, { onError: opts.onError }), opts.onError);
  if (opts.clusterStore) return withLocalFallback(opts.clusterStore, opts.onError);
  return new MemoryRateLimitStore();
}
