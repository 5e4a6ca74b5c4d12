// Rate limits counted in Redis (REDIS_URL): shared by every instance that uses the same Redis, whatever the
// database. One script per hit, run atomically by Redis: INCR the key's count, or start a new window
// (count 1, PEXPIRE for the window's length) when there is none or it has ended by the app's clock (kept
// beside the count, so an injected clock and every instance agree on when a window ends).
import { Redis } from 'ioredis';
import type { RateLimitStore, WindowCount } from '../http/rate-limit.js';

const HIT = `
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if reset == nil or now >= reset then
  reset = now + window
  redis.call('HSET', KEYS[1], 'reset', reset, 'hits', 1)
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, reset}
end
return {redis.call('HINCRBY', KEYS[1], 'hits', 1), reset}
`;

export async function createRedisRateLimitStore(url: string, opts: { prefix?: string; onError?: (err: unknown) => void } = {}): Promise<RateLimitStore> {
  // While Redis is unreachable a hit fails at once (no queue of waiting commands); the caller falls back.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  let reportedAt = -Infinity; // a Redis that is down fails every reconnection: one line a minute is enough
  redis.on('error', (err) => { if (Date.now() - reportedAt >= 60_000) { reportedAt = Date.now(); opts.onError?.(err); } });
  const prefix = opts.prefix ?? 'gazette:rl:';
  // Waits for the first connection a little (a start-up with Redis down goes on, counting locally meanwhile).
  await new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); redis.off('ready', done); resolve(); };
    const timer = setTimeout(done, 2000);
    redis.once('ready', done);
  });
  return {
    kind: 'redis',
    async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
      const [hits, resetAt] = await redis.eval(HIT, 1, prefix + key, now, windowMs) as [number, number];
      return { hits: Number(hits), resetAt: Number(resetAt) };
    },
    async close() { redis.disconnect(); },
  };
}
