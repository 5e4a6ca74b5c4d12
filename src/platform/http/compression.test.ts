// Content negotiation, per-encoding ETags, the page cache's compressed variants and the on-the-fly
// compression hook, without a database.
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { compress, etagForEncoding, etagMatches, installCompression, negotiateEncoding, type Compressor } from './compression.js';
import { PageCache } from './page-cache.js';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br; q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=0.1', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['gzip;q=0.5, *', 'br'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['deflate', 'identity'],
    ['identity', 'identity'],
    ['gzip;q=0.2, identity;q=0.9', 'identity'],
    ['gzip;q=0.9, identity;q=0.2', 'gzip'],
    ['br;q=2, gzip', 'gzip'],
    ['br;q=abc, gzip', 'gzip'],
    [' , ;q=1, gzip', 'gzip'],
  ] as const)('Accept-Encoding %j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('ETags per encoding', () => {
  it('gives each encoding its own tag and keeps weak tags weak', () => {
    expect(etagForEncoding('"abc"', 'identity')).toBe('"abc"');
    expect(etagForEncoding('"abc"', 'br')).toBe('"abc-br"');
    expect(etagForEncoding('"abc"', 'gzip')).toBe('"abc-gzip"');
    expect(etagForEncoding('W/"abc"', 'gzip')).toBe('W/"abc-gzip"');
  });

  it('matches If-None-Match by weak comparison, in lists and with *', () => {
    expect(etagMatches('"abc-br"', '"abc-br"')).toBe(true);
    expect(etagMatches('W/"abc-br"', '"abc-br"')).toBe(true);
    expect(etagMatches('"x", "abc-br"', '"abc-br"')).toBe(true);
    expect(etagMatches('*', '"abc-br"')).toBe(true);
    expect(etagMatches('"abc"', '"abc-br"')).toBe(false);
    expect(etagMatches('"abc-gzip"', '"abc-br"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
    expect(etagMatches('', '"abc"')).toBe(false);
  });
});

describe('PageCache variants', () => {
  /** The real compressor, counting its calls per encoding. */
  function countingCompressor() {
    const calls: string[] = [];
    const fn: Compressor = async (body, coding, effort) => { calls.push(`${coding}/${effort}`); return compress(body, coding, effort); };
    return { fn, calls };
  }
  const html = (n: number) => `<!doctype html><p>${'Version ' + n + ' of a page that compresses well. '.repeat(200)}</p>`;

  it('compresses a page version once per encoding, however many requests ask for it', async () => {
    const c = countingCompressor();
    const cache = new PageCache({ compress: c.fn });
    const v1 = cache.set('article:1|v1', html(1));
    const bodies = await Promise.all([1, 2, 3, 4, 5].map(() => cache.bodyOf(cache.get('article:1|v1')!, 'br')));
    expect(c.calls).toEqual(['br/cached']);
    expect(new Set(bodies).size).toBe(1);
    expect(zlib.brotliDecompressSync(bodies[0]!).toString()).toBe(html(1));
    for (let i = 0; i < 3; i++) expect(zlib.gunzipSync(await cache.bodyOf(cache.get('article:1|v1')!, 'gzip')).toString()).toBe(html(1));
    expect(c.calls).toEqual(['br/cached', 'gzip/cached']);
    expect((await cache.bodyOf(v1, 'identity')).toString()).toBe(html(1));
    expect(cache.stats().compressions).toBe(2);

    // A new version of the page (new key) is compressed again, once.
    cache.set('article:1|v2', html(2));
    for (let i = 0; i < 3; i++) expect(zlib.brotliDecompressSync(await cache.bodyOf(cache.get('article:1|v2')!, 'br')).toString()).toBe(html(2));
    expect(c.calls).toEqual(['br/cached', 'gzip/cached', 'br/cached']);
    // Storing the same key again (expired and re-rendered) starts afresh as well.
    cache.set('article:1|v2', html(2));
    await cache.bodyOf(cache.get('article:1|v2')!, 'br');
    expect(c.calls).toHaveLength(4);
  });

  it('gives each encoding its own ETag, derived from the identity bytes', () => {
    const cache = new PageCache();
    const page = cache.set('k', html(1));
    const tags = (['identity', 'br', 'gzip'] as const).map((e) => cache.etagOf(page, e));
    expect(new Set(tags).size).toBe(3);
    expect(cache.etagOf(cache.set('k2', html(1)), 'br')).toBe(tags[1]);
    expect(cache.etagOf(cache.set('k3', html(2)), 'br')).not.toBe(tags[1]);
  });

  it('counts the bytes of every variant against its bound, evicting the least recently used pages', async () => {
    const size = Buffer.byteLength(html(1));
    const cache = new PageCache({ maxBytes: 3 * size, maxEntries: 100 });
    const a = cache.set('a', html(1));
    cache.set('b', html(2));
    expect(cache.stats().bytes).toBe(2 * size);
    const br = await cache.bodyOf(a, 'br');
    const gz = await cache.bodyOf(cache.get('a')!, 'gzip');
    expect(cache.stats().bytes).toBe(2 * size + br.length + gz.length);
    // A third page does not fit next to a's variants: b, the least recently used, goes.
    cache.set('c', html(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 2 * size + br.length + gz.length });
    expect(cache.stats().bytes).toBeLessThanOrEqual(3 * size);
  });

  it('keeps no page larger than its bound, yet serves it', async () => {
    const cache = new PageCache({ maxBytes: 100 });
    const page = cache.set('big', html(1));
    expect(cache.get('big')).toBeUndefined();
    expect(zlib.brotliDecompressSync(await cache.bodyOf(page, 'br')).toString()).toBe(html(1));
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keeps a streamed page in its pieces: same ETag, length and compressed bytes as the page kept whole', async () => {
    const whole = html(7);
    const bytes = Buffer.from(whole);
    // Cut inside a multi-byte character too: the pieces are bytes, joined only by whoever reads them.
    const e = Buffer.from('é'); // two bytes, one in each of two pieces
    const pieces = [bytes.subarray(0, 10), bytes.subarray(10, 3000), e.subarray(0, 1), e.subarray(1), bytes.subarray(3000)];
    const joined = Buffer.concat(pieces);
    const cache = new PageCache();
    const kept = cache.set('a:pieces', pieces);
    const one = cache.set('a:whole', joined.toString('utf8'));
    expect(kept.etag).toBe(one.etag);
    expect(cache.stats().bytes).toBe(2 * joined.length);
    expect(Buffer.concat(await cache.bodyOf(kept, 'identity') as Buffer[])).toEqual(joined);
    expect(zlib.brotliDecompressSync(await cache.bodyOf(kept, 'br'))).toEqual(joined);
    expect(zlib.gunzipSync(await cache.bodyOf(kept, 'gzip'))).toEqual(joined);
  });

  it('forgets expired pages and their bytes', () => {
    const cache = new PageCache({ ttlMs: 1000 });
    cache.set('k', html(1), 0);
    expect(cache.get('k', 999)).toBeDefined();
    expect(cache.get('k', 1000)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('on-the-fly compression hook', () => {
  const big = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(100);
  async function appWithRoutes() {
    const calls: string[] = [];
    const app = Fastify();
    installCompression(app, { compress: async (body, coding, effort) => { calls.push(`${coding}/${effort}`); return compress(body, coding, effort); } });
    app.get('/json', async () => ({ text: big }));
    app.get('/small', async () => ({ ok: true }));
    app.get('/tagged', async (_req, reply) => reply.type('text/plain').header('etag', '"v1"').send(big));
    app.get('/encoded', async (_req, reply) => reply.type('text/html').header('content-encoding', 'gzip').send(zlib.gzipSync(big)));
    app.get('/image', async (_req, reply) => reply.type('image/svg+xml').send(`<svg xmlns="http://www.w3.org/2000/svg"><!-- ${big} --></svg>`));
    app.get('/stream', async (_req, reply) => reply.type('text/plain').send(Readable.from([big])));
    app.get('/no-content', async (_req, reply) => reply.code(204).type('text/plain').send(big));
    app.get('/not-modified', async (_req, reply) => reply.code(304).type('text/html').send(big));
    await app.ready();
    return { app, calls };
  }

  it('compresses a large JSON body with fast settings and rewrites the ETag per encoding', async () => {
    const { app, calls } = await appWithRoutes();
    const res = await app.inject({ url: '/json', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(JSON.parse(zlib.gunzipSync(res.rawPayload).toString())).toEqual({ text: big });
    expect(calls).toEqual(['gzip/fast']);
    const tagged = await app.inject({ url: '/tagged', headers: { 'accept-encoding': 'br' } });
    expect(tagged.headers.etag).toBe('"v1-br"');
    expect(zlib.brotliDecompressSync(tagged.rawPayload).toString()).toBe(big);
    expect((await app.inject({ url: '/tagged' })).headers.etag).toBe('"v1"');
    await app.close();
  });

  it('leaves small, encoded, image, streamed, 204 and 304 bodies and unaccepted encodings alone', async () => {
    const { app, calls } = await appWithRoutes();
    const ae = { 'accept-encoding': 'br, gzip' };
    const small = await app.inject({ url: '/small', headers: ae });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toBe('Accept-Encoding');
    const encoded = await app.inject({ url: '/encoded', headers: ae });
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(encoded.rawPayload).toString()).toBe(big);
    const image = await app.inject({ url: '/image', headers: ae });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers.vary).toBeUndefined();
    expect(image.body).toContain(big);
    const stream = await app.inject({ url: '/stream', headers: ae });
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.body).toBe(big);
    const noContent = await app.inject({ url: '/no-content', headers: ae });
    expect(noContent.statusCode).toBe(204);
    expect(noContent.headers['content-encoding']).toBeUndefined();
    const notModified = await app.inject({ url: '/not-modified', headers: ae });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers['content-encoding']).toBeUndefined();
    expect(notModified.headers.vary).toBe('Accept-Encoding');
    const refused = await app.inject({ url: '/json', headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual({ text: big });
    const head = await app.inject({ method: 'HEAD', url: '/json', headers: ae });
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(calls).toEqual([]);
    await app.close();
  });
});
