// Liveness, readiness while draining, and /metrics: the text format, per-route request counters labelled by
// the route pattern, page cache hits and misses, the moderation verdicts, the queue gauges and who may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';

interface Sample { name: string; labels: Record<string, string>; value: number }
interface Family { help?: string; type?: string; samples: Sample[] }

/** Reads the Prometheus text format: every family with its HELP, TYPE and samples. */
function parseMetrics(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => { let f = families.get(name); if (!f) families.set(name, (f = { samples: [] })); return f; };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\w+) (.*)$/.exec(line);
    if (meta) { family(meta[2]!)[meta[1] === 'HELP' ? 'help' : 'type'] = meta[3]!; continue; }
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '');
    family(families.has(m[1]!) ? m[1]! : base).samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return families;
}

const value = (f: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
  f.get(name.replace(/_(bucket|sum|count)$/, ''))?.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0) ?? 0;

describe.each(dialects())('operations endpoints on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const scrape = async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode, res.body).toBe(200);
    return parseMetrics(res.body);
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, moderation: { burstPerMinute: 2, duplicateWindowHours: 24, holdFirstTimeLinks: true } });
    slug = (await createArticle(t, { title: 'Metrics under test' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('answers /livez without the database and /healthz with it', async () => {
    expect((await t.app.inject({ url: '/livez' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('serves the Prometheus text format: every family has HELP and TYPE, process metrics included', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const f = parseMetrics(res.body);
    for (const [name, fam] of f) {
      expect(fam.help, name).toEqual(expect.any(String));
      expect(['counter', 'gauge', 'histogram', 'summary']).toContain(fam.type);
    }
    for (const name of ['gazette_http_requests_total', 'gazette_http_request_duration_seconds', 'gazette_page_cache_lookups_total',
      'gazette_moderation_verdicts_total', 'gazette_jobs_queued', 'gazette_outbox_pending', 'process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']) {
      expect(f.has(name), name).toBe(true);
    }
    expect(f.get('gazette_http_requests_total')!.type).toBe('counter');
    expect(f.get('gazette_http_request_duration_seconds')!.type).toBe('histogram');
  });

  it('counts requests per route pattern and status class, never by raw URL', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/articles/:slug', status_class: '2xx' };
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: `/articles/${slug}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/articles/no-such-article-here' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/a/path/nobody/serves' })).statusCode).toBe(404);
    const after = await scrape();
    expect(value(after, 'gazette_http_requests_total', route) - value(before, 'gazette_http_requests_total', route)).toBe(3);
    expect(value(after, 'gazette_http_request_duration_seconds_count', route) - value(before, 'gazette_http_request_duration_seconds_count', route)).toBe(3);
    const notFound = { method: 'GET', route: '/articles/:slug', status_class: '4xx' };
    expect(value(after, 'gazette_http_requests_total', notFound) - value(before, 'gazette_http_requests_total', notFound)).toBe(1);
    expect(value(after, 'gazette_http_requests_total', { route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    // The histogram's buckets count cumulatively up to +Inf, which equals its count; its sum is the time taken.
    const buckets = after.get('gazette_http_request_duration_seconds')!.samples
      .filter((s) => s.name === 'gazette_http_request_duration_seconds_bucket' && Object.entries(route).every(([k, v]) => s.labels[k] === v));
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf']);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(buckets.at(-1)!.value).toBe(value(after, 'gazette_http_request_duration_seconds_count', route));
    expect(value(after, 'gazette_http_request_duration_seconds_sum', route)).toBeGreaterThan(value(before, 'gazette_http_request_duration_seconds_sum', route));
    const routes = after.get('gazette_http_requests_total')!.samples.map((s) => s.labels.route!);
    for (const r of routes) expect(r).not.toMatch(new RegExp(`${slug}|no-such-article|nobody`));
  });

  it('counts page cache misses and hits', async () => {
    const { slug: fresh } = await createArticle(t, { title: 'A fresh page for the cache' });
    const before = await scrape();
    await t.app.inject({ url: `/articles/${fresh}` });
    await t.app.inject({ url: `/articles/${fresh}` });
    await t.app.inject({ url: `/articles/${fresh}` });
    const after = await scrape();
    const delta = (result: string) => value(after, 'gazette_page_cache_lookups_total', { result }) - value(before, 'gazette_page_cache_lookups_total', { result });
    expect(delta('miss')).toBe(1);
    expect(delta('hit')).toBe(2);
  });

  it("counts the moderation pipeline's verdicts", async () => {
    const before = await scrape();
    const post = (body: string, ip: string, n: number) => t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: ip,
      payload: { authorName: `Reader ${n}`, authorEmail: `reader${n}@example.org`, body },
    });
    const published = await post('The council voted on the budget on Tuesday evening.', '198.51.100.1', 1);
    expect(published.json().comment.status).toBe('published');
    const held = await post('The minutes are at https://minutes.example.net/2026/03 for anyone curious.', '198.51.100.2', 2);
    expect(held.json().comment.status).toBe('pending');
    const duplicate = await post('The council voted on the budget on Tuesday evening.', '198.51.100.3', 3);
    // The poster is told "awaiting moderation" (a spammer learns nothing); the row says spam.
    const stored = await t.db.db.selectFrom('comments').select('status').where('id', '=', duplicate.json().comment.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('spam');
    await post('A first thought on the budget from this network.', '198.51.100.4', 4);
    await post('A second thought on the budget from this network.', '198.51.100.4', 5);
    const limited = await post('A third thought on the budget from this network.', '198.51.100.4', 6);
    expect(limited.statusCode).toBe(429);
    const after = await scrape();
    const delta = (verdict: string) => value(after, 'gazette_moderation_verdicts_total', { verdict }) - value(before, 'gazette_moderation_verdicts_total', { verdict });
    expect({ published: delta('published'), pending: delta('pending'), spam: delta('spam'), rejected: delta('rejected') })
      .toEqual({ published: 3, pending: 1, spam: 1, rejected: 1 });
  });

  it('reads the job queue depth and the outbox backlog when scraped', async () => {
    await t.jobs.runDue();
    const before = await scrape();
    await t.mailer.queue(t.db.db, { to: 'ops@example.org', subject: 'Backlog', text: 'One mail waiting.' });
    const after = await scrape();
    expect(value(after, 'gazette_outbox_pending') - value(before, 'gazette_outbox_pending')).toBe(1);
    expect(value(after, 'gazette_jobs_queued') - value(before, 'gazette_jobs_queued')).toBe(1);
    await t.jobs.runDue();
    const sent = await scrape();
    expect(value(sent, 'gazette_outbox_pending')).toBe(value(before, 'gazette_outbox_pending'));
    expect(value(sent, 'gazette_jobs_queued')).toBe(value(before, 'gazette_jobs_queued'));
  });

  it('without METRICS_TOKEN: only direct requests from loopback or private networks; 404 for anyone else', async () => {
    for (const remoteAddress of ['127.0.0.1', '10.1.2.3', '192.168.0.7', '::1', '::ffff:172.16.5.5']) {
      expect((await t.app.inject({ url: '/metrics', remoteAddress })).statusCode, remoteAddress).toBe(200);
    }
    for (const remoteAddress of ['203.0.113.9', '2001:db8::1', '8.8.8.8']) {
      const res = await t.app.inject({ url: '/metrics', remoteAddress });
      expect(res.statusCode, remoteAddress).toBe(404);
      expect(res.body).not.toContain('gazette_');
    }
    // Relayed by a reverse proxy on the same host: the proxy's loopback address says nothing about the client.
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }]) {
      expect((await t.app.inject({ url: '/metrics', headers })).statusCode).toBe(404);
    }
  });

  it('answers 503 on /healthz once draining, while /livez stays 200', async () => {
    t.drain();
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'shutting-down' });
    expect((await t.app.inject({ url: '/livez' })).statusCode).toBe(200);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-0123456789abcdef';
  beforeAll(async () => { t = await buildTestApp({ dialect: 'sqlite', env: { METRICS_TOKEN: token } }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('answers a request bearing the token from anywhere, and 404 without it, even from loopback', async () => {
    const ok = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.7' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('# TYPE gazette_http_requests_total counter');
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}x` } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: token } })).statusCode).toBe(404);
  });
});

