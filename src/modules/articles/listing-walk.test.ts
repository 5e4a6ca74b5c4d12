// A listing page without a tag (home, an archive month) finds its ids in the index and reads only its own rows
// (listing.repo.ts, migration 0021), on both dialects: articles published at the same instant page by id, newest
// first, none lost or repeated across pages; the rows come without their bodies; SQLite finds the ids in a
// covering index; PostgreSQL has the indexes its index-only walks use (listings and a common word's search).
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { LISTING_PAGE_SIZE } from './listing.service.js';
import { listingPageQuery, listingRows } from './listing.repo.js';

const listedSlugs = (body: string) => [...body.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]!);

describe.each(dialects())('listing pages walk the index on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  const get = (url: string) => t.app.inject({ url, headers: { accept: 'text/html' } });

  beforeAll(async () => { t = await buildTestApp({ dialect, clock }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('pages articles of the same instant by id, newest first, on the home page and in the archive', async () => {
    const made: string[] = [];
    for (let i = 1; i <= LISTING_PAGE_SIZE + 5; i++) made.push((await createArticle(t, { title: `Same hour ${i}`, slug: `same-${i}`, publishedAt: '2026-02-10T08:00:00Z' })).slug);
    await createArticle(t, { title: 'Later', slug: 'later', publishedAt: '2026-02-11T08:00:00Z' });
    await createArticle(t, { title: 'Earlier', slug: 'earlier', publishedAt: '2026-02-09T08:00:00Z' });
    const expected = ['later', ...[...made].reverse(), 'earlier'];
    for (const base of ['/', '/archive/2026/02']) {
      const first = await get(base);
      const second = await get(`${base}?page=2`);
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(200);
      expect([...listedSlugs(first.body), ...listedSlugs(second.body)]).toEqual(expected);
      expect(listedSlugs(first.body)).toHaveLength(LISTING_PAGE_SIZE);
      expect((await get(`${base}?page=3`)).statusCode).toBe(404);
    }
  });

  it('reads the listed articles without their bodies (a listing never shows them), with and without a tag', async () => {
    await createArticle(t, { title: 'Tagged', slug: 'tagged', publishedAt: '2026-02-12T08:00:00Z', tags: ['harbour'], bodyMarkdown: 'A long body.' });
    const now = clock.now().toISOString();
    for (const filter of [{}, { tag: 'harbour' }, { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }]) {
      const rows = await listingRows(t.db.db, now, filter, 3, 0);
      expect(rows[0]).toMatchObject({ slug: 'tagged', title: 'Tagged', tags: ['harbour'], kind: 'article', status: 'published' });
      for (const r of rows) {
        expect(r).not.toHaveProperty('bodyHtml');
        expect(r).not.toHaveProperty('bodyMarkdown');
      }
    }
    const { sql: statement } = listingPageQuery(t.db.db, now, {}, 3, 0).compile();
    expect(statement).toContain('"a"."lead_credit"');
    expect(statement).not.toMatch(/body_|\*/);
  });

  it('finds a page\'s ids without reading the table', async () => {
    const db = t.db.db;
    if (dialect === 'sqlite') {
      const c = listingPageQuery(db, clock.now().toISOString(), { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }, 21, 20).compile();
      const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]))).rows.map((r) => r.detail);
      expect(plan.some((d) => d.includes('USING COVERING INDEX articles_kind_published'))).toBe(true);
      expect(plan.some((d) => d.startsWith('SCAN'))).toBe(plan.some((d) => d.startsWith('SCAN p'))); // only the page's rows are scanned whole
    } else {
      const { rows } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes
        where tablename = 'articles' and indexname in ('articles_listing', 'articles_search_walk', 'articles_kind_published') order by indexname`.execute(db);
      expect(rows.map((r) => r.indexdef.replace(/ USING btree/, '').replace(/public\./g, ''))).toEqual([
        'CREATE INDEX articles_listing ON articles (kind, status, published_at, id)',
        'CREATE INDEX articles_search_walk ON articles (id, status, published_at)',
      ]);
    }
  });
});
