// The configuration for uploads, mail retries, workers, Redis and more (the rest is covered in platform.test.ts):
// defaults, valid values, and one clear line per bad value.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('image upload limits', () => {
  it('defaults to 40 megapixels and 2 uploads decoded at once', () => {
    expect(loadConfig({})).toMatchObject({ imageMaxPixels: 40_000_000, imageConcurrency: 2 });
  });

  it('reads IMAGE_MAX_PIXELS and IMAGE_CONCURRENCY', () => {
    expect(loadConfig({ IMAGE_MAX_PIXELS: '12000000', IMAGE_CONCURRENCY: '4' })).toMatchObject({ imageMaxPixels: 12_000_000, imageConcurrency: 4 });
  });

  it.each([
    ['IMAGE_MAX_PIXELS', 'lots'], ['IMAGE_MAX_PIXELS', '0'], ['IMAGE_MAX_PIXELS', '1.5'], ['IMAGE_MAX_PIXELS', '2000000000'],
    ['IMAGE_CONCURRENCY', '0'], ['IMAGE_CONCURRENCY', '33'], ['IMAGE_CONCURRENCY', 'two'],
  ])('refuses %s=%s with one line naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(`${name}:`)).toBe(true);
    expect(problems[0]).toContain(JSON.stringify(value));
  });
});

describe('mail retries', () => {
  it('retries for 48 hours by default, or for MAIL_RETRY_HOURS', () => {
    expect(loadConfig({}).mailRetryForMs).toBe(48 * 3_600_000);
    expect(loadConfig({ MAIL_RETRY_HOURS: '24' }).mailRetryForMs).toBe(24 * 3_600_000);
  });

  it.each([['MAIL_RETRY_HOURS', '0'], ['MAIL_RETRY_HOURS', '721'], ['MAIL_RETRY_HOURS', 'a day']])('refuses %s=%s', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(`${name}:`)).toBe(true);
  });

  it('reports MAIL_MAX_ATTEMPTS, which no longer does anything, naming what replaced it', () => {
    const problems = problemsOf({ MAIL_MAX_ATTEMPTS: '8', PORT: 'x' });
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith('MAIL_MAX_ATTEMPTS:'))).toContain('MAIL_RETRY_HOURS');
  });
});

describe('Stripe', () => {
  const ok = { STRIPE_SECRET_KEY: 'sk_test_51Habc', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };

  it('is off without a key, on with a key and a webhook secret, and may talk to another API base', () => {
    expect(loadConfig({}).stripe).toBeUndefined();
    expect(loadConfig(ok).stripe).toEqual({ secretKey: 'sk_test_51Habc', webhookSecret: 'whsec_abc123', apiBase: undefined });
    expect(loadConfig({ ...ok, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripe?.apiBase).toBe('http://127.0.0.1:12111');
  });

  it('refuses a key without its webhook secret, and the other way round', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: ok.STRIPE_SECRET_KEY })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY/)]);
    expect(problemsOf({ STRIPE_WEBHOOK_SECRET: ok.STRIPE_WEBHOOK_SECRET })).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY: required/)]);
  });

  it('reports a malformed key or secret without printing it', () => {
    const problems = problemsOf({ STRIPE_SECRET_KEY: 'pk_live_publishable123', STRIPE_WEBHOOK_SECRET: 'secret-in-the-wrong-form' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain('publishable123');
    expect(problems.join('\n')).not.toContain('wrong-form');
    expect(problems[0]).toContain('(got a value of 22 characters, not shown)');
    expect(problemsOf({ ...ok, STRIPE_API_BASE: 'ftp://x' })[0]).toMatch(/^STRIPE_API_BASE:/);
  });
});

