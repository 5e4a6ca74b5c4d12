// Every rate-limit store counts the same way: a key's window starts at its first hit and lasts windowMs,
// limits of different names or windows never share a count, and two instances hitting one key at the same
// time never lose a hit (the database's upsert on both dialects; Redis's script, when Redis is running).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi, inject } from 'vitest';
import { createDb, type Db } from '../db/database.js';
import { migrateToLatest } from '../../migrations/index.js';
import { dialects, FakeClock, freshDatabase } from '../../../test/helpers/test-app.js';
import { MemoryRateLimitStore, RateLimiter, withLocalFallback, type RateLimitStore } from '../http/rate-limit.js';
import { createDatabaseRateLimitStore } from './database-store.js';
import { createRedisRateLimitStore } from './redis-store.js';

// Found by test/global-setup.ts (null when Redis does not answer: those suites are skipped; under CI=true the run fails).
const REDIS_URL = inject('redisUrl') ?? '';
const redisRunning = REDIS_URL !== '';

/** The same behaviour, asked of each store; `second` is another instance's store on the same backend. */
function behavesAsAWindowCounter(setup: () => Promise<{ first: RateLimitStore; second: RateLimitStore }>) {
  let first: RateLimitStore;
  let second: RateLimitStore;
  const clock = new FakeClock();
  const now = () => clock.now().getTime();
  beforeAll(async () => { ({ first, second } = await setup()); });
  const unique = () => crypto.randomBytes(6).toString('hex');

  it('refuses the hit after the limit with the seconds left in the window, and counts again once it ends', async () => {
    const limiter = new RateLimiter(first, `votes-${unique()}`, 3, 60_000, now);
    expect([await limiter.hit('ip:a'), await limiter.hit('ip:a'), await limiter.hit('ip:a')]).toEqual([0, 0, 0]);
    clock.advance(20_000);
    expect(await limiter.hit('ip:a')).toBe(40);
    expect(await limiter.hit('ip:b')).toBe(0); // another key has its own window
    clock.advance(40_000); // the window began at the first hit: it ends now
    expect(await limiter.hit('ip:a')).toBe(0);
  });

  it('keeps limits of different names and windows apart', async () => {
    const name = unique();
    const perMinute = new RateLimiter(first, name, 1, 60_000, now);
    const perHour = new RateLimiter(first, name, 1, 3600_000, now);
    const other = new RateLimiter(first, `${name}-other`, 1, 60_000, now);
    expect([await perMinute.hit('k'), await perHour.hit('k'), await other.hit('k')]).toEqual([0, 0, 0]);
    expect(await perMinute.hit('k')).toBeGreaterThan(0);
  });

  it('counts several limits and keys at once (RateLimiter.hitAll) exactly as one by one, shared with another instance', async () => {
    const name = unique();
    const burst = new RateLimiter(first, name, 2, 60_000, now);
    const hourly = new RateLimiter(first, name, 3, 3600_000, now);
    const elsewhere = new RateLimiter(second, name, 2, 60_000, now); // the same limit counted by another instance
    const both = [[burst, 'ip:a'], [hourly, 'ip:a'], [burst, 'user:1'], [hourly, 'user:1']] as const;
    expect(await RateLimiter.hitAll(both)).toEqual([0, 0, 0, 0]);
    expect(await elsewhere.hit('ip:a')).toBe(0); // the second hit of ip:a in this minute
    clock.advance(15_000);
    expect(await RateLimiter.hitAll(both)).toEqual([45, 0, 0, 0]); // ip:a's third in the minute; user:1's second
    expect(await RateLimiter.hitAll(both)).toEqual([45, 0, 45, 0]); // ip:a's third in the hour is still allowed
    expect(await RateLimiter.hitAll(both)).toEqual([45, 3585, 45, 3585]); // the fourth in the hour of each is not
    expect(await RateLimiter.hitAll([])).toEqual([]);
    // The same key twice in one call is counted twice, as two calls would.
    expect(await RateLimiter.hitAll([[hourly, 'ip:b'], [hourly, 'ip:b']])).toEqual([0, 0]);
    expect(await hourly.hit('ip:b')).toBe(0);
    expect(await hourly.hit('ip:b')).toBeGreaterThan(0);
  });

  it('shares one count between two instances hitting the same key at once, losing no hit', async () => {
    const key = `shared-${unique()}`;
    const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).hit(key, 60_000, now())));
    expect(hits.map((h) => h.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(hits.map((h) => h.resetAt))).toEqual(new Set([now() + 60_000]));
  });
}

describe('rate limits in memory (one process)', () => {
  behavesAsAWindowCounter(async () => {
    const store = new MemoryRateLimitStore();
    return { first: store, second: store };
  });
});

describe.each(dialects())('rate limits in the database on %s', (dialect) => {
  const dbs: Db[] = [];
  let drop: () => Promise<void>;
  behavesAsAWindowCounter(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    for (let i = 0; i < 2; i++) dbs.push(createDb(fresh.url));
    await migrateToLatest(dbs[0]!);
    return { first: createDatabaseRateLimitStore(dbs[0]!.db), second: createDatabaseRateLimitStore(dbs[1]!.db) };
  });
  afterAll(async () => {
    for (const d of dbs) await d.close();
    await drop?.();
  });

  // Counters a crash may lose: no WAL written, no flush waited for at commit (migration 0018).
  if (dialect === 'postgres') it('keeps the counters in an unlogged table', async () => {
    const { rows } = await sql<{ p: string }>`select relpersistence as p from pg_class where relname = 'rate_limits'`.execute(dbs[0]!.db);
    expect(rows).toEqual([{ p: 'u' }]);
  });

  it('deletes windows that have ended', async () => {
    const db = dbs[0]!;
    const store = createDatabaseRateLimitStore(db.db);
    const t = Date.parse('2030-01-01T00:00:00Z');
    await store.hit('old', 1000, t);
    await store.hit('later', 1000, t + 10 * 60_000); // ten minutes on: the store prunes what ended
    // The prune is not awaited by the hit.
    const keys = async () => (await db.db.selectFrom('rate_limits').select('key').where('key', 'in', ['old', 'later']).execute()).map((r) => r.key);
    await vi.waitFor(async () => expect(await keys()).toEqual(['later']), { timeout: 5000 });
  });
});

describe.runIf(redisRunning)('rate limits in Redis', () => {
  const stores: RateLimitStore[] = [];
  behavesAsAWindowCounter(async () => {
    const prefix = `gazette-test:${crypto.randomBytes(4).toString('hex')}:`;
    for (let i = 0; i < 2; i++) stores.push(await createRedisRateLimitStore(REDIS_URL, { prefix }));
    return { first: stores[0]!, second: stores[1]! };
  });
  afterAll(async () => { for (const s of stores) await s.close?.(); });
});

describe('a shared store that fails', () => {
  it('counts in this process meanwhile (limits stay in force, no error reaches the request), and says so once', async () => {
    const errors: unknown[] = [];
    const broken: RateLimitStore = { kind: 'redis', hit: async () => { throw new Error('connection refused'); } };
    const limiter = new RateLimiter(withLocalFallback(broken, (err) => errors.push(err)), 'votes', 2, 60_000, () => 0);
    expect([await limiter.hit('k'), await limiter.hit('k'), await limiter.hit('k')]).toEqual([0, 0, 60]);
    expect(errors).toHaveLength(1);
  });
});
