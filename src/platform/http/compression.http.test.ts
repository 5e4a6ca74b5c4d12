// Compressed responses as clients see them: cached article pages, static assets, JSON and other
// pages compressed on the fly; what is never compressed; ETags, 304 and Vary per encoding.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { MIN_COMPRESS_BYTES } from './compression.js';

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

/** The identity bytes of a response, whatever encoding it came in. */
function decoded(res: Res): Buffer {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.rawPayload);
  if (enc === 'gzip') return zlib.gunzipSync(res.rawPayload);
  expect(enc).toBeUndefined();
  return res.rawPayload;
}

const varyOf = (res: Res) => String(res.headers.vary ?? '').split(',').map((s) => s.trim().toLowerCase());

describe.each(dialects())('response compression on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  let assetUrls: string[];

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    // A body long enough that the page is well above any threshold.
    slug = (await createArticle(t, { title: 'Compression under test', bodyMarkdown: 'The harbour ferry budget, line by line. '.repeat(300) })).slug;
    const html = (await t.app.inject({ url: `/articles/${slug}` })).body;
    assetUrls = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  const article = (headers: Record<string, string> = {}, query = '') =>
    t.app.inject({ url: `/articles/${slug}${query}`, headers: { accept: 'text/html', ...headers } });

  describe('cached article page', () => {
    it.each([
      ['br', 'gzip, deflate, br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip', 'br;q=0, gzip'],
      ['gzip', 'br;q=0.5, gzip;q=0.8'],
      ['br', 'gzip;q=0.5, *'],
      ['identity', 'br;q=0, gzip;q=0'],
      ['identity', 'deflate'],
      ['identity', 'identity'],
    ])('sends %s for Accept-Encoding: %s, decoding to the identity page', async (expected, acceptEncoding) => {
      const plain = await article();
      expect(plain.headers['content-encoding']).toBeUndefined();
      const res = await article({ 'accept-encoding': acceptEncoding });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(expected === 'identity' ? undefined : expected);
      expect(res.headers['x-page-cache']).toBe('hit');
      expect(varyOf(res)).toContain('accept-encoding');
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(decoded(res).equals(plain.rawPayload)).toBe(true);
      if (expected !== 'identity') expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    });

    it('compresses on a cache miss too, and sends identical bytes on later hits', async () => {
      const miss = await article({ 'accept-encoding': 'br' }, '?sort=oldest');
      expect(miss.headers['x-page-cache']).toBe('miss');
      expect(miss.headers['content-encoding']).toBe('br');
      const hit = await article({ 'accept-encoding': 'br' }, '?sort=oldest');
      expect(hit.headers['x-page-cache']).toBe('hit');
      expect(hit.rawPayload.equals(miss.rawPayload)).toBe(true);
      expect(decoded(hit).equals((await article({}, '?sort=oldest')).rawPayload)).toBe(true);
    });

    it('has one ETag per encoding, and answers If-None-Match with 304 for each, keeping Vary', async () => {
      const etags = new Map<string, string>();
      for (const ae of ['br', 'gzip', 'identity']) {
        const res = await article({ 'accept-encoding': ae });
        const etag = String(res.headers.etag);
        expect(etag).toMatch(/^"[^"]+"$/);
        etags.set(ae, etag);
        const again = await article({ 'accept-encoding': ae, 'if-none-match': etag });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload.length).toBe(0);
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['content-encoding']).toBeUndefined();
        expect(varyOf(again)).toContain('accept-encoding');
      }
      expect(new Set(etags.values()).size).toBe(3);
      // A cached gzip copy is not revalidated as the brotli one, nor the identity page as either.
      expect((await article({ 'accept-encoding': 'br', 'if-none-match': etags.get('gzip')! })).statusCode).toBe(200);
      expect((await article({ 'accept-encoding': 'identity', 'if-none-match': etags.get('br')! })).statusCode).toBe(200);
      // A list and a weakened tag (as some proxies send back) still match.
      expect((await article({ 'accept-encoding': 'br', 'if-none-match': `"nope", W/${etags.get('br')!}` })).statusCode).toBe(304);
    });

    it('answers HEAD without compression', async () => {
      const res = await t.app.inject({ method: 'HEAD', url: `/articles/${slug}`, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.rawPayload.length).toBe(0);
    });
  });

  describe('static assets', () => {
    it('serves the stylesheet and both bundles in brotli and gzip that decode to the identity bytes', async () => {
      expect(assetUrls.filter((u) => u.endsWith('.css'))).toHaveLength(1);
      expect(assetUrls.filter((u) => u.endsWith('.js')).length).toBeGreaterThanOrEqual(1);
      const adminHtml = (await t.app.inject({ url: '/admin', headers: { ...admin, accept: 'text/html' } })).body;
      const urls = new Set([...assetUrls, ...[...adminHtml.matchAll(/src="(\/assets\/admin[^"]+)"/g)].map((m) => m[1]!)]);
      expect([...urls].some((u) => u.startsWith('/assets/admin.'))).toBe(true);
      for (const url of urls) {
        const plain = await t.app.inject({ url });
        expect(plain.statusCode, url).toBe(200);
        expect(plain.headers['content-encoding'], url).toBeUndefined();
        expect(varyOf(plain), url).toContain('accept-encoding');
        for (const enc of ['br', 'gzip']) {
          const res = await t.app.inject({ url, headers: { 'accept-encoding': enc } });
          expect(res.headers['content-encoding'], url).toBe(enc);
          expect(res.headers['cache-control'], url).toContain('immutable');
          expect(varyOf(res), url).toContain('accept-encoding');
          expect(decoded(res).equals(plain.rawPayload), url).toBe(true);
          expect(res.rawPayload.length, url).toBeLessThan(plain.rawPayload.length);
        }
        expect((await t.app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip' } })).headers['content-encoding'], url).toBe('gzip');
      }
    });
  });

  describe('other responses', () => {
    it('compresses a large JSON answer on the fly and leaves a small one alone', async () => {
      const big = await t.app.inject({ url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'gzip, br' } });
      expect(big.headers['content-encoding']).toBe('br');
      expect(varyOf(big)).toContain('accept-encoding');
      const plain = await t.app.inject({ url: '/api/v1/openapi.json' });
      expect(plain.rawPayload.length).toBeGreaterThan(1024);
      expect(decoded(big).equals(plain.rawPayload)).toBe(true);
      const gz = await t.app.inject({ url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br;q=0, gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(decoded(gz).toString())).toEqual(plain.json());

      const small = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
      expect(small.rawPayload.length).toBeLessThan(1024);
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(small.json()).toEqual({ status: 'ok' });
    });

    it('compresses a personal (uncached) article page and an admin page', async () => {
      const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Ida', authorEmail: 'ida@example.org', body: 'Mine to edit.' } });
      expect(posted.statusCode).toBe(201);
      const cookie = readerCookie(posted);
      const personal = await article({ cookie, 'accept-encoding': 'gzip' });
      expect(personal.headers['x-page-cache']).toBe('personal');
      expect(personal.headers['content-encoding']).toBe('gzip');
      expect(decoded(personal).toString()).toContain('Mine to edit.');

      const page = await t.app.inject({ url: '/admin/moderation', headers: { ...admin, accept: 'text/html', 'accept-encoding': 'br' } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-encoding']).toBe('br');
      expect(decoded(page).toString()).toMatch(/^<!doctype html>/i);
    });

    it('sends small answers (a JSON error) as they are and larger ones (the error page) compressed, both with Vary', async () => {
      // The error page carries the site's layout and menus: over the threshold, it is compressed like any page.
      const missing = await t.app.inject({ url: '/articles/no-such-article', headers: { accept: 'text/html', 'accept-encoding': 'br' } });
      expect(missing.statusCode).toBe(404);
      expect(varyOf(missing)).toContain('accept-encoding');
      const page = missing.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(missing.rawPayload) : missing.rawPayload;
      expect(missing.headers['content-encoding']).toBe(page.length >= MIN_COMPRESS_BYTES ? 'br' : undefined);
      expect(page.toString('utf8')).toMatch(/^<!doctype html>/i);
      const apiMissing = await t.app.inject({ url: '/api/v1/articles/no-such-article', headers: { 'accept-encoding': 'br' } });
      expect(apiMissing.statusCode).toBe(404);
      expect(apiMissing.headers['content-encoding']).toBeUndefined();
      expect(apiMissing.json().error.code).toBe('ARTICLE_NOT_FOUND');
    });

    it('leaves images untouched', async () => {
      const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).png().toBuffer();
      const image = await t.services.images.store({ data: png, originalName: 'blue.png', alt: 'Blue' });
      for (const url of [image.fullUrl, image.thumbUrl]) {
        const res = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^image\//);
        expect(res.headers['content-encoding'], url).toBeUndefined();
        expect(res.rawPayload.length, url).toBeGreaterThan(0);
      }
      const original = await t.app.inject({ url: image.fullUrl, headers: { 'accept-encoding': 'br, gzip' } });
      expect((await sharp(original.rawPayload).metadata()).width).toBe(300);
    });

    it('does not compress HEAD answers', async () => {
      const head = await t.app.inject({ method: 'HEAD', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-encoding']).toBeUndefined();
      const css = assetUrls.find((u) => u.endsWith('.css'))!;
      const headAsset = await t.app.inject({ method: 'HEAD', url: css, headers: { 'accept-encoding': 'br, gzip' } });
      expect(headAsset.headers['content-encoding']).toBeUndefined();
    });
  });
});
