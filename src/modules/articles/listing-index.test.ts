// The listings' own index (article_tags, article_months; migration 0015) on both dialects: after every write
// path — create, tag change, date change, publish, unpublish, schedule, import, a static page, a deletion —
// it holds exactly what the articles table says, and the tag pages and the archive read from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';

const html = { accept: 'text/html' };
const listedSlugs = (body: string) => [...body.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]!);

describe.each(dialects())('listing index on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  const get = (url: string) => t.app.inject({ url, headers: html });

  beforeAll(async () => { t = await buildTestApp({ dialect, clock }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  /** The tag rows and month counts as stored, and as the articles table says they must be. */
  async function index() {
    const db = t.db.db;
    const tags = (await db.selectFrom('article_tags').select(['article_id', 'tag', 'published_at']).orderBy('article_id').orderBy('tag').execute())
      .map((r) => `${r.article_id} ${r.tag} ${r.published_at}`);
    const months = Object.fromEntries((await db.selectFrom('article_months').select(['month', 'articles']).where('articles', '<>', 0).orderBy('month').execute())
      .map((r) => [r.month, Number(r.articles)]));
    const listed = await db.selectFrom('articles').select(['id', 'tags', 'published_at'])
      .where('kind', '=', 'article').where('status', '=', 'published').where('published_at', 'is not', null).orderBy('id').execute();
    const expectedTags = listed.flatMap((a) => (JSON.parse(a.tags) as string[]).sort().map((tag) => `${a.id} ${tag} ${a.published_at}`));
    const expectedMonths: Record<string, number> = {};
    for (const a of listed) expectedMonths[a.published_at!.slice(0, 7)] = (expectedMonths[a.published_at!.slice(0, 7)] ?? 0) + 1;
    return { tags, months, expectedTags, expectedMonths: Object.fromEntries(Object.entries(expectedMonths).sort()) };
  }
  async function expectInStep() {
    const i = await index();
    expect(i.tags).toEqual(i.expectedTags);
    expect(i.months).toEqual(i.expectedMonths);
    return i;
  }

  it('follows every write path and the pages read it', async () => {
    const a = await createArticle(t, { title: 'Harbour works', slug: 'harbour', publishedAt: '2026-01-05T08:00:00Z', tags: ['port', 'works'] });
    let i = await expectInStep();
    expect(i.tags).toEqual([`${a.id} port 2026-01-05T08:00:00.000Z`, `${a.id} works 2026-01-05T08:00:00.000Z`]);
    expect(i.months).toEqual({ '2026-01': 1 });

    // Tags changed, then the date moved to another month: the rows and both months follow.
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${a.id}`, headers: admin, payload });
    expect((await patch({ tags: ['works', 'budget'] })).statusCode).toBe(200);
    expect((await patch({ publishedAt: '2026-02-10T09:00:00Z' })).statusCode).toBe(200);
    i = await expectInStep();
    expect(i.tags).toEqual([`${a.id} budget 2026-02-10T09:00:00.000Z`, `${a.id} works 2026-02-10T09:00:00.000Z`]);
    expect(i.months).toEqual({ '2026-02': 1 });
    expect(listedSlugs((await get('/tags/budget')).body)).toEqual(['harbour']);
    expect((await get('/tags/port')).statusCode).toBe(404);

    // Unpublished: out of the tag pages and the archive; published again: back.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${a.id}/unpublish`, headers: admin })).statusCode).toBe(200);
    i = await expectInStep();
    expect(i.tags).toEqual([]);
    expect((await get('/tags/budget')).statusCode).toBe(404);
    expect((await get('/archive')).body).not.toContain('/archive/2026/02');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${a.id}/publish`, headers: admin, payload: {} })).statusCode).toBe(200);
    await expectInStep();
    expect(listedSlugs((await get('/tags/budget')).body)).toEqual(['harbour']);

    // Scheduled: indexed with its future date, listed only once the date has come (this month's count is live).
    await createArticle(t, { title: 'Budget vote', slug: 'vote', publishedAt: '2026-03-20T08:00:00Z', tags: ['budget'] });
    await createArticle(t, { title: 'Earlier in March', slug: 'march', publishedAt: '2026-03-02T08:00:00Z', tags: ['budget'] });
    i = await expectInStep();
    expect(i.months).toEqual({ '2026-02': 1, '2026-03': 2 });
    expect(listedSlugs((await get('/tags/budget')).body)).toEqual(['march', 'harbour']);
    expect((await get('/archive')).body).toMatch(/March 2026<\/a> <span class="listing-meta">\(1 article\)/);
    clock.advance(7 * 86_400_000); // 2026-03-21
    expect(listedSlugs((await get('/tags/budget')).body)).toEqual(['vote', 'march', 'harbour']);
    expect(listedSlugs((await get('/archive/2026/03')).body)).toEqual(['vote', 'march']);
    expect((await get('/archive')).body).toMatch(/March 2026<\/a> <span class="listing-meta">\(2 articles\)/);

    // Drafts and static pages are never in it; an import is.
    await createArticle(t, { title: 'A draft', slug: 'draft', status: 'draft', publishedAt: undefined, tags: ['budget'] });
    await createArticle(t, { title: 'About', slug: 'about', kind: 'page', publishedAt: '2026-01-01T08:00:00Z', tags: ['budget'] });
    await t.services.articles.importArticle({
      slug: 'old-news', title: 'Old news', summary: '', bodyMarkdown: 'Old.', bodyHtml: '<p>Old.</p>', authorName: 'Archive', authorIds: [],
      tags: ['budget', 'history', 'budget'], kind: 'article', status: 'published', publishedAt: '2019-06-01T10:00:00.000Z',
      createdAt: '2019-06-01T10:00:00.000Z', updatedAt: '2019-06-01T10:00:00.000Z', commentsOpen: null, leadImageId: null, leadCaption: '',
    });
    i = await expectInStep();
    expect(i.months).toEqual({ '2019-06': 1, '2026-02': 1, '2026-03': 2 });
    expect(listedSlugs((await get('/tags/history')).body)).toEqual(['old-news']);

    // Should an article ever be deleted (no path does today), its rows and its month's count go with it.
    await t.db.db.deleteFrom('article_revisions').where('article_id', '=', a.id).execute();
    await t.db.db.deleteFrom('article_authors').where('article_id', '=', a.id).execute();
    await t.db.db.deleteFrom('articles').where('id', '=', a.id).execute();
    i = await expectInStep();
    expect(i.months).toEqual({ '2019-06': 1, '2026-03': 2 });
    const archive = (await get('/archive')).body;
    expect(archive).toContain('/archive/2019/06');
    expect(archive).not.toContain('/archive/2026/02');
  });
});
