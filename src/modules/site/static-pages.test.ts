// Static pages on both dialects: made in the newsroom (form and API), shown at /pages/:slug and /:slug
// without byline, dates or comments, with canonical and Open Graph tags; reserved slugs refused; the short
// address never shadows an application route; left out of listings, feeds and the news sitemap, but in the
// article sitemap and search, linking to the page's address; comments refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, callerFor, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { FUTURE_SEGMENTS } from './index.js';

const html = { accept: 'text/html' };

describe.each(dialects())('static pages on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let editor: { cookie: string; csrf: string };
  const get = (url: string) => t.app.inject({ url, headers: html });
  const createPage = (fields: Record<string, unknown>) => t.app.inject({
    method: 'POST', url: '/api/v1/admin/articles', headers: admin,
    payload: { bodyMarkdown: 'Some text.', authorName: 'Ed', kind: 'page', status: 'published', publishedAt: '2026-03-01T08:00:00Z', ...fields },
  });
  const postForm = (url: string, fields: Record<string, string>) => t.app.inject({
    method: 'POST', url, headers: { ...FORM, ...html, cookie: editor.cookie }, payload: form({ _csrf: editor.csrf, ...fields }),
  });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    const user = await t.services.accounts.createUser({ email: 'ed@example.org', password: 'a long enough password', displayName: 'Eddie Editor', role: 'editor' });
    const s = await t.services.accounts.createSession(user.id);
    editor = { cookie: `gz_session=${s.token}`, csrf: s.csrf };
    const about = await createPage({ title: 'About <us>', slug: 'about', summary: 'Who writes this paper.', bodyMarkdown: 'We are a small newsroom by the harbour of Zürich.' });
    expect(about.statusCode, about.body).toBe(201);
    await createArticle(t, { title: 'Harbour news', slug: 'harbour-news', bodyMarkdown: 'The harbour of Zürich reopens.', publishedAt: '2026-03-13T08:00:00Z', tags: ['local'] });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('shows a page at /pages/:slug and at /:slug: title and text, no byline, dates or comments; canonical and Open Graph', async () => {
    for (const url of ['/pages/about', '/about']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const body = res.body;
      expect(body).toContain('<h1 id="page-title">About &lt;us></h1>');
      expect(body).toContain('<p>We are a small newsroom by the harbour of Zürich.</p>');
      expect(body).not.toMatch(/class="byline"|<time|comments-island|comment-form|Support The Test Gazette<\/p>/);
      expect(body).toContain('<link rel="canonical" href="http://localhost:3000/pages/about"/>');
      expect(body).toContain('<meta property="og:title" content="About &lt;us>"/>');
      expect(body).toContain('<meta property="og:description" content="Who writes this paper."/>');
      expect(body).toContain('"@type":"WebPage"');
    }
    // The article address of a page leads to the page.
    const moved = await get('/articles/about');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/pages/about');
  });

  it('refuses reserved slugs for pages (routes of the app and names kept for later), on create and on rename', async () => {
    const routeSegments = ['search', 'login', 'admin', 'feed', 'support', 'tags', 'archive', 'pages', 'sitemap', 'robots', 'account', 'api', 'media'];
    for (const slug of [...routeSegments, 'authors', 'wp-admin']) {
      const res = await createPage({ title: `A page ${slug}`, slug });
      expect(res.statusCode, slug).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'SLUG_RESERVED', field: 'slug' });
    }
    expect(FUTURE_SEGMENTS).toContain('authors');
    // A title that makes a reserved slug.
    expect((await createPage({ title: 'Login' })).json().error.code).toBe('SLUG_RESERVED');
    // An article may have such a slug: it lives under /articles/.
    expect((await createArticle(t, { title: 'Search', slug: 'search' })).slug).toBe('search');
    const privacy = (await createPage({ title: 'Privacy' })).json().article;
    expect(privacy).toMatchObject({ slug: 'privacy', kind: 'page', url: '/pages/privacy' });
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${privacy.id}`, headers: admin, payload: { slug: 'admin' } });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().error.code).toBe('SLUG_RESERVED');
  });

  it('never lets /:slug shadow an application route, even for a page saved before the route existed', async () => {
    const old = (await createPage({ title: 'Old search page', slug: 'old-search' })).json().article;
    // As if saved under a slug that a later version of Gazette took for a route.
    await t.db.db.updateTable('articles').set({ slug: 'archive' }).where('id', '=', old.id).execute();
    const archive = await get('/archive');
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain('<h1 id="archive-title">Archive</h1>');
    expect((await get('/pages/archive')).body).toContain('Old search page');
    // A name kept for a later route answers 404 at the short address.
    const later = (await createPage({ title: 'Our authors', slug: 'our-authors' })).json().article;
    await t.db.db.updateTable('articles').set({ slug: 'authors' }).where('id', '=', later.id).execute();
    const short = await t.app.inject({ url: '/authors' });
    expect(short.statusCode).toBe(404);
    expect(short.json().error.code).toBe('NOT_FOUND');
    expect((await get('/pages/authors')).statusCode).toBe(200);
    // Routes of the app keep answering as before.
    expect((await get('/search')).body).toContain('Search');
    expect((await t.app.inject({ url: '/login', headers: html })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/feed' })).headers['content-type']).toMatch(/xml/);
  });

  it('answers 404 for unknown, draft and article slugs at the page addresses (NOT_FOUND at the short one, as any unknown address)', async () => {
    await createPage({ title: 'Unfinished', slug: 'unfinished', status: 'draft', publishedAt: undefined });
    for (const url of ['/nothing-here', '/pages/nothing-here', '/unfinished', '/pages/unfinished', '/harbour-news', '/pages/harbour-news']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe(url.startsWith('/pages/') ? 'PAGE_NOT_FOUND' : 'NOT_FOUND');
    }
    const page = await get('/nothing-here');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Page not found');
  });

  it('keeps pages off the home page, tag pages, archive and feeds; puts them in the article sitemap and search', async () => {
    const home = (await get('/')).body;
    expect(home).toContain('/articles/harbour-news');
    expect(home).not.toMatch(/\/articles\/about|\/pages\/about/);
    expect((await get('/archive')).body).toContain('(2 articles)'); // harbour-news and "search", not the pages
    for (const url of ['/feed', '/feed.atom', '/sitemaps/news.xml']) {
      const body = (await t.app.inject({ url })).body;
      expect(body, url).toContain('harbour-news');
      expect(body, url).not.toMatch(/pages\/about|articles\/about/);
    }
    const sitemap = (await t.app.inject({ url: '/sitemaps/articles/1' })).body;
    expect(sitemap).toContain('<loc>http://localhost:3000/pages/about</loc>');
    expect(sitemap).toContain('<loc>http://localhost:3000/articles/harbour-news</loc>');
    const found = (await t.app.inject({ url: '/api/v1/search?q=harbour' })).json().results as { url: string }[];
    expect(found.map((r) => r.url).sort()).toEqual(['/articles/harbour-news', '/pages/about']);
    const searchPage = (await get('/search?q=newsroom')).body;
    expect(searchPage).toContain('href="/pages/about"');
    expect(searchPage).not.toContain('<time');
  });

  it('refuses comments on a page: 404 at the article addresses, 403 NO_COMMENTS_ON_PAGES in the comments service', async () => {
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/articles/about/comments', payload: { authorName: 'Grace', authorEmail: 'g@example.org', body: 'Hello' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('ARTICLE_NOT_FOUND');
    expect((await t.app.inject({ url: '/api/v1/articles/about/comments' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/articles/about/comments/feed' })).statusCode).toBe(404);
    const page = await t.services.articles.getPublicPage('about');
    await expect(t.services.comments.create(page, { body: 'Hello', authorName: 'Grace', authorEmail: 'g@example.org' } as never, callerFor('Grace', { role: 'reader' }), { ip: null }))
      .rejects.toMatchObject({ status: 403, code: 'NO_COMMENTS_ON_PAGES' });
    const rows = await t.db.db.selectFrom('comments').select('id').where('article_id', '=', page.id).execute();
    expect(rows).toEqual([]);
  });

  it('lets an editor make a page in the newsroom: "New page", a reserved slug shown beside the field, the Pages filter', async () => {
    const list = await t.app.inject({ url: '/admin/articles', headers: { ...html, cookie: editor.cookie } });
    expect(list.body).toContain('href="/admin/articles/new?kind=page">New page</a>');
    const blank = await t.app.inject({ url: '/admin/articles/new?kind=page', headers: { ...html, cookie: editor.cookie } });
    expect(blank.body).toContain('<h1>New page</h1>');
    expect(blank.body).toContain('<input type="hidden" name="kind" value="page"/>');
    expect(blank.body).not.toContain('name="tags"');
    const fields = { title: 'Support', slug: '', summary: '', authorName: 'Eddie Editor', bodyMarkdown: 'How to help.', publishedAt: '', intent: 'publish', kind: 'page', updatedAt: '' };
    const refused = await postForm('/admin/articles', fields);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/<input name="slug" value [^>]*aria-invalid="true" aria-describedby="slug-error"\/><span class="field-error" id="slug-error">\/support is an address of the site itself/);
    expect(refused.body).toContain('<input type="hidden" name="kind" value="page"/>');
    const made = await postForm('/admin/articles', { ...fields, title: 'Contact' });
    expect(made.statusCode).toBe(303);
    expect((await get('/contact')).body).toContain('<p>How to help.</p>');
    const pages = await t.app.inject({ url: '/admin/articles?kind=page', headers: { ...html, cookie: editor.cookie } });
    const titles = [...pages.body.matchAll(/<tr data-article-id="\d+"><td><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toContain('Contact');
    expect(titles).not.toContain('Harbour news');
    const articlesOnly = await t.app.inject({ url: '/admin/articles?kind=article', headers: { ...html, cookie: editor.cookie } });
    expect(articlesOnly.body).toContain('Harbour news');
    expect(articlesOnly.body).not.toContain('>Contact<');
  });
});
