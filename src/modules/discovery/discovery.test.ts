// Feeds (RSS 2.0, Atom), sitemaps (index, article files, Google News), robots.txt and the tags in the
// pages' <head>: parsed as XML by a strict parser and checked against the specs' required elements, on every
// dialect. Only published articles whose time has come appear; conditional GETs answer 304.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { kids, one, parseXml, text, type XEl } from './xml-parse.test-kit.js';
import { x, xmlDocument } from './xml.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const NASTY = 'Bridge <vote> & "tolls" ]]> \'now\'';
const SECRET_EMAIL = 'grace.secret@example.org';

describe.each(dialects())('feeds and discovery on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let base: string;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const xml = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    return { res, doc: parseXml(res.body) };
  };
  let nasty: { id: number; slug: string };

  beforeAll(async () => {
    // Two URLs per article sitemap, to see the paging without 50,000 articles.
    t = await buildTestApp({ dialect, clock, env: { SITEMAP_URLS_PER_FILE: '2', BASE_URL: 'https://news.example' } });
    base = t.config.baseUrl;
    nasty = await createArticle(t, {
      title: NASTY, summary: 'Tolls & <tunnels>.', tags: ['politics', 'local'], authorName: 'Ada Reporter', publishedAt: '2026-03-13T10:00:00Z',
      bodyMarkdown: 'The council met.\n\n![The bridge](https://cdn.example/photos/bridge.png)\n\nMore **text**.',
    });
    await createArticle(t, { title: 'Second story', tags: ['sport'], authorName: 'Zoë Writer', publishedAt: '2026-03-10T09:00:00Z', bodyMarkdown: 'No picture here.' });
    await createArticle(t, { title: 'An old story', authorName: 'Ada Reporter', publishedAt: '2026-01-02T09:00:00Z' });
    await createArticle(t, { title: 'Another old story', tags: ['politics'], authorName: 'Ben', publishedAt: '2026-01-01T09:00:00Z' });
    await createArticle(t, { title: 'The oldest story', authorName: 'Ben', publishedAt: '2025-12-01T09:00:00Z' });
    await createArticle(t, { title: 'Secret draft story', status: 'draft', publishedAt: undefined, tags: ['politics'], authorName: 'Ada Reporter' });
    await createArticle(t, { title: 'Future scheduled story', publishedAt: '2026-04-01T00:00:00Z', tags: ['politics'], authorName: 'Ada Reporter' });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  const notListed = (body: string) => {
    expect(body).not.toContain('Secret draft');
    expect(body).not.toContain('Future scheduled');
    expect(body).not.toContain('secret-draft');
    expect(body).not.toContain('future-scheduled');
  };

  describe('RSS 2.0', () => {
    it('has the channel and item elements RSS 2.0 requires, escaped, published articles only, with the lead image', async () => {
      const { res, doc } = await xml('/feed');
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(doc.name).toBe('rss');
      expect(doc.attrs.version).toBe('2.0');
      const channel = one(doc, 'channel');
      expect(text(one(channel, 'title'))).toBe('The Test Gazette');
      expect(text(one(channel, 'link'))).toBe(`${base}/`);
      expect(text(one(channel, 'description'))).not.toBe('');
      expect(one(channel, 'atom:link')).toMatchObject({ ns: ATOM, attrs: { rel: 'self', href: `${base}/feed`, type: 'application/rss+xml' } });
      expect(text(one(channel, 'lastBuildDate'))).toMatch(RFC822);
      const items = kids(channel, 'item');
      expect(items.map((i) => text(one(i, 'title')))).toEqual([NASTY, 'Second story', 'An old story', 'Another old story', 'The oldest story']);
      notListed(res.body);
      // The raw bytes hold the title escaped (no unescaped markup, no CDATA trick).
      expect(res.body).toContain('Bridge &lt;vote&gt; &amp; &quot;tolls&quot; ]]&gt; &apos;now&apos;');
      const first = items[0]!;
      expect(text(one(first, 'link'))).toBe(`${base}/articles/${nasty.slug}`);
      expect(one(first, 'guid').attrs.isPermaLink).toBe('true');
      expect(text(one(first, 'guid'))).toBe(`${base}/articles/${nasty.slug}`);
      expect(text(one(first, 'pubDate'))).toBe('Fri, 13 Mar 2026 10:00:00 GMT');
      expect(text(one(first, 'dc:creator'))).toBe('Ada Reporter');
      expect(kids(first, 'category').map(text)).toEqual(['politics', 'local']);
      expect(text(one(first, 'description'))).toBe('Tolls & <tunnels>.');
      expect(one(first, 'content:encoded').ns).toBe('http://purl.org/rss/1.0/modules/content/');
      expect(text(one(first, 'content:encoded'))).toContain('<strong>text</strong>');
      expect(one(first, 'enclosure').attrs).toEqual({ url: 'https://cdn.example/photos/bridge.png', length: '0', type: 'image/png' });
      expect(kids(items[1]!, 'enclosure')).toEqual([]);
      for (const item of items) {
        expect(text(one(item, 'pubDate'))).toMatch(RFC822);
        expect(text(one(item, 'link')).startsWith(`${base}/articles/`)).toBe(true);
      }
    });

    it('carries excerpts instead of whole articles when the setting says so', async () => {
      const s = t.services.settings;
      await s.update({ discovery: { ...s.get().discovery, feedFullContent: false } });
      try {
        const { doc } = await xml('/feed');
        const items = kids(one(doc, 'channel'), 'item');
        expect(items.every((i) => kids(i, 'content:encoded').length === 0)).toBe(true);
        expect(text(one(items[0]!, 'description'))).toBe('Tolls & <tunnels>.');
        // Without a summary, the excerpt is the start of the text, as plain text.
        expect(text(one(items[1]!, 'description'))).toBe('No picture here.');
        const atom = (await xml('/feed.atom')).doc;
        expect(kids(atom, 'entry').every((e) => kids(e, 'content').length === 0)).toBe(true);
      } finally {
        await s.update({ discovery: { ...s.get().discovery, feedFullContent: true } });
      }
    });

    it('has a feed per tag and per author (the slug of the byline)', async () => {
      const titles = async (url: string) => kids(one((await xml(url)).doc, 'channel'), 'item').map((i) => text(one(i, 'title')));
      expect(await titles('/tags/politics/feed')).toEqual([NASTY, 'Another old story']);
      expect(await titles('/tags/Politics/feed')).toEqual([NASTY, 'Another old story']);
      expect(await titles('/tags/sport/feed')).toEqual(['Second story']);
      expect(await titles('/tags/nothing-here/feed')).toEqual([]);
      // A tag that is a LIKE wildcard matches nothing by accident.
      expect(await titles('/tags/%25/feed')).toEqual([]);
      expect(await titles('/tags/_/feed')).toEqual([]);
      expect(await titles('/authors/ada-reporter/feed')).toEqual([NASTY, 'An old story']);
      expect(await titles('/authors/zoe-writer/feed')).toEqual(['Second story']);
      const tagFeed = (await xml('/tags/politics/feed')).res.body;
      notListed(tagFeed);
      notListed((await xml('/authors/ada-reporter/feed')).res.body);
      expect((await get('/authors/nobody/feed')).statusCode).toBe(404);
      expect((await get('/authors/nobody/feed')).json().error.code).toBe('AUTHOR_NOT_FOUND');
      expect((await get('/authors/Not%20A%20Slug/feed')).statusCode).toBe(404);
      expect((await get(`/tags/${'x'.repeat(41)}/feed`)).statusCode).toBe(404);
    });

    it("has an article's comments feed: published comments only, never an e-mail", async () => {
      const s = (await createArticle(t, { title: 'Discussed story', publishedAt: '2026-03-01T00:00:00Z' })).slug;
      const post = (body: string) => t.app.inject({ method: 'POST', url: `/api/v1/articles/${s}/comments`, payload: { authorName: 'Grace <G>', authorEmail: SECRET_EMAIL, body } });
      expect((await post('First & <b>bold</b> remark')).statusCode).toBe(201);
      clock.advance(60_000);
      const settings = t.services.settings;
      await settings.update({ moderation: { ...settings.get().moderation, policy: 'all' } });
      try {
        expect((await post('Held for review')).json().comment.status).toBe('pending');
      } finally {
        await settings.update({ moderation: { ...settings.get().moderation, policy: 'none' } });
      }
      clock.advance(60_000);
      expect((await post('Second remark')).statusCode).toBe(201);
      const { res, doc } = await xml(`/articles/${s}/comments/feed`);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      const channel = one(doc, 'channel');
      expect(text(one(channel, 'link'))).toBe(`${base}/articles/${s}`);
      const items = kids(channel, 'item');
      expect(items.map((i) => text(one(i, 'description')))).toEqual(['Second remark', 'First & <b>bold</b> remark']);
      expect(text(one(items[0]!, 'dc:creator'))).toBe('Grace <G>');
      expect(text(one(items[0]!, 'guid'))).toMatch(new RegExp(`^${base}/articles/${s}#comment-\\d+$`));
      expect(res.body).not.toContain('Held for review');
      expect(res.body).not.toContain(SECRET_EMAIL);
      expect(res.body).not.toContain('grace.secret');
      expect((await get('/articles/no-such-story/comments/feed')).statusCode).toBe(404);
      expect((await get('/articles/secret-draft-story/comments/feed')).statusCode).toBe(404);
      expect((await get('/articles/future-scheduled-story/comments/feed')).statusCode).toBe(404);
    });
  });

  describe('Atom (RFC 4287)', () => {
    it('has the feed and entry elements Atom requires, escaped, published articles only', async () => {
      const { res, doc } = await xml('/feed.atom');
      expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(doc).toMatchObject({ local: 'feed', ns: ATOM });
      expect(text(one(doc, 'id'))).toBe(`${base}/feed.atom`);
      expect(text(one(doc, 'title'))).toBe('The Test Gazette');
      expect(text(one(doc, 'updated'))).toMatch(RFC3339);
      const links = kids(doc, 'link');
      expect(links.find((l) => l.attrs.rel === 'self')?.attrs.href).toBe(`${base}/feed.atom`);
      expect(links.find((l) => l.attrs.rel === 'alternate')?.attrs.href).toBe(`${base}/`);
      const entries = kids(doc, 'entry');
      expect(entries.map((e) => text(one(e, 'title')))[0]).toBe(NASTY);
      notListed(res.body);
      for (const e of entries) {
        expect(text(one(e, 'id'))).toMatch(new RegExp(`^${base}/articles/`));
        expect(text(one(e, 'updated'))).toMatch(RFC3339);
        expect(text(one(e, 'published'))).toMatch(RFC3339);
        expect(text(one(one(e, 'author'), 'name'))).not.toBe('');
        expect(kids(e, 'link').find((l) => l.attrs.rel === 'alternate')?.attrs.href).toBe(text(one(e, 'id')));
      }
      const first = entries[0]!;
      expect(text(one(first, 'published'))).toBe('2026-03-13T10:00:00.000Z');
      expect(one(first, 'content').attrs.type).toBe('html');
      expect(text(one(first, 'content'))).toContain('<strong>text</strong>');
      expect(kids(first, 'link').find((l) => l.attrs.rel === 'enclosure')?.attrs).toMatchObject({ href: 'https://cdn.example/photos/bridge.png', type: 'image/png' });
      expect(kids(first, 'category').map((c) => c.attrs.term)).toEqual(['politics', 'local']);
      // The feed's updated is its newest entry's.
      expect(text(one(doc, 'updated'))).toBe([...entries.map((e) => text(one(e, 'updated')))].sort().at(-1));
    });
  });

  describe('conditional GET', () => {
    it.each(['/feed', '/feed.atom', '/sitemap.xml', '/sitemaps/articles/1', '/sitemaps/news.xml', '/robots.txt', '/tags/politics/feed'])('answers 304 on %s for a matching ETag, in each encoding', async (url) => {
      const encodings: Record<string, string>[] = [{}, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'br' }];
      for (const enc of encodings) {
        const first = await get(url, enc);
        expect(first.statusCode).toBe(200);
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"[\w-]+"$/); // strong
        const again = await get(url, { ...enc, 'if-none-match': etag });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
        expect((await get(url, { ...enc, 'if-none-match': '"something-else"' })).statusCode).toBe(200);
      }
    });

    it('answers 304 for If-Modified-Since at or after Last-Modified, and the validators change with the content', async () => {
      const first = await get('/feed');
      const lastModified = first.headers['last-modified'] as string;
      // The newest change among the items (an edit or a publication), as the channel says it too.
      expect(lastModified).toBe(text(one(one(parseXml(first.body), 'channel'), 'lastBuildDate')));
      const shifted = (ms: number) => new Date(Date.parse(lastModified) + ms).toUTCString();
      expect((await get('/feed', { 'if-modified-since': lastModified })).statusCode).toBe(304);
      expect((await get('/feed', { 'if-modified-since': shifted(86_400_000) })).statusCode).toBe(304);
      expect((await get('/feed', { 'if-modified-since': shifted(-1000) })).statusCode).toBe(200);
      expect((await get('/feed', { 'if-modified-since': 'not a date' })).statusCode).toBe(200);
      // If-None-Match decides alone when both are sent.
      expect((await get('/feed', { 'if-modified-since': lastModified, 'if-none-match': '"other"' })).statusCode).toBe(200);
      clock.advance(3_600_000);
      const story = await createArticle(t, { title: 'Breaking late story', publishedAt: clock.now().toISOString() });
      const after = await get('/feed', { 'if-none-match': first.headers.etag as string });
      expect(after.statusCode).toBe(200);
      expect(after.headers['last-modified']).toBe(clock.now().toUTCString());
      expect((await get('/feed', { 'if-modified-since': lastModified })).statusCode).toBe(200);
      expect(after.body).toContain('Breaking late story');
      // Unpublished again: gone from the feed.
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${story.id}/unpublish`, headers: admin })).statusCode).toBeLessThan(300);
      expect((await get('/feed')).body).not.toContain('Breaking late story');
    });
  });

  describe('sitemaps', () => {
    it('pages the article sitemap (two per file here) and names every file in the index with its lastmod', async () => {
      const { res, doc } = await xml('/sitemap.xml');
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(doc).toMatchObject({ local: 'sitemapindex', ns: SITEMAP });
      const published = (await t.db.db.selectFrom('articles').select('slug').where('status', '=', 'published')
        .where('published_at', '<=', clock.now().toISOString()).execute()).map((r) => `${base}/articles/${r.slug}`).sort();
      const locs = kids(doc, 'sitemap').map((s) => text(one(s, 'loc')));
      const files = Math.ceil(published.length / 2);
      expect(locs).toEqual([...Array.from({ length: files }, (_, i) => `${base}/sitemaps/articles/${i + 1}`), `${base}/sitemaps/news.xml`]);
      for (const s of kids(doc, 'sitemap')) expect(text(one(s, 'lastmod'))).toMatch(RFC3339);
      const seen: string[] = [];
      for (let i = 1; i <= files; i++) {
        const file = (await xml(`/sitemaps/articles/${i}`)).doc;
        expect(file).toMatchObject({ local: 'urlset', ns: SITEMAP });
        const urls = kids(file, 'url');
        expect(urls.length).toBe(i < files ? 2 : published.length - 2 * (files - 1));
        for (const u of urls) {
          seen.push(text(one(u, 'loc')));
          expect(text(one(u, 'lastmod'))).toMatch(RFC3339);
        }
        notListed((await get(`/sitemaps/articles/${i}`)).body);
      }
      expect(seen.sort()).toEqual(published);
      const beyond = await get(`/sitemaps/articles/${files + 1}`);
      expect(beyond.statusCode).toBe(404);
      expect(beyond.json().error.code).toBe('SITEMAP_NOT_FOUND');
      for (const bad of ['0', 'x', '-1', '99999999999']) expect((await get(`/sitemaps/articles/${bad}`)).statusCode).toBe(404);
    });

    it('has a Google News sitemap of the last 48 hours', async () => {
      const { doc, res } = await xml('/sitemaps/news.xml');
      expect(doc).toMatchObject({ local: 'urlset', ns: SITEMAP });
      const urls = kids(doc, 'url');
      expect(urls.map((u) => text(one(u, 'loc')))).toEqual([`${base}/articles/${nasty.slug}`]);
      const news = one(urls[0]!, 'news:news');
      expect(news.ns).toBe(NEWS);
      const pub = one(news, 'news:publication');
      expect(text(one(pub, 'news:name'))).toBe('The Test Gazette');
      expect(text(one(pub, 'news:language'))).toBe('en');
      expect(text(one(news, 'news:publication_date'))).toMatch(RFC3339);
      expect(text(one(news, 'news:title'))).toBe(NASTY);
      notListed(res.body);
    });
  });

  describe('robots.txt', () => {
    it('serves a default naming the sitemap, and what an admin sets on the settings page', async () => {
      const res = await get('/robots.txt');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toContain('User-agent: *');
      expect(res.body).toContain('Disallow: /admin');
      expect(res.body).toContain(`Sitemap: ${base}/sitemap.xml`);

      const user = await t.services.accounts.createUser({ email: 'robots-admin@example.org', password: 'correct horse battery', displayName: 'Admin', role: 'admin' });
      const session = await t.services.accounts.createSession(user.id);
      const headers = { ...FORM, cookie: `gz_session=${session.token}`, accept: 'text/html' };
      const fields = { _csrf: session.csrf, siteName: 'The Test Gazette', siteDescription: '', commentsOpenByDefault: '1', commentEditWindowMinutes: 15, notifyBatchMinutes: 15, digestHourUtc: 7 };
      const settingsPage = await t.app.inject({ url: '/admin/settings', headers: { cookie: headers.cookie } });
      expect(settingsPage.body).toContain('name="robotsTxt"');
      expect(settingsPage.body).toMatch(/name="feedFullContent" value="1" checked/);
      const saved = await t.app.inject({ method: 'POST', url: '/admin/settings', headers, payload: form({ ...fields, feedFields: '1', feedFullContent: '1', robotsTxt: 'User-agent: *\r\nDisallow: /private\r\n' }) });
      expect(saved.statusCode).toBe(303);
      t.services.settings.get();
      expect((await get('/robots.txt')).body).toBe('User-agent: *\nDisallow: /private\n');
      // A form without the feed fields (an earlier version of the page) leaves them as they are.
      expect((await t.app.inject({ method: 'POST', url: '/admin/settings', headers, payload: form(fields) })).statusCode).toBe(303);
      expect(t.services.settings.get().discovery).toEqual({ feedFullContent: true, robotsTxt: 'User-agent: *\nDisallow: /private\n' });
      // Too long: the form again with the error, nothing saved.
      const tooLong = await t.app.inject({ method: 'POST', url: '/admin/settings', headers, payload: form({ ...fields, feedFields: '1', robotsTxt: 'x'.repeat(5001) }) });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.body).toContain('class="form-error"');
      expect(t.services.settings.get().discovery.robotsTxt).toBe('User-agent: *\nDisallow: /private\n');
      // Emptied: the default again.
      expect((await t.app.inject({ method: 'POST', url: '/admin/settings', headers, payload: form({ ...fields, feedFields: '1', feedFullContent: '1', robotsTxt: '' }) })).statusCode).toBe(303);
      expect((await get('/robots.txt')).body).toContain(`Sitemap: ${base}/sitemap.xml`);
    });
  });

  describe('pages', () => {
    const ldOf = (html: string): Record<string, unknown>[] =>
      [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
    const meta = (html: string, attr: 'property' | 'name', key: string) =>
      new RegExp(`<meta ${attr}="${key.replace(/[:+]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];
    const unescape = (s: string | undefined) => s?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

    it('gives an article page its canonical link, Open Graph and Twitter tags, NewsArticle JSON-LD and feed links', async () => {
      const res = await get(`/articles/${nasty.slug}`, { accept: 'text/html' });
      expect(res.statusCode).toBe(200);
      const html = res.body;
      const url = `${base}/articles/${nasty.slug}`;
      expect(html).toContain(`<link rel="canonical" href="${url}"/>`);
      expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="The Test Gazette (RSS)" href="/feed"/>');
      expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="The Test Gazette (Atom)" href="/feed.atom"/>');
      expect(html).toContain(`href="/articles/${nasty.slug}/comments/feed"`);
      expect(meta(html, 'property', 'og:type')).toBe('article');
      expect(unescape(meta(html, 'property', 'og:title'))).toBe(NASTY);
      expect(meta(html, 'property', 'og:url')).toBe(url);
      expect(meta(html, 'property', 'og:image')).toBe('https://cdn.example/photos/bridge.png');
      expect(meta(html, 'property', 'og:site_name')).toBe('The Test Gazette');
      expect(unescape(meta(html, 'property', 'og:description'))).toBe('Tolls & <tunnels>.');
      expect(meta(html, 'name', 'twitter:card')).toBe('summary_large_image');
      expect(meta(html, 'name', 'twitter:image')).toBe('https://cdn.example/photos/bridge.png');
      const [ld, ...more] = ldOf(html);
      expect(more).toEqual([]);
      // Script-safe: the title's "<" never appears raw inside the script.
      expect(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]).not.toMatch(/[<>&]/);
      expect(ld).toMatchObject({
        '@context': 'https://schema.org', '@type': 'NewsArticle', headline: NASTY,
        datePublished: '2026-03-13T10:00:00.000Z', image: ['https://cdn.example/photos/bridge.png'],
        author: [{ '@type': 'Person', name: 'Ada Reporter' }],
        publisher: { '@type': 'Organization', name: 'The Test Gazette' },
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      });
      expect(String(ld!.dateModified)).toMatch(RFC3339);
      expect(String(ld!.headline).length).toBeLessThanOrEqual(110);
      // Without an image: a summary card and no image property.
      const plain = (await get('/articles/second-story', { accept: 'text/html' })).body;
      expect(meta(plain, 'name', 'twitter:card')).toBe('summary');
      expect(meta(plain, 'property', 'og:image')).toBeUndefined();
      expect(ldOf(plain)[0]).not.toHaveProperty('image');
    });

    it('gives the home page its canonical link and Organization and WebSite JSON-LD', async () => {
      const html = (await get('/', { accept: 'text/html' })).body;
      expect(html).toContain(`<link rel="canonical" href="${base}/"/>`);
      expect(html).toContain('href="/feed"');
      expect(meta(html, 'property', 'og:type')).toBe('website');
      const [ld] = ldOf(html);
      const graph = (ld!['@graph'] as Record<string, unknown>[]);
      expect(ld!['@context']).toBe('https://schema.org');
      expect(graph.find((n) => n['@type'] === 'Organization')).toMatchObject({ name: 'The Test Gazette', url: `${base}/` });
      expect(graph.find((n) => n['@type'] === 'WebSite')).toMatchObject({ name: 'The Test Gazette', url: `${base}/` });
    });
  });
});