describe('operations', () => {
  it('gives draining 10 seconds by default, or SHUTDOWN_TIMEOUT_MS; /metrics has no token unless METRICS_TOKEN', () => {
    expect(loadConfig({})).toMatchObject({ shutdownTimeoutMs: 10_000, metricsToken: undefined });
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '2500', METRICS_TOKEN: 'a-long-enough-metrics-token' }))
      .toMatchObject({ shutdownTimeoutMs: 2500, metricsToken: 'a-long-enough-metrics-token' });
  });

  it('refuses a bad SHUTDOWN_TIMEOUT_MS, and a short METRICS_TOKEN without printing it', () => {
    for (const value of ['soon', '0', '1.5', '700000']) expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: value })).toEqual([expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS:/)]);
    const problems = problemsOf({ METRICS_TOKEN: 'short-secret' });
    expect(problems).toEqual([expect.stringMatching(/^METRICS_TOKEN: must be at least 16 characters \(got a value of 12 characters, not shown\)$/)]);
  });
});

describe('workers and shared rate limits', () => {
  it("runs one process unless in production, where it takes the machine's cores; GAZETTE_WORKERS says otherwise", () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ NODE_ENV: 'production' }).workers).toBe(os.availableParallelism());
    expect(loadConfig({ NODE_ENV: 'production', GAZETTE_WORKERS: '1' }).workers).toBe(1);
    expect(loadConfig({ GAZETTE_WORKERS: '3' }).workers).toBe(3);
    for (const value of ['0', 'all', '1.5', '257']) expect(problemsOf({ GAZETTE_WORKERS: value })).toEqual([expect.stringMatching(/^GAZETTE_WORKERS:/)]);
  });

  it('takes a redis:// or rediss:// REDIS_URL, and does not print a bad one (it may hold a password)', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/0' }).redisUrl).toBe('rediss://:pw@cache.internal:6380/0');
    expect(problemsOf({ REDIS_URL: 'http://:secret@cache' })).toEqual([expect.stringMatching(/^REDIS_URL: must start with redis:\/\/ or rediss:\/\/ \(got a value of \d+ characters, not shown\)$/)]);
  });
});

describe('CDN configuration', () => {
  const problems = (env: Record<string, string>) => {
    try { loadConfig(env); return []; } catch (err) { return (err as ConfigError).problems; }
  };
  it('defaults to s-maxage 300, stale-while-revalidate 60 and no purging', () => {
    expect(loadConfig({}).cdn).toEqual({ sMaxAgeSeconds: 300, staleWhileRevalidateSeconds: 60, purge: 'none', purgeUrl: undefined, purgeMethod: 'PURGE', cloudflare: undefined });
  });
  it('reads the http and cloudflare purgers, and names what each one is missing', () => {
    expect(loadConfig({ CDN_PURGE: 'http', CDN_PURGE_URL: 'http://varnish:6081/', CDN_PURGE_METHOD: 'BAN', CDN_S_MAXAGE: '60' }).cdn)
      .toMatchObject({ purge: 'http', purgeUrl: 'http://varnish:6081/', purgeMethod: 'BAN', sMaxAgeSeconds: 60 });
    expect(loadConfig({ CDN_PURGE: 'cloudflare', CLOUDFLARE_ZONE_ID: 'z1', CLOUDFLARE_API_TOKEN: 'token-0123456789' }).cdn.cloudflare)
      .toEqual({ zoneId: 'z1', apiToken: 'token-0123456789', apiBase: 'https://api.cloudflare.com/client/v4' });
    expect(problems({ CDN_PURGE: 'http' })).toEqual([expect.stringMatching(/^CDN_PURGE_URL: required with CDN_PURGE=http/)]);
    expect(problems({ CDN_PURGE: 'cloudflare', CLOUDFLARE_ZONE_ID: 'z1' })).toEqual([expect.stringMatching(/^CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN/)]);
    expect(problems({ CDN_PURGE: 'fastly' })).toEqual([expect.stringMatching(/^CDN_PURGE:/)]);
    expect(problems({ CDN_S_MAXAGE: '-1' })).toEqual([expect.stringMatching(/^CDN_S_MAXAGE:/)]);
    expect(problems({ CLOUDFLARE_API_TOKEN: 'short' })).toEqual([expect.stringMatching(/^CLOUDFLARE_API_TOKEN: .*not shown/)]);
  });
});
