// Configuration from environment variables, validated once at start-up.
// Every bad value produces one clear line naming the variable; nothing else reads process.env.
import os from 'node:os';
import { z } from 'zod';
import { parseProxyTrust, type ProxyTrust } from './platform/http/proxy-trust.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/gazette.db'),
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  SITE_NAME: z.string().trim().min(1).max(80).default('Gazette'),
  GAZETTE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  DEMO_CONTENT: z.enum(['true', 'false']).default('true'),
  NODE_ENV: z.string().default('development'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Gazette <no-reply@localhost>'),
  LIST_UNSUBSCRIBE_MAILTO: z.email('must be an e-mail address').optional(),
  MAIL_RETRY_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  JOBS_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
  HSTS_MAX_AGE: z.coerce.number().int().min(0).max(63_072_000).default(31_536_000),
  HSTS_INCLUDE_SUBDOMAINS: z.enum(['true', 'false']).default('false'),
  TRUST_PROXY: z.string().default('false').transform((v, ctx) => {
    try { return parseProxyTrust(v); } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  IMAGE_MAX_PIXELS: z.coerce.number().int().min(10_000).max(1_000_000_000).default(40_000_000),
  IMAGE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret key (sk_live_…, sk_test_… or a restricted rk_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "the webhook endpoint's signing secret (whsec_…)").optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  LIVE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  LIVE_MAX_STREAMS_PER_NETWORK: z.coerce.number().int().min(1).max(1_000_000).default(64),
  SITEMAP_URLS_PER_FILE: z.coerce.number().int().min(1).max(50_000).default(50_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CDN_S_MAXAGE: z.coerce.number().int().min(0).max(31_536_000).default(300),
  LISTING_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  CDN_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).max(31_536_000).default(60),
  CDN_PURGE: z.enum(['none', 'http', 'cloudflare']).default('none'),
  CDN_PURGE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CDN_PURGE_METHOD: z.string().regex(/^[A-Z]+$/, 'an HTTP method in capitals (PURGE, BAN, POST…)').default('PURGE'),
  CLOUDFLARE_ZONE_ID: z.string().regex(/^\w+$/, 'the zone id (letters and digits)').optional(),
  CLOUDFLARE_API_TOKEN: z.string().min(10).optional(),
  CLOUDFLARE_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.cloudflare.com/client/v4'),
  GAZETTE_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must start with redis:// or rediss://').optional(),
});

export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string;
  /** How long to keep retrying an unreachable PostgreSQL server at start (0: exit at once). */
  databaseWaitSeconds: number;
  siteName: string;
  adminToken: string | undefined;
  logLevel: (typeof logLevels)[number];
  mediaDir: string;
  demoContent: boolean;
  production: boolean;
  /** Comment edit window for authors, in milliseconds. */
  commentEditWindowMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** A mailbox whose mails unsubscribe (the mailto of notification mails' List-Unsubscribe), when the site runs one. */
  unsubscribeMailto: string | undefined;
  /** How long a mail is retried (back-off up to an hour) before it is shown as failed, in milliseconds. */
  mailRetryForMs: number;
  /** First retry delay of a failed mail; doubles per attempt, up to an hour. */
  mailRetryMs: number;
  jobsIntervalMs: number;
  /**
   * Behind a reverse proxy: which proxies' X-Forwarded-For entries are believed (rate limits, bans).
   * The client address is the right-most entry not written by a trusted proxy.
   */
  trustProxy: ProxyTrust;
  /** Strict-Transport-Security, sent on every response when BASE_URL is https. */
  hsts: { maxAgeSeconds: number; includeSubDomains: boolean };
  /** Largest uploaded image in pixels (width × height × frames); larger ones are refused before decoding. */
  imageMaxPixels: number;
  /** Uploaded images decoded at the same time; more wait for a turn. */
  imageConcurrency: number;
  /** Card donations through Stripe: off without a secret key (the donation page shows the other ways to give). */
  stripe: { secretKey: string; webhookSecret: string | undefined; apiBase: string | undefined } | undefined;
  /** Live updates of the discussion (Server-Sent Events): heartbeat interval, open streams per process and per network. */
  live: { heartbeatMs: number; maxStreams: number; maxPerClient: number };
  /** URLs per article sitemap file (sitemaps.org allows 50,000; smaller in tests of the paging). */
  sitemapUrlsPerFile: number;
  /** After SIGTERM/SIGINT: how long draining may take before the process exits 1 anyway. */
  shutdownTimeoutMs: number;
  /** /metrics answers a request bearing this token from anywhere; unset, only direct requests from loopback/private networks. */
  metricsToken: string | undefined;
  /**
   * How long a listing page (home, tag, archive, author) rendered for a reader without a session is served from
   * memory at most; any change it could show drops it sooner. 0: rendered for every request.
   */
  listingCacheSeconds: number;
  /** Shared caches (CDN, reverse proxy): how long they keep a page without cookies, and the purge on change. */
  cdn: {
    sMaxAgeSeconds: number;
    staleWhileRevalidateSeconds: number;
    purge: 'none' | 'http' | 'cloudflare';
    purgeUrl: string | undefined;
    purgeMethod: string;
    cloudflare: { zoneId: string; apiToken: string; apiBase: string } | undefined;
  };
  /**
   * Worker processes sharing the port (node:cluster); 1 runs the server in this process alone. Default: the
   * machine's cores in production (os.availableParallelism()), else 1.
   */
  workers: number;
  /** Redis for rate limits shared by every instance (else PostgreSQL's table, the cluster primary, or memory). */
  redisUrl: string | undefined;
}

/** Variables that no longer do anything: set, they would mislead, so each is reported like a bad value. */
const RETIRED: Record<string, string> = {
  MAIL_MAX_ATTEMPTS: 'no longer used: a mail is retried for MAIL_RETRY_HOURS hours (default 48) before it is shown as failed',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Variables whose values are secrets: a bad one is reported without its value. */
const SECRETS = new Set(['REDIS_URL', 'GAZETTE_ADMIN_TOKEN', 'METRICS_TOKEN', 'CLOUDFLARE_API_TOKEN', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
const shown = (name: string, value: string | undefined) =>
  SECRETS.has(name) && value !== undefined ? `a value of ${value.length} characters, not shown` : JSON.stringify(value);

/** Settings that only work together. */
function pairProblems(e: Record<string, string | undefined>): string[] {
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    return ['STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (without the webhook, payments are taken but never recorded)'];
  }
  if (e.STRIPE_WEBHOOK_SECRET && !e.STRIPE_SECRET_KEY) return ['STRIPE_SECRET_KEY: required with STRIPE_WEBHOOK_SECRET'];
  if (e.CDN_PURGE === 'http' && !e.CDN_PURGE_URL) return ['CDN_PURGE_URL: required with CDN_PURGE=http (where the purge requests go)'];
  if (e.CDN_PURGE === 'cloudflare' && (!e.CLOUDFLARE_ZONE_ID || !e.CLOUDFLARE_API_TOKEN)) {
    return ['CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN: both required with CDN_PURGE=cloudflare'];
  }
  return [];
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as in most shells' `FOO= npm start`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${shown(String(issue.path[0]), cleaned[String(issue.path[0])])})`)),
    ...pairProblems(cleaned),
    ...Object.entries(RETIRED).filter(([name]) => cleaned[name] !== undefined).map(([name, why]) => `${name}: ${why} (got ${JSON.stringify(cleaned[name])})`),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const port = e.PORT;
  return {
    port,
    host: e.HOST,
    baseUrl: (e.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databaseWaitSeconds: e.DATABASE_WAIT_SECONDS,
    siteName: e.SITE_NAME,
    adminToken: e.GAZETTE_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    mediaDir: e.MEDIA_DIR,
    demoContent: e.DEMO_CONTENT === 'true',
    production: e.NODE_ENV === 'production',
    commentEditWindowMs: 15 * 60 * 1000,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    unsubscribeMailto: e.LIST_UNSUBSCRIBE_MAILTO,
    mailRetryForMs: e.MAIL_RETRY_HOURS * 3_600_000,
    mailRetryMs: e.MAIL_RETRY_SECONDS * 1000,
    jobsIntervalMs: e.JOBS_INTERVAL_MS,
    trustProxy: e.TRUST_PROXY,
    hsts: { maxAgeSeconds: e.HSTS_MAX_AGE, includeSubDomains: e.HSTS_INCLUDE_SUBDOMAINS === 'true' },
    imageMaxPixels: e.IMAGE_MAX_PIXELS,
    imageConcurrency: e.IMAGE_CONCURRENCY,
    stripe: e.STRIPE_SECRET_KEY ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE } : undefined,
    live: { heartbeatMs: e.LIVE_HEARTBEAT_SECONDS * 1000, maxStreams: e.LIVE_MAX_STREAMS, maxPerClient: e.LIVE_MAX_STREAMS_PER_NETWORK },
    sitemapUrlsPerFile: e.SITEMAP_URLS_PER_FILE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    listingCacheSeconds: e.LISTING_CACHE_SECONDS,
    cdn: {
      sMaxAgeSeconds: e.CDN_S_MAXAGE,
      staleWhileRevalidateSeconds: e.CDN_STALE_WHILE_REVALIDATE,
      purge: e.CDN_PURGE,
      purgeUrl: e.CDN_PURGE_URL,
      purgeMethod: e.CDN_PURGE_METHOD,
      cloudflare: e.CLOUDFLARE_ZONE_ID && e.CLOUDFLARE_API_TOKEN
        ? { zoneId: e.CLOUDFLARE_ZONE_ID, apiToken: e.CLOUDFLARE_API_TOKEN, apiBase: e.CLOUDFLARE_API_BASE } : undefined,
    },
    workers: e.GAZETTE_WORKERS ?? (e.NODE_ENV === 'production' ? os.availableParallelism() : 1),
    redisUrl: e.REDIS_URL,
  };
}
