// Author pages (/authors/:slug): name, photo, bio, the account's published articles only, newest first, a
// page at a time with rel next/prev; 404 AUTHOR_NOT_FOUND for unknown slugs, readers and authors without
// published work; bylines and JSON-LD linking to them; the author feed by account; the profile form
// (slug change and uniqueness, bio, photo) and the export. On every dialect.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form, multipart } from '../../../test/helpers/http.js';
import type { Role } from '../accounts/permissions.js';

const HTML = { accept: 'text/html' };
const png = () => sharp({ create: { width: 40, height: 40, channels: 3, background: '#2a6' } }).png().toBuffer();

describe.each(dialects())('author pages on %s', (dialect) => {
  let t: TestApp;
  let seq = 0;
  const clock = new FakeClock();
  const person = async (role: Role, name: string) => {
    const user = await t.services.accounts.createUser({ email: `p${++seq}@example.org`, password: 'a long enough password', displayName: name, role });
    const s = await t.services.accounts.createSession(user.id);
    return { id: user.id, cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };
  const article = async (payload: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/articles', headers: admin,
      payload: { title: `Story ${++seq}`, bodyMarkdown: 'Text.', status: 'published', ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().article as { id: number; slug: string; title: string };
  };
  const page = (url: string) => t.app.inject({ url, headers: HTML });
  const titlesOn = (html: string) => [...html.matchAll(/<h2><a href="\/articles\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
  const errorCode = async (url: string) => (await t.app.inject({ url })).json().error.code;

  let ada: Awaited<ReturnType<typeof person>>;
  let grace: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    ada = await person('author', 'Ada Lovelace');
    grace = await person('editor', 'Grace Hopper');
    // Twelve of Ada's, one a day; one shared; a draft, a scheduled one and Grace's own that must not show.
    for (let d = 1; d <= 12; d++) await article({ title: `Ada ${String(d).padStart(2, '0')}`, authorIds: [ada.id], publishedAt: `2026-02-${String(d).padStart(2, '0')}T08:00:00Z` });
    await article({ title: 'Shared work', authorIds: [grace.id, ada.id], publishedAt: '2026-02-20T08:00:00Z' });
    await article({ title: 'Ada draft', authorIds: [ada.id], status: 'draft' });
    await article({ title: 'Ada scheduled', authorIds: [ada.id], publishedAt: '2026-04-01T08:00:00Z' });
    await article({ title: 'Grace alone', authorIds: [grace.id], publishedAt: '2026-02-21T08:00:00Z' });
    await t.app.inject({ method: 'POST', url: '/account/profile', headers: { ...FORM, ...HTML, cookie: ada.cookie },
      payload: form({ _csrf: ada.csrf, slug: 'ada-lovelace', bio: 'Writes <b>about</b> engines.\n\nSecond paragraph.' }) });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it("lists only the account's published articles, newest first, ten a page with rel next/prev", async () => {
    const first = await page('/authors/ada-lovelace');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1 id="author-name">Ada Lovelace</h1>');
    expect(titlesOn(first.body)).toEqual(['Shared work', 'Ada 12', 'Ada 11', 'Ada 10', 'Ada 09', 'Ada 08', 'Ada 07', 'Ada 06', 'Ada 05', 'Ada 04']);
    expect(first.body).toContain('<link rel="next" href="/authors/ada-lovelace?page=2"/>');
    expect(first.body).not.toContain('rel="prev"');
    expect(first.body).toContain('<link rel="canonical" href="http://localhost:3000/authors/ada-lovelace"/>');
    const second = await page('/authors/ada-lovelace?page=2');
    expect(titlesOn(second.body)).toEqual(['Ada 03', 'Ada 02', 'Ada 01']);
    expect(second.body).toContain('<link rel="prev" href="/authors/ada-lovelace"/>');
    expect(second.body).not.toContain('rel="next"');
    expect((await page('/authors/ada-lovelace?page=3')).statusCode).toBe(404);
    expect(await errorCode('/authors/ada-lovelace?page=3')).toBe('PAGE_NOT_FOUND');
    expect((await page('/authors/ada-lovelace?page=abc')).statusCode).toBe(200);
    for (const hidden of ['Ada draft', 'Ada scheduled', 'Grace alone']) expect(first.body + second.body).not.toContain(hidden);
    // The shared article's byline links both authors.
    expect(first.body).toContain('<a href="/authors/grace-hopper" rel="author">Grace Hopper</a> and <a href="/authors/ada-lovelace" rel="author">Ada Lovelace</a>');
  });

  it('shows the bio as escaped plain text and never an e-mail address', async () => {
    const html = (await page('/authors/ada-lovelace')).body;
    expect(html).toContain('<div class="author-bio"><p>Writes &lt;b>about&lt;/b> engines.</p><p>Second paragraph.</p></div>');
    expect(html).not.toContain('<b>about</b>');
    expect(html).not.toMatch(/p\d+@example\.org/);
  });

  it('answers 404 AUTHOR_NOT_FOUND for unknown slugs, readers and authors without published work', async () => {
    const rita = await person('reader', 'Rita Reader');
    const newbie = await person('author', 'Nina Newbie');
    await article({ title: 'Nina draft', authorIds: [newbie.id], status: 'draft' });
    for (const url of ['/authors/nobody-here', '/authors/rita-reader', '/authors/nina-newbie']) {
      expect((await page(url)).statusCode, url).toBe(404);
      expect(await errorCode(url)).toBe('AUTHOR_NOT_FOUND');
    }
    expect((await t.app.inject({ url: '/account/profile', headers: { ...HTML, cookie: rita.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/account', headers: { ...HTML, cookie: rita.cookie } })).body).not.toContain('/account/profile');
    expect((await t.app.inject({ url: '/account', headers: { ...HTML, cookie: newbie.cookie } })).body).toContain('<a href="/account/profile">Your author profile</a>');
    expect((await page('/authors/Not_A_Slug')).statusCode).toBe(404);
  });

  it('links bylines on the article page and the home page, and lists the authors as Person in JSON-LD', async () => {
    const shared = (await t.services.articles.latest(50)).find((a) => a.title === 'Shared work')!;
    const html = (await page(`/articles/${shared.slug}`)).body;
    expect(html).toContain('By <span class="author"><a href="/authors/grace-hopper" rel="author">Grace Hopper</a> and <a href="/authors/ada-lovelace" rel="author">Ada Lovelace</a></span>');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(html)![1]!);
    expect(ld.author).toEqual([
      { '@type': 'Person', name: 'Grace Hopper', url: 'http://localhost:3000/authors/grace-hopper' },
      { '@type': 'Person', name: 'Ada Lovelace', url: 'http://localhost:3000/authors/ada-lovelace' },
    ]);
    expect((await page('/')).body).toContain('<a href="/authors/ada-lovelace" rel="author">Ada Lovelace</a>');
  });

  it("feeds the account's articles through its links, and bylines without an account by their text", async () => {
    const feed = (await t.app.inject({ url: '/authors/grace-hopper/feed' })).body;
    expect([...feed.matchAll(/<item><title>([^<]+)<\/title>/g)].map((m) => m[1])).toEqual(['Grace alone', 'Shared work']);
    await article({ title: 'By a guest', authorName: 'Gus Guest', publishedAt: '2026-02-22T08:00:00Z' });
    expect((await t.app.inject({ url: '/authors/gus-guest/feed' })).body).toContain('By a guest');
  });

  it('lets an author change their slug (unique) and set a photo; the export has the profile', async () => {
    const headers = { ...FORM, ...HTML, cookie: grace.cookie };
    const taken = await t.app.inject({ method: 'POST', url: '/account/profile', headers, payload: form({ _csrf: grace.csrf, slug: 'ada-lovelace', bio: '' }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('data-code="AUTHOR_SLUG_TAKEN"');
    const bad = await t.app.inject({ method: 'POST', url: '/account/profile', headers, payload: form({ _csrf: grace.csrf, slug: 'Bad Slug!', bio: '' }) });
    expect(bad.statusCode).toBe(400);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/account/profile', headers, payload: form({ slug: 'amazing-grace', bio: '' }) });
    expect(noCsrf.statusCode).toBe(403);
    const saved = await t.app.inject({ method: 'POST', url: '/account/profile', headers, payload: form({ _csrf: grace.csrf, slug: 'amazing-grace', bio: 'Compilers.' }) });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, '/account/profile?notice=saved']);
    expect((await page('/authors/grace-hopper')).statusCode).toBe(404);
    expect((await page('/authors/amazing-grace')).body).toContain('<p>Compilers.</p>');
    expect((await t.services.articles.latest(50)).find((a) => a.title === 'Grace alone')!.authors).toEqual([{ userId: grace.id, name: 'Grace Hopper', slug: 'amazing-grace' }]);
    // The article page cached earlier links the new address at once.
    const shared = (await t.services.articles.latest(50)).find((a) => a.title === 'Shared work')!;
    const again = await page(`/articles/${shared.slug}`);
    expect(again.body).toContain('<a href="/authors/amazing-grace" rel="author">Grace Hopper</a>');
    expect(again.body).not.toContain('/authors/grace-hopper');

    const junk = await multipart({ photo: { data: Buffer.from('not an image at all'), name: 'me.png', type: 'image/png' } });
    const refused = await t.app.inject({ method: 'POST', url: `/account/profile/photo?_csrf=${encodeURIComponent(grace.csrf)}`, payload: junk.payload,
      headers: { ...junk.headers, ...HTML, cookie: grace.cookie } });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(refused.body).toMatch(/<p class="form-error" role="alert" data-code="[A-Z_]+">/);
    const upload = await multipart({ photo: { data: await png(), name: 'me.png', type: 'image/png' } });
    const photo = await t.app.inject({ method: 'POST', url: `/account/profile/photo?_csrf=${encodeURIComponent(grace.csrf)}`, payload: upload.payload,
      headers: { ...upload.headers, ...HTML, cookie: grace.cookie } });
    expect([photo.statusCode, photo.headers.location]).toEqual([303, '/account/profile?notice=photo']);
    expect((await page('/authors/amazing-grace')).body).toMatch(/<img class="author-photo" src="\/media\/thumbs\/[a-z0-9]+\.jpg" alt="Photo of Grace Hopper"/);

    const data = (await t.app.inject({ url: '/account/export', headers: { cookie: grace.cookie } })).json();
    expect(data.authorProfile).toMatchObject({ slug: 'amazing-grace', bio: 'Compilers.' });
    expect(data.authorProfile.photoUrl).toMatch(/^\/media\/images\/\d+$/);
  });

  it('takes a deleted account off its page and its bylines, keeping their text', async () => {
    const gone = await person('author', 'Gone Writer');
    const a = await article({ title: 'Left behind', authorIds: [gone.id], publishedAt: '2026-02-23T08:00:00Z' });
    expect((await page('/authors/gone-writer')).statusCode).toBe(200);
    await t.services.accounts.deleteAccount(gone.id, 'keep');
    expect((await page('/authors/gone-writer')).statusCode).toBe(404);
    const html = (await page(`/articles/${a.slug}`)).body;
    expect(html).toContain('By <span class="author">Gone Writer</span>');
  });
});