describe('the XML writer', () => {
  it('escapes text and attributes and drops characters XML cannot carry', () => {
    const out = xmlDocument(x('a', { k: `"<&>'` }, 'one\u0001 & <two> ]]> \uD800three', x('b', { gone: undefined })));
    const doc = parseXml(out);
    expect(doc.attrs.k).toBe(`"<&>'`);
    expect(text(doc)).toBe('one & <two> ]]> three');
    expect(out).not.toMatch(/<two>|\u0001/);
    expect(kids(doc, 'b')[0]!.attrs).toEqual({});
    expect(() => xmlDocument(x('bad name'))).toThrow();
  });
});

describe('the strict XML parser of these tests', () => {
  it.each([
    '<a><b></a></b>', '<a>x & y</a>', '<a>x < y</a>', '<a x="1" x="2"/>', '<p:a/>', '<a/><b/>', '<a>&nbsp;</a>', '<a>',
  ])('refuses %s', (bad) => {
    expect(() => parseXml(bad)).toThrow();
  });
  it('reads namespaces, entities and CDATA', () => {
    const doc: XEl = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<r xmlns="urn:x" xmlns:p="urn:p"><p:a k="&quot;&#60;">1 &amp; 2<![CDATA[<b>]]></p:a></r>');
    expect(doc.ns).toBe('urn:x');
    const a = one(doc, 'p:a');
    expect(a).toMatchObject({ ns: 'urn:p', local: 'a', attrs: { k: '"<' } });
    expect(text(a)).toBe('1 & 2<b>');
  });
});