// The process's metrics are collected once per process (one event-loop delay monitor, however many apps), and
// every app's /metrics shows them next to its own counters, which stay its own.
describe('metrics of several apps in one process', () => {
  it('shows the process metrics in each and keeps each app\'s counters apart', async () => {
    const { createMetrics } = await import('./metrics.js');
    const sources = { queuedJobs: async () => 0, pendingMails: async () => 0 };
    const a = createMetrics(sources);
    const b = createMetrics(sources);
    a.cacheLookup('hit');
    a.cacheLookup('hit');
    b.cacheLookup('miss');
    const [ta, tb] = [await a.registry.metrics(), await b.registry.metrics()];
    for (const t of [ta, tb]) {
      expect(t).toContain('nodejs_eventloop_lag_p99_seconds');
      expect(t).toContain('process_cpu_user_seconds_total');
    }
    expect(ta).toMatch(/gazette_page_cache_lookups_total\{result="hit"\} 2\b/);
    expect(ta).toMatch(/gazette_page_cache_lookups_total\{result="miss"\} 0\b/);
    expect(tb).toMatch(/gazette_page_cache_lookups_total\{result="hit"\} 0\b/);
    expect(tb).toMatch(/gazette_page_cache_lookups_total\{result="miss"\} 1\b/);
  });
});
