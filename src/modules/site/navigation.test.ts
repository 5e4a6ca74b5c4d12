// Reader navigation on both dialects: the paged home page, tag pages and the archive (only published
// articles, never static pages, drafts or scheduled ones), ?page= bounds and rel links, tag links, and
// each listed article's count of published comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { LISTING_PAGE_SIZE } from '../articles/index.js';

const html = { accept: 'text/html' };
/** The slugs a listing links to, in order. */
const listedSlugs = (body: string) => [...body.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]!);
const at = (day: number, month = 1) => `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T08:00:00.000Z`;

describe.each(dialects())('navigation on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  const get = (url: string) => t.app.inject({ url, headers: html });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    // January: 25 articles tagged "local" (one a day), two of them also "Zürich".
    for (let d = 1; d <= 25; d++) {
      await createArticle(t, { title: `January story ${d}`, slug: `jan-${d}`, publishedAt: at(d), tags: d <= 2 ? ['local', 'Zürich'] : ['local'] });
    }
    // February: 3 articles; March: 1, plus what listings must leave out.
    for (let d = 1; d <= 3; d++) await createArticle(t, { title: `February story ${d}`, slug: `feb-${d}`, publishedAt: at(d, 2), tags: ['politics'] });
    await createArticle(t, { title: 'March story', slug: 'mar-1', publishedAt: at(2, 3), tags: ['local'] });
    await createArticle(t, { title: 'A draft', slug: 'draft-1', status: 'draft', publishedAt: undefined, tags: ['local'] });
    await createArticle(t, { title: 'Scheduled', slug: 'later-1', publishedAt: '2026-03-20T08:00:00Z', tags: ['local'] });
    await createArticle(t, { title: 'About us', slug: 'about', kind: 'page', publishedAt: at(3, 3), tags: ['local'] });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('pages the home page newest first, without drafts, scheduled articles or static pages', async () => {
    expect(LISTING_PAGE_SIZE).toBe(20);
    const first = await get('/');
    expect(first.statusCode).toBe(200);
    const one = listedSlugs(first.body);
    expect(one).toHaveLength(20);
    expect(one.slice(0, 5)).toEqual(['mar-1', 'feb-3', 'feb-2', 'feb-1', 'jan-25']);
    expect(first.body).toContain('<link rel="next" href="/?page=2"/>');
    expect(first.body).not.toContain('rel="prev"');
    expect(first.body).toMatch(/<a rel="next" href="\/\?page=2">Older →<\/a>/);
    const second = await get('/?page=2');
    expect(second.statusCode).toBe(200);
    const two = listedSlugs(second.body);
    expect(two).toEqual(['jan-9', 'jan-8', 'jan-7', 'jan-6', 'jan-5', 'jan-4', 'jan-3', 'jan-2', 'jan-1']);
    expect(second.body).toContain('<link rel="prev" href="/"/>');
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toContain('<link rel="canonical" href="http://localhost:3000/?page=2"/>');
    for (const body of [first.body, second.body]) {
      expect(body).not.toMatch(/draft-1|later-1|\/articles\/about/);
    }
    expect(new Set([...one, ...two]).size).toBe(29);
  });

  it('answers a page after the last with 404 PAGE_OUT_OF_RANGE and a malformed one with 400 INVALID_PAGE', async () => {
    const beyond = await t.app.inject({ url: '/?page=3' });
    expect(beyond.statusCode).toBe(404);
    expect(beyond.json().error.code).toBe('PAGE_OUT_OF_RANGE');
    expect((await get('/?page=3')).body).toContain('There is no page 3');
    for (const bad of ['0', '-1', 'two', '1.5', '99999999']) {
      const res = await t.app.inject({ url: `/?page=${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('INVALID_PAGE');
    }
    expect((await t.app.inject({ url: '/tags/local?page=9' })).json().error.code).toBe('PAGE_OUT_OF_RANGE');
    expect((await t.app.inject({ url: '/archive/2026/01?page=0' })).json().error.code).toBe('INVALID_PAGE');
  });

  it('lists a tag\'s published articles, pages them, and links tags on listings and article pages', async () => {
    const first = await get('/tags/local');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1 id="listing-title">Tagged “local”</h1>');
    const one = listedSlugs(first.body);
    expect(one).toHaveLength(20);
    expect(one[0]).toBe('mar-1');
    expect(first.body).toContain('<link rel="next" href="/tags/local?page=2"/>');
    expect(first.body).toContain('href="/tags/local/feed"');
    const second = await get('/tags/local?page=2');
    expect(listedSlugs(second.body)).toEqual(['jan-6', 'jan-5', 'jan-4', 'jan-3', 'jan-2', 'jan-1']);
    expect(second.body).toContain('<link rel="prev" href="/tags/local"/>');
    expect(second.body).not.toMatch(/draft-1|later-1|feb-|\/articles\/about/);
    // Any case in the address, any script in the tag.
    expect(listedSlugs((await get('/tags/Z%C3%BCrich')).body)).toEqual(['jan-2', 'jan-1']);
    expect(listedSlugs((await get('/tags/LOCAL')).body)[0]).toBe('mar-1');
    // A tag is matched whole: "loc" is not "local".
    const none = await t.app.inject({ url: '/tags/loc' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('TAG_NOT_FOUND');
    // Tags are links on listings and on the article page.
    expect(second.body).toContain('<li><a href="/tags/z%C3%BCrich">zürich</a></li>');
    const article = await get('/articles/jan-1');
    expect(article.body).toMatch(/<ul class="tags" aria-label="Tags"><li><a href="\/tags\/local">local<\/a><\/li><li><a href="\/tags\/z%C3%BCrich">zürich<\/a><\/li><\/ul>/);
  });

  it('shows the archive\'s months with their counts, and a month\'s articles', async () => {
    const archive = await get('/archive');
    expect(archive.statusCode).toBe(200);
    const months = [...archive.body.matchAll(/<a href="(\/archive\/\d{4}\/\d{2})">([^<]+)<\/a> <span class="listing-meta">\((\d+) articles?\)<\/span>/g)]
      .map((m) => [m[1], m[2], Number(m[3])]);
    expect(months).toEqual([
      ['/archive/2026/03', 'March 2026', 1],
      ['/archive/2026/02', 'February 2026', 3],
      ['/archive/2026/01', 'January 2026', 25],
    ]);
    const feb = await get('/archive/2026/02');
    expect(feb.statusCode).toBe(200);
    expect(feb.body).toContain('<h1 id="listing-title">February 2026</h1>');
    expect(listedSlugs(feb.body)).toEqual(['feb-3', 'feb-2', 'feb-1']);
    expect(feb.body).not.toContain('rel="next"');
    const jan = await get('/archive/2026/01');
    expect(listedSlugs(jan.body)).toHaveLength(20);
    expect(jan.body).toContain('<link rel="next" href="/archive/2026/01?page=2"/>');
    expect(listedSlugs((await get('/archive/2026/01?page=2')).body)).toEqual(['jan-5', 'jan-4', 'jan-3', 'jan-2', 'jan-1']);
    // March holds the scheduled article and the page too, neither shown.
    expect(listedSlugs((await get('/archive/2026/03')).body)).toEqual(['mar-1']);
    for (const url of ['/archive/2025/12', '/archive/2026/13', '/archive/26/01', '/archive/2026/1']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('ARCHIVE_MONTH_NOT_FOUND');
    }
  });

  it('counts only published comments on each listed article', async () => {
    const post = (slug: string, body: string) => t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Grace', authorEmail: 'grace@example.org', body },
    });
    for (const body of ['One', 'Two', 'Three']) expect((await post('feb-3', body)).statusCode).toBe(201);
    const one = await post('feb-2', 'Only one');
    const held = await post('feb-2', 'Soon held');
    await t.services.comments.changeStatus([held.json().comment.id], 'pending', { kind: 'moderator', name: 'Mo' }, 'hold');
    const body = (await get('/')).body;
    const countOf = (slug: string) => new RegExp(`href="/articles/${slug}#comments">([^<]+)</a>`).exec(body)?.[1];
    expect(countOf('feb-3')).toBe('3 comments');
    expect(countOf('feb-2')).toBe('1 comment');
    expect(countOf('feb-1')).toBe('0 comments');
    expect(one.statusCode).toBe(201);
    const counts = await t.services.comments.publishedCounts([1, 2, 999]);
    expect([...counts.values()].every((n) => n >= 0)).toBe(true);
    expect(counts.has(999)).toBe(false);
  });

  it('keeps the JSON API\'s article list free of static pages and gives each its kind', async () => {
    const res = await t.app.inject({ url: '/api/v1/articles?limit=100' });
    const list = res.json().articles as { slug: string; kind: string; url: string }[];
    expect(list.map((a) => a.slug)).not.toContain('about');
    expect(list.every((a) => a.kind === 'article')).toBe(true);
    const page = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload: { title: 'Imprint', bodyMarkdown: 'Who we are.', authorName: 'Ed', kind: 'page' } });
    expect(page.statusCode).toBe(201);
    expect(page.json().article).toMatchObject({ kind: 'page', url: '/pages/imprint', status: 'draft' });
  });
});
