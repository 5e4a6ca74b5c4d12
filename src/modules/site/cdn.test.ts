// CDN and reverse-proxy caching on both dialects: every page kind answered without cookies is public with
// s-maxage and names what it shows (Surrogate-Key, Cache-Tag); with a reader or session cookie it stays
// private; and changes purge their keys through a local stand-in for the purge endpoint (http and
// Cloudflare modes), while CDN_PURGE=none sends nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, recordDonation, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { startPurgeSink, type PurgeSink } from '../../../test/helpers/purge-sink.js';

const PUBLIC = 'public, max-age=0, s-maxage=300';
const HTML = { accept: 'text/html' };

describe.each(dialects())('CDN headers and purges (http mode) on %s', (dialect) => {
  let t: TestApp;
  let sink: PurgeSink;
  let story: { id: number; slug: string };
  let about: { id: number; slug: string };
  let authorPath: string;
  let writerSession: { cookie: string; csrf: string };
  let session: string;
  let reader: string;
  const clock = new FakeClock();
  /** The keys purged since the last call (after sending what is pending). */
  const purged = async () => {
    await t.cdnPurger.flush();
    const keys = sink.requests.map((r) => r.headers['surrogate-key']);
    sink.requests.length = 0;
    return keys;
  };

  beforeAll(async () => {
    sink = await startPurgeSink();
    t = await buildTestApp({ dialect, clock, env: { CDN_PURGE: 'http', CDN_PURGE_URL: `${sink.url}/purge` } });
    const writer = await t.services.accounts.createUser({ email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada Lovelace', role: 'author' });
    story = await createArticle(t, { title: 'Harbour news', slug: 'harbour-news', tags: ['local'], authorIds: [writer.id] });
    about = await createArticle(t, { title: 'About us', slug: 'about', kind: 'page' });
    const ws = await t.services.accounts.createSession(writer.id);
    writerSession = { cookie: `gz_session=${ws.token}`, csrf: ws.csrf };
    const profile = await t.app.inject({ method: 'POST', url: '/account/profile', headers: { ...FORM, ...HTML, cookie: writerSession.cookie },
      payload: form({ _csrf: writerSession.csrf, slug: 'ada-lovelace', bio: 'Engines.' }) });
    expect(profile.statusCode, profile.body).toBeLessThan(400);
    authorPath = '/authors/ada-lovelace';
    const user = await t.services.accounts.createUser({ email: 'r@example.org', password: 'a long enough password', displayName: 'Rita', role: 'reader' });
    session = `gz_session=${(await t.services.accounts.createSession(user.id)).token}`;
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'First!' } });
    expect(posted.statusCode, posted.body).toBe(201);
    reader = readerCookie(posted);
    clock.advance(60 * 60_000); // past the edit window: the reader's page is the shared one
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); await sink?.close(); });
  beforeEach(async () => { await purged(); });

  const pages = () => [
    { url: `/articles/${story.slug}`, keys: ['site', `article-${story.id}`] },
    { url: '/', keys: ['site', 'listing'] },
    { url: '/tags/local', keys: ['site', 'listing'] },
    { url: '/archive', keys: ['site', 'listing'] },
    { url: '/archive/2026/03', keys: ['site', 'listing'] },
    { url: authorPath, keys: ['site', 'listing'] },
    { url: '/about', keys: ['site', `page-${about.id}`] },
    { url: '/pages/about', keys: ['site', `page-${about.id}`] },
    { url: '/feed', keys: ['site', 'listing'] },
    { url: '/feed.atom', keys: ['site', 'listing'] },
    { url: '/tags/local/feed', keys: ['site', 'listing'] },
    { url: `/articles/${story.slug}/comments/feed`, keys: ['site', `article-${story.id}`] },
    { url: '/sitemap.xml', keys: ['site', 'listing'] },
    { url: '/sitemaps/articles/1', keys: ['site', 'listing'] },
    { url: '/sitemaps/news.xml', keys: ['site', 'listing'] },
  ];

  it('answers every cacheable page kind without cookies as public, with its surrogate keys', async () => {
    for (const { url, keys } of pages()) {
      for (const encoding of ['identity', 'br']) {
        const res = await t.app.inject({ url, headers: { ...HTML, 'accept-encoding': encoding } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe(PUBLIC);
        expect(res.headers['surrogate-key'], url).toBe(keys.join(' '));
        expect(res.headers['cache-tag'], url).toBe(keys.join(','));
        expect(res.headers['set-cookie'], url).toBeUndefined();
        expect(String(res.headers.vary), url).toMatch(/accept-encoding/i);
      }
    }
  });

  it('keeps pages private for a reader cookie or a session, without keys', async () => {
    for (const { url } of pages()) {
      for (const cookie of [reader, session]) {
        const res = await t.app.inject({ url, headers: { ...HTML, cookie } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], `${url} ${cookie.slice(0, 10)}`).toMatch(/^private, no-(cache|store)$/);
        expect(res.headers['surrogate-key'], url).toBeUndefined();
        expect(res.headers['cache-tag'], url).toBeUndefined();
      }
    }
    // The signed-in reader's pages name them: not even revalidated from a shared copy.
    expect((await t.app.inject({ url: `/articles/${story.slug}`, headers: { ...HTML, cookie: session } })).headers['cache-control']).toBe('private, no-store');
    expect((await t.app.inject({ url: '/', headers: { cookie: session } })).headers['cache-control']).toBe('private, no-store');
  });

  it('keeps a personal article page (a reply form) private even without cookies; 304 revalidation stays public', async () => {
    const res = await t.app.inject({ url: `/articles/${story.slug}?replyTo=1`, headers: HTML });
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['surrogate-key']).toBeUndefined();
    const first = await t.app.inject({ url: `/articles/${story.slug}`, headers: HTML });
    const again = await t.app.inject({ url: `/articles/${story.slug}`, headers: { ...HTML, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe(PUBLIC);
  });

  it('a posted comment purges its article; a moderator rejecting it too', async () => {
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Olga', authorEmail: 'o@example.org', body: 'Well said.' } });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(await purged()).toEqual([`article-${story.id}`]);
    const id = posted.json().comment.id as number;
    const rejected = await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [id], action: 'reject' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await purged()).toEqual([`article-${story.id}`]);
  });

  it('an article update purges its keys and the listings, nothing else', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${story.id}`, headers: admin, payload: { title: 'Harbour news, updated' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await purged()).toEqual([`article-${story.id}`, `page-${story.id}`, 'listing']);
  });

  it('a payment (the fundraising bar on every page) and a settings change purge the whole site', async () => {
    const campaign = await t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: { month: '2026-03', goalMinor: 100_000 } });
    expect(campaign.statusCode, campaign.body).toBe(201);
    expect(await purged()).toEqual(['site']);
    await recordDonation(t, { amount: 25, receivedOn: '2026-03-10' });
    expect(await purged()).toEqual(['site']);
    await t.services.settings.update({ siteDescription: 'News from the harbour' });
    expect(await purged()).toEqual(['site']);
  });

  it('a menu saved through the admin form purges the whole site', async () => {
    const adminUser = await t.services.accounts.createUser({ email: 'boss@example.org', password: 'a long enough password', displayName: 'Boss', role: 'admin' });
    const s = await t.services.accounts.createSession(adminUser.id);
    const res = await t.app.inject({ method: 'POST', url: '/admin/menus', headers: { ...FORM, ...HTML, cookie: `gz_session=${s.token}` },
      payload: form({ _csrf: s.csrf, menusForm: '1', 'header.0.label': 'Home', 'header.0.url': '/' }) });
    expect(res.statusCode, res.body).toBeLessThan(400);
    expect(await purged()).toEqual(['site']);
  });

  it('an author profile change (bylines on every article page) purges the whole site', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/account/profile', headers: { ...FORM, ...HTML, cookie: writerSession.cookie },
      payload: form({ _csrf: writerSession.csrf, slug: 'ada-lovelace', bio: 'Engines and looms.' }) });
    expect(res.statusCode, res.body).toBeLessThan(400);
    expect(await purged()).toEqual(['site']);
  });
});

describe.each(dialects())('CDN purges with two instances on one %s database', (dialect) => {
  it('only the instance where the change was made purges (one purge per change, not one per instance)', async () => {
    const [sinkA, sinkB] = [await startPurgeSink(), await startPurgeSink()];
    const a = await buildTestApp({ dialect, env: { CDN_PURGE: 'http', CDN_PURGE_URL: `${sinkA.url}/purge` } });
    const b = await buildApp({ ...a.config, cdn: { ...a.config.cdn, purgeUrl: `${sinkB.url}/purge` } }, { logger: false, startJobs: false });
    try {
      const story = await createArticle(a, { title: 'Twice', slug: 'twice' });
      const seenByB = new Promise<void>((resolve) => b.events.on('comment.created', () => resolve()));
      const posted = await a.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'Once.' } });
      expect(posted.statusCode, posted.body).toBe(201);
      await seenByB; // B has the event (its page cache drops the article's pages), and sends no purge for it
      await Promise.all([a.cdnPurger.flush(), b.cdnPurger.flush()]);
      expect(sinkA.requests.map((r) => r.headers['surrogate-key'])).toContain(`article-${story.id}`);
      expect(sinkB.requests).toEqual([]);
    } finally { await b.close(); await a.close(); await a.dropDatabase(); await sinkA.close(); await sinkB.close(); }
  });
});

describe.each(dialects())('CDN purges (cloudflare and none modes) on %s', (dialect) => {
  let sink: PurgeSink;
  beforeAll(async () => { sink = await startPurgeSink(); });
  afterAll(async () => { await sink.close(); });

  it('cloudflare: a comment posts its article tag to the zone with the token', async () => {
    const t = await buildTestApp({ dialect, env: { CDN_PURGE: 'cloudflare', CLOUDFLARE_ZONE_ID: 'abc123', CLOUDFLARE_API_TOKEN: 'cf-token-0123456789', CLOUDFLARE_API_BASE: `${sink.url}/client/v4` } });
    try {
      const story = await createArticle(t, { title: 'Storm', slug: 'storm' });
      await t.cdnPurger.flush();
      sink.requests.length = 0;
      sink.failNext.push(503); // the first try fails: retried
      const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'Wild night.' } });
      expect(posted.statusCode, posted.body).toBe(201);
      await t.cdnPurger.flush();
      expect(sink.requests).toHaveLength(2);
      for (const r of sink.requests) {
        expect([r.method, r.url, r.headers.authorization]).toEqual(['POST', '/client/v4/zones/abc123/purge_cache', 'Bearer cf-token-0123456789']);
        expect(JSON.parse(r.body)).toEqual({ tags: [`article-${story.id}`] });
      }
    } finally { await t.close(); await t.dropDatabase(); }
  });

  it('none: changes send no purge request', async () => {
    const t = await buildTestApp({ dialect, env: { CDN_PURGE: 'none', CDN_PURGE_URL: `${sink.url}/purge` } });
    try {
      sink.requests.length = 0;
      const story = await createArticle(t, { title: 'Calm', slug: 'calm' });
      await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'Quiet day.' } });
      await recordDonation(t, { amount: 5, receivedOn: '2026-03-10' });
      await t.cdnPurger.flush();
      await new Promise((r) => setTimeout(r, 150));
      expect(sink.requests).toEqual([]);
      // The headers do not depend on purging: still public for a CDN that expires pages by s-maxage.
      expect((await t.app.inject({ url: '/' })).headers['cache-control']).toBe(PUBLIC);
    } finally { await t.close(); await t.dropDatabase(); }
  });
});
