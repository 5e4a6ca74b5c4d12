// Listing pages kept in memory for readers without a session (listing-cache.ts), on both dialects: served again
// byte for byte in every encoding, shown changed at once after every write a listing can show, a scheduled
// article listed at its time without any write, a signed-in reader's page never kept, and addresses with
// parameters the page ignores sharing one entry.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, recordDonation, type TestApp } from '../../../test/helpers/test-app.js';

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

const decoded = (r: Res) => {
  const enc = r.headers['content-encoding'];
  return (enc === 'br' ? zlib.brotliDecompressSync(r.rawPayload) : enc === 'gzip' ? zlib.gunzipSync(r.rawPayload) : r.rawPayload).toString('utf8');
};

describe.each(dialects())('listing pages kept in memory on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  let session: { cookie: string };
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  /** The page as a reader without cookies gets it, after checking it was served from memory the second time. */
  const listed = async (url: string) => {
    const first = await get(url);
    expect(first.statusCode, first.body).toBe(200);
    const again = await get(url);
    expect(again.headers['x-page-cache'], url).toBe('hit');
    expect(again.body).toBe(first.body);
    return again.body;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    const writer = await t.services.accounts.createUser({ email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada Lovelace', role: 'author' });
    await createArticle(t, { title: 'Harbour news', slug: 'harbour-news', tags: ['harbour'], authorIds: [writer.id] });
    const s = await t.services.accounts.createSession(writer.id);
    session = { cookie: `gz_session=${s.token}` };
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('serves the same bytes from memory in every encoding, with a strong ETag and 304', async () => {
    const first = await get('/');
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(first.headers['surrogate-key']).toBe('site listing');
    for (const encoding of ['gzip', 'br']) {
      let res = await get('/', { 'accept-encoding': encoding });
      for (let i = 0; i < 20 && res.headers['content-encoding'] !== encoding; i++) res = await get('/', { 'accept-encoding': encoding });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['x-page-cache']).toBe('hit');
      expect(decoded(res)).toBe(first.body);
      const etag = String(res.headers.etag);
      expect((await get('/', { 'accept-encoding': encoding, 'if-none-match': etag })).statusCode).toBe(304);
    }
  });

  it('shows every change a listing can show at once: articles, comment counts, campaign, payment, settings, bylines', async () => {
    const pages = ['/', '/tags/harbour', '/archive', '/archive/2026/03', '/authors/ada-lovelace'];
    let before = await Promise.all(pages.map(listed));
    /** After the write, every page (or those named) differs from before and is kept again. */
    const afterWrite = async (write: () => Promise<unknown>, changed = pages) => {
      await write();
      const now = await Promise.all(pages.map(listed));
      for (const [i, url] of pages.entries()) if (changed.includes(url)) expect(now[i], url).not.toBe(before[i]);
      before = now;
      return Object.fromEntries(pages.map((url, i) => [url, now[i]!]));
    };
    const added = await afterWrite(() => createArticle(t, { title: 'Lighthouse repairs', slug: 'lighthouse', tags: ['harbour'], authorName: 'Ada Lovelace' }), ['/', '/tags/harbour', '/archive']);
    expect(added['/']).toContain('Lighthouse repairs');
    expect(added['/archive']).toContain('(2 articles)');
    const posted = await t.app.inject({ method: 'POST', url: '/api/v1/articles/harbour-news/comments', payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'A first remark on the harbour' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const counted = await afterWrite(async () => undefined, ['/', '/tags/harbour']);
    expect(counted['/']).toMatch(/1 comment/);
    // A vote changes nothing a listing shows: the pages stay in memory.
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${posted.json().comment.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    expect((await get('/')).headers['x-page-cache']).toBe('hit');
    // Nor does following a discussion (its own event).
    const user = await t.services.accounts.createUser({ email: 'follower@example.org', password: 'correct horse battery', displayName: 'Fay', role: 'reader' });
    await t.services.notifications.follow({ email: user.email, userId: user.id, verified: true }, await t.services.articles.getPublic('harbour-news'), 'all');
    expect((await get('/')).headers['x-page-cache']).toBe('hit');
    await afterWrite(() => t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: { month: clock.now().toISOString().slice(0, 7), goalMinor: 500_000 } }), ['/']);
    await afterWrite(() => recordDonation(t, { amount: 25, receivedOn: clock.now().toISOString().slice(0, 10) }), ['/']);
    const renamed = await afterWrite(() => t.services.settings.update({ siteName: 'The Harbour Gazette' }));
    expect(renamed['/archive']).toContain('The Harbour Gazette');
    const edited = await afterWrite(() => t.app.inject({ method: 'PATCH', url: '/api/v1/admin/articles/1', headers: admin, payload: { title: 'Harbour news, updated' } }), ['/', '/tags/harbour']);
    expect(edited['/tags/harbour']).toContain('Harbour news, updated');
    // Taken back to draft: gone from the listings at once.
    const unpublished = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles/1/unpublish', headers: admin });
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    expect(await listed('/')).not.toContain('Harbour news, updated');
  });

  it('lists a scheduled article from its publication time on, without any write', async () => {
    // Well within the pages' 60 s in memory: only the scheduled time can make them be rendered again.
    const soon = new Date(clock.now().getTime() + 20_000).toISOString();
    await createArticle(t, { title: 'Tide tables for the week', slug: 'tide-tables', tags: ['harbour'], publishedAt: soon });
    expect(await listed('/')).not.toContain('Tide tables for the week');
    expect(await listed('/tags/harbour')).not.toContain('Tide tables for the week');
    clock.advance(21_000);
    const res = await get('/');
    expect(res.headers['x-page-cache']).toBe('miss');
    expect(res.body).toContain('Tide tables for the week');
    expect(await listed('/tags/harbour')).toContain('Tide tables for the week');
  });

  it('keeps search pages privately (never for a CDN or a browser), and shows a new match at once', async () => {
    const first = await get('/search?q=lighthouse');
    expect(first.statusCode).toBe(200);
    const again = await get('/search?q=lighthouse');
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    for (const res of [first, again]) {
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['surrogate-key']).toBeUndefined();
    }
    expect(first.body).not.toContain('Lighthouse keepers retire');
    await createArticle(t, { title: 'Lighthouse keepers retire', slug: 'keepers' });
    const after = await get('/search?q=lighthouse');
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Lighthouse keepers retire');
  });

  it('never keeps a signed-in reader\'s page, and keeps one entry whatever parameters the page ignores', async () => {
    const mine = await get('/', session);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers['x-page-cache']).toBeUndefined();
    expect(mine.headers['surrogate-key']).toBeUndefined();
    expect(mine.body).toContain('Ada Lovelace'); // their own header
    expect((await get('/')).body).not.toContain('Sign out');
    await listed('/');
    const size = t.listingCache.size;
    for (const junk of ['?utm_source=a', '?utm_source=b', '?page=1&x=2']) {
      const res = await get(`/${junk}`);
      expect(res.headers['x-page-cache'], junk).toBe('hit');
    }
    expect(t.listingCache.size).toBe(size);
  });
});

describe.each(dialects())('LISTING_CACHE_SECONDS=0 on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, env: { LISTING_CACHE_SECONDS: '0' } });
    await createArticle(t, { title: 'Harbour news', slug: 'harbour-news' });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('renders every request and keeps nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-page-cache']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=300');
      expect(res.body).toContain('Harbour news');
    }
    expect(t.listingCache.size).toBe(0);
  });
});
