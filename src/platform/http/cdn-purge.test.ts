// The purger against a local HTTP server: one PURGE per key (http), Cloudflare's purge-by-tag in batches
// of 30, retries with back-off on 5xx and network errors, no retry on 4xx, failures reported (never thrown),
// and nothing sent with CDN_PURGE=none. The Cache-Control hook: public with keys only without cookies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPurgeSink, type PurgeSink } from '../../../test/helpers/purge-sink.js';
import { CLOUDFLARE_TAGS_PER_CALL, createPurger } from './cdn-purge.js';
import { cdnKeys, installCdnHeaders } from './cdn-headers.js';

describe('CDN purger', () => {
  let sink: PurgeSink;
  beforeAll(async () => { sink = await startPurgeSink(); });
  afterAll(async () => { await sink.close(); });
  afterEach(() => { sink.requests.length = 0; sink.failNext.length = 0; });

  it('http: one request per key, with the configured method and the key in Surrogate-Key and xkey', async () => {
    // (node:http's parser knows PURGE but not Varnish's BAN: the test server can only take a method it knows.)
    const purger = createPurger({ mode: 'http', url: `${sink.url}/purge`, method: 'DELETE' });
    purger.purge(['article-7', 'listing']);
    purger.purge(['article-7']); // asked twice within the batch window: sent once
    await purger.flush();
    expect(sink.requests.map((r) => [r.method, r.url, r.headers['surrogate-key'], r.headers.xkey])).toEqual([
      ['DELETE', '/purge', 'article-7', 'article-7'],
      ['DELETE', '/purge', 'listing', 'listing'],
    ]);
  });

  it('cloudflare: POST purge_cache with the tags, the bearer token, at most 30 tags a call', async () => {
    const purger = createPurger({ mode: 'cloudflare', cloudflare: { zoneId: 'zone123', apiToken: 'secret-token-1', apiBase: `${sink.url}/client/v4/` } });
    const keys = Array.from({ length: 35 }, (_, i) => `article-${i + 1}`);
    purger.purge(keys);
    await purger.flush();
    expect(sink.requests).toHaveLength(2);
    for (const r of sink.requests) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/client/v4/zones/zone123/purge_cache');
      expect(r.headers.authorization).toBe('Bearer secret-token-1');
      expect(r.headers['content-type']).toBe('application/json');
    }
    const sent = sink.requests.map((r) => (JSON.parse(r.body) as { tags: string[] }).tags);
    expect(sent.map((t) => t.length)).toEqual([CLOUDFLARE_TAGS_PER_CALL, 5]);
    expect(sent.flat()).toEqual(keys);
  });

  it('retries a 503 with back-off, then succeeds; reports nothing', async () => {
    const errors: unknown[] = [];
    const purger = createPurger({ mode: 'http', url: sink.url, retryDelayMs: 20, onError: (err) => errors.push(err) });
    sink.failNext.push(503, 502);
    const started = Date.now();
    purger.purge(['site']);
    await purger.flush();
    expect(sink.requests.map((r) => [r.method, r.headers['surrogate-key']])).toEqual([['PURGE', 'site'], ['PURGE', 'site'], ['PURGE', 'site']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40);
    expect(errors).toEqual([]);
  });

  it('gives up after its attempts and reports the failure with the keys; a 4xx is not retried', async () => {
    const errors: { err: unknown; keys: string[] }[] = [];
    const purger = createPurger({ mode: 'http', url: sink.url, attempts: 3, retryDelayMs: 1, onError: (err, keys) => errors.push({ err, keys }) });
    sink.failNext.push(500, 500, 500);
    purger.purge(['article-1']);
    await purger.flush();
    expect(sink.requests).toHaveLength(3);
    expect(errors.map((e) => e.keys)).toEqual([['article-1']]);
    sink.requests.length = 0;
    sink.failNext.push(403);
    purger.purge(['article-2']);
    await purger.flush();
    expect(sink.requests).toHaveLength(1);
    expect(errors.map((e) => e.keys)).toEqual([['article-1'], ['article-2']]);
  });

  it('retries a network error (nothing listening), then reports it without throwing', async () => {
    const closed = await startPurgeSink();
    await closed.close();
    const errors: string[][] = [];
    const purger = createPurger({ mode: 'http', url: closed.url, attempts: 2, retryDelayMs: 1, onError: (_err, keys) => errors.push(keys) });
    expect(() => purger.purge(['listing'])).not.toThrow();
    await purger.flush();
    expect(errors).toEqual([['listing']]);
  });

  it('gives up on a request nobody answers (timeout), and flush(maxWait) does not wait for it longer', async () => {
    const silent = http.createServer(() => { /* never answers */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const errors: string[][] = [];
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const slow = createPurger({ mode: 'http', url, attempts: 1, timeoutMs: 5000, onError: (_err, keys) => errors.push(keys) });
      slow.purge(['site']);
      const started = Date.now();
      await slow.flush(100);
      expect(Date.now() - started).toBeLessThan(1000);
      const timed = createPurger({ mode: 'http', url, attempts: 2, retryDelayMs: 1, timeoutMs: 50, onError: (_err, keys) => errors.push(keys) });
      timed.purge(['listing']);
      await timed.flush();
      expect(errors).toEqual([['listing']]);
    } finally { silent.closeAllConnections(); silent.close(); }
  });

  it('none: sends nothing', async () => {
    const purger = createPurger({ mode: 'none', url: sink.url });
    purger.purge(['site', 'article-1']);
    await purger.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.requests).toEqual([]);
  });
});

describe('CDN headers', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(cookie);
    installCdnHeaders(app, { sMaxAgeSeconds: 120, staleWhileRevalidateSeconds: 30 });
    app.get('/tagged', async (_req, reply) => cdnKeys(reply, 'article-3', 'listing').header('cache-control', 'no-cache').send('hi'));
    app.get('/personal', async (_req, reply) => cdnKeys(reply, 'article-3').header('cache-control', 'private, no-store').send('hi'));
    app.get('/sets-cookie', async (_req, reply) => cdnKeys(reply, 'listing').setCookie('x', '1').send('hi'));
    app.get('/untagged', async (_req, reply) => reply.header('cache-control', 'no-cache').send('hi'));
    app.get('/missing', async (_req, reply) => cdnKeys(reply, 'listing').code(404).send('no'));
  });
  afterAll(async () => { await app.close(); });

  it('a tagged page without cookies is public with s-maxage (stale-while-revalidate only in the CDN headers) and its keys (site first)', async () => {
    const res = await app.inject({ url: '/tagged' });
    expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=120');
    expect(res.headers['cdn-cache-control']).toBe('public, max-age=120, stale-while-revalidate=30');
    expect(res.headers['surrogate-control']).toBe('max-age=120, stale-while-revalidate=30');
    expect(res.headers['surrogate-key']).toBe('site article-3 listing');
    expect(res.headers['cache-tag']).toBe('site,article-3,listing');
  });

  it('with a cookie or an Authorization header: private, no keys', async () => {
    for (const headers of [{ cookie: 'gz_reader=abc' }, { authorization: 'Bearer x' }]) {
      const res = await app.inject({ url: '/tagged', headers });
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers['surrogate-key']).toBeUndefined();
      expect(res.headers['cache-tag']).toBeUndefined();
    }
    expect((await app.inject({ url: '/personal', headers: { cookie: 'a=b' } })).headers['cache-control']).toBe('private, no-store');
  });

  it('never public on a response that sets a cookie, an error, or an untagged page', async () => {
    const set = await app.inject({ url: '/sets-cookie' });
    expect(set.headers['set-cookie']).toBeDefined();
    expect(set.headers['cache-control']).toBe('private, no-cache');
    expect(set.headers['surrogate-key']).toBeUndefined();
    expect((await app.inject({ url: '/missing' })).headers['cache-control']).toBe('private, no-cache');
    const plain = await app.inject({ url: '/untagged' });
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.headers['surrogate-key']).toBeUndefined();
  });
});
