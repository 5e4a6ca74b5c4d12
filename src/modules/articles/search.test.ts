// Site search on every dialect this machine has: words of any script, ranking (title above body), marked and
// escaped snippets, only what is published, re-indexing on change, input that can never break the query,
// the JSON API and the HTML page; and the migration's back-fill of articles written before it.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, freshDatabase, type TestApp } from '../../../test/helpers/test-app.js';
import { sql } from 'kysely';
import { createDb } from '../../platform/db/database.js';
import { migrateToLatest, migrateUpTo } from '../../migrations/index.js';
import { createSearchService } from './search.service.js';
import { indexArticle } from './search.repo.js';
import { snippetHtml, snippetOf, termsOf } from './search-text.js';

interface Result { slug: string; title: string; url: string; publishedAt: string; snippetHtml: string }
interface Answer { results: Result[]; total: number }

/** Markup in a snippet other than <mark> and </mark> (there must be none). */
const otherMarkup = (html: string) => html.replace(/<\/?mark>/g, '').match(/<|>/g) ?? [];

describe('search text (no database)', () => {
  it('keeps only words: operators, quotes and punctuation are not syntax', () => {
    expect(termsOf('"Zürich" AND -Basel* NEAR(x y) (((').words).toEqual(['Zürich', 'AND', 'Basel', 'NEAR', 'x', 'y']);
    expect(termsOf('***  ---  ""').words).toEqual([]);
    expect(termsOf('Ελλάδα café').words).toEqual(['Ελλάδα', 'café']);
    expect(termsOf('zür').prefixLast).toBe(true);
    expect(termsOf('zür ').prefixLast).toBe(false);
    expect(termsOf('word '.repeat(500)).words.length).toBeLessThanOrEqual(12);
  });

  it('makes a snippet around the best window: the most different words, then the most matches, marked folded', () => {
    const mark = (text: string, q: string, words?: number) => snippetHtml(snippetOf(text, termsOf(q), words));
    // Case, accents and final sigma folded; the last word as a prefix only while typed.
    expect(mark('Voters in Ελλάδα go to the polls.', 'ελλαδα ')).toBe('Voters in <mark>Ελλάδα</mark> go to the polls.');
    expect(mark('ΟΔΟΣ and οδός', 'οδοσ ')).toBe('<mark>ΟΔΟΣ</mark> and <mark>οδός</mark>');
    expect(mark('Flooding in Zürich and Zurich-Nord', 'ZURICH')).toBe('Flooding in <mark>Zürich</mark> and <mark>Zurich</mark>-Nord');
    expect(mark('The harbour and the harbourmaster', 'harbour')).toBe('The <mark>harbour</mark> and the <mark>harbourmaster</mark>');
    expect(mark('The harbour and the harbourmaster', 'harbour ')).toBe('The <mark>harbour</mark> and the harbourmaster');
    // The window: cut with '…' on both sides, a few words of context before the match.
    const text = 'one two three four five six seven eight nine ten eleven twelve.';
    expect(mark(text, 'eight ', 5)).toBe('…five six seven <mark>eight</mark> nine…');
    expect(mark(text, 'eleven ', 5)).toBe('…eight nine ten <mark>eleven</mark> twelve.');
    expect(mark(text, 'none ', 5)).toBe('one two three four five…');
    expect(mark(text, 'two ', 30)).toBe('one <mark>two</mark> three four five six seven eight nine ten eleven twelve.');
    // Both words in one window win over more matches of one word elsewhere.
    const long = `river river river ${'x '.repeat(40)}the river and the bridge ${'y '.repeat(40)}end`;
    expect(mark(long, 'river bridge', 8)).toBe('…x x the <mark>river</mark> and the <mark>bridge</mark> y…');
    expect(snippetOf('', termsOf('x'))).toBe('');
    expect(snippetOf('…', termsOf('x'))).toBe('');
  });

  it('escapes the snippet and turns only the sentinels into <mark>, balanced', () => {
    expect(snippetHtml('a <b>\u0001x & y\u0002 "q"')).toBe('a &lt;b&gt;<mark>x &amp; y</mark> &quot;q&quot;');
    expect(snippetHtml('\u0001open')).toBe('<mark>open</mark>');
    expect(snippetHtml('stray\u0002 end')).toBe('stray end');
  });
});

describe.each(dialects())('site search on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  const ids: Record<string, number> = {};
  const slugs: Record<string, string> = {};
  const api = async (query: string) => {
    const res = await t.app.inject({ url: `/api/v1/search?${query}` });
    return { status: res.statusCode, body: res.json() as Answer & { error?: { code: string } } };
  };
  const find = async (q: string) => {
    const { status, body } = await api(`q=${encodeURIComponent(q)}&limit=50`);
    expect(status, `search for ${q}`).toBe(200);
    return body;
  };
  const foundSlugs = async (q: string) => (await find(q)).results.map((r) => r.slug);

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    const add = async (key: string, fields: Record<string, unknown>) => {
      const a = await createArticle(t, fields);
      ids[key] = a.id; slugs[key] = a.slug;
    };
    await add('zurich', { title: 'Flooding in Zürich', bodyMarkdown: 'The river rose overnight and the old town was closed.', publishedAt: '2026-03-01T08:00:00Z' });
    await add('greece', { title: 'Elections ahead', bodyMarkdown: 'Voters in Ελλάδα go to the polls on Sunday; turnout is expected to be high.', publishedAt: '2026-03-02T08:00:00Z' });
    // The same word in one title and in another (newer) body: the title match ranks first.
    await add('titleHit', { title: 'Harbour reopens', bodyMarkdown: 'Ships are back after the winter repairs.', publishedAt: '2026-02-01T08:00:00Z' });
    await add('bodyHit', { title: 'Weekend in town', bodyMarkdown: 'Markets, music, and a walk along the harbour if the weather holds.', publishedAt: '2026-03-10T08:00:00Z' });
    await add('script', { title: 'On <b>markup</b> & escaping', bodyMarkdown: 'Writers sometimes paste `<script>alert(1)</script>` next to the word xylophone "quoted" & more.', publishedAt: '2026-03-03T08:00:00Z' });
    await add('draft', { title: 'Quokka draft', bodyMarkdown: 'A quokka story not yet out.', status: 'draft', publishedAt: undefined });
    await add('scheduled', { title: 'Quokka scheduled', bodyMarkdown: 'A quokka story for later.', publishedAt: '2026-04-01T08:00:00Z' });
    await add('editable', { title: 'Wildlife notes', bodyMarkdown: 'An aardvark was seen near the zoo.', publishedAt: '2026-03-04T08:00:00Z' });
    for (let i = 1; i <= 5; i++) await add(`page${i}`, { title: `Pagination piece ${i}`, bodyMarkdown: `Number ${i} of the walrus series.`, publishedAt: `2026-02-1${i}T08:00:00Z` });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('finds "Zürich" by "zürich" and "ZÜRICH", with the matched word marked', async () => {
    for (const q of ['zürich', 'ZÜRICH', 'Zürich']) expect(await foundSlugs(q)).toEqual([slugs.zurich]);
    const hit = (await find('zürich')).results[0]!;
    expect(hit).toMatchObject({ slug: slugs.zurich, title: 'Flooding in Zürich', url: `/articles/${slugs.zurich}`, publishedAt: '2026-03-01T08:00:00.000Z' });
  });

  it('folds diacritics ("Zurich" finds "Zürich") on SQLite, and on PostgreSQL when unaccent could be installed', async () => {
    // The migration installs unaccent where the server allows it (this test server does); else PostgreSQL keeps diacritics.
    const unaccent = dialect === 'postgres'
      && Number((await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'unaccent'`.execute(t.db.db)).rows[0]!.n) === 1;
    const folds = dialect === 'sqlite' || unaccent;
    expect(await foundSlugs('Zurich')).toEqual(folds ? [slugs.zurich] : []);
    expect(await foundSlugs('ελλαδα')).toEqual(folds ? [slugs.greece] : []);
    if (folds) expect((await find('ελλαδα')).results[0]!.snippetHtml).toContain('<mark>Ελλάδα</mark>');
  });

  it('finds Greek in any case, with the word marked in the snippet', async () => {
    for (const q of ['ελλάδα', 'ΕΛΛΆΔΑ', 'Ελλάδα']) expect(await foundSlugs(q)).toEqual([slugs.greece]);
    const [hit] = (await find('ελλάδα')).results;
    expect(hit!.snippetHtml).toContain('<mark>Ελλάδα</mark>');
  });

  it('matches the last word as a prefix while it is being typed, and needs every word', async () => {
    expect(await foundSlugs('Züri')).toEqual([slugs.zurich]);
    expect(await foundSlugs('river overnight')).toEqual([slugs.zurich]);
    expect(await foundSlugs('river walrus')).toEqual([]);
  });

  it('ranks a title match above a body match (even a newer one)', async () => {
    expect(await foundSlugs('harbour')).toEqual([slugs.titleHit, slugs.bodyHit]);
    const body = (await find('harbour')).results[1]!;
    expect(body.snippetHtml).toContain('<mark>harbour</mark>');
  });

  it('escapes everything in a snippet except its own <mark> tags', async () => {
    const { results } = await find('xylophone');
    expect(results.map((r) => r.slug)).toEqual([slugs.script]);
    const snippet = results[0]!.snippetHtml;
    expect(snippet).toContain('<mark>xylophone</mark>');
    expect(snippet).not.toContain('<script');
    expect(otherMarkup(snippet)).toEqual([]);
    expect(snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // the text as text (a short body: all of it)
    expect(results[0]!.title).toBe('On <b>markup</b> & escaping'); // JSON: the title as written
  });

  it('leaves out drafts and scheduled articles until their time has come', async () => {
    expect(await find('quokka')).toEqual({ results: [], total: 0, totalCapped: false });
    clock.advance(30 * 24 * 3600_000); // 2026-04-13: the scheduled one is out, the draft is not
    try {
      expect(await foundSlugs('quokka')).toEqual([slugs.scheduled]);
    } finally {
      clock.advance(-30 * 24 * 3600_000);
    }
  });

  it('re-indexes an article when it changes, and drops it when unpublished', async () => {
    expect(await foundSlugs('aardvark')).toEqual([slugs.editable]);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${ids.editable}`, headers: admin, payload: { title: 'Pangolin notes', bodyMarkdown: 'A pangolin was seen near the zoo.' } });
    expect(res.statusCode).toBe(200);
    expect(await foundSlugs('aardvark')).toEqual([]);
    expect(await foundSlugs('pangolin')).toEqual([slugs.editable]);
    expect((await find('pangolin')).results[0]!.title).toBe('Pangolin notes');
    const off = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${ids.editable}/unpublish`, headers: admin });
    if (off.statusCode === 200) expect(await foundSlugs('pangolin')).toEqual([]);
  });

  it('pages with limit and offset; total counts every match', async () => {
    const first = await api('q=walrus&limit=2');
    const second = await api('q=walrus&limit=2&offset=2');
    const third = await api('q=walrus&limit=2&offset=4');
    expect([first.body.total, second.body.total, third.body.total]).toEqual([5, 5, 5]);
    const all = [...first.body.results, ...second.body.results, ...third.body.results].map((r) => r.slug);
    expect(all).toHaveLength(5);
    expect(new Set(all)).toEqual(new Set([1, 2, 3, 4, 5].map((i) => slugs[`page${i}`])));
    // A page past the last match is empty and still says how many match.
    const past = await api('q=walrus&limit=2&offset=10');
    expect(past.body).toEqual({ results: [], total: 5, totalCapped: false });
  });

  it('answers a blank query with 400 QUERY_REQUIRED and bad paging with a 400', async () => {
    for (const q of ['', 'q=', 'q=%20%20', 'limit=5']) {
      const { status, body } = await api(q);
      expect(status, q).toBe(400);
      expect(body.error!.code, q).toBe('QUERY_REQUIRED');
    }
    for (const q of ['q=x&limit=0', 'q=x&limit=51', 'q=x&offset=-1', 'q=x&offset=100000', 'q=x&limit=abc']) {
      const { status, body } = await api(q);
      expect(status, q).toBe(400);
      expect(body.error!.code, q).toMatch(/^[A-Z_]+$/);
    }
  });

  it('never fails on what a reader types', async () => {
    const inputs = [
      '"', '"unbalanced', 'a"b"c', "'", "O'Brien", '\\', '*', '**', '-', '-zürich', 'NOT', 'AND OR NOT', 'NEAR(a b, 2)', 'NEAR', 'a NEAR b',
      '(((', ')))', 'title:zürich', 'body:', '^start', 'a & b | !c', 'x:*', "'; drop table articles; --", '%_%',
      '🙂', 'x'.repeat(10_000), 'zürich '.repeat(400), 'ä'.repeat(3000), '\u0301\u0301', 'a\u0301', '<mark>', '{"$ne":1}', '1e5 0x1f -1',
    ];
    for (const q of inputs) {
      const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, JSON.stringify(q.slice(0, 40))).toBe(200);
      const page = await t.app.inject({ url: `/search?q=${encodeURIComponent(q)}`, headers: { accept: 'text/html' } });
      expect(page.statusCode, JSON.stringify(q.slice(0, 40))).toBe(200);
    }
    // Control characters (NUL, and the snippets' own marks) are refused app-wide with a stable 400.
    for (const q of ['a\u0000b', '\u0001\u0002x\u0002']) {
      const refused = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toMatch(/^[A-Z_]+$/);
      expect((await t.app.inject({ url: `/search?q=${encodeURIComponent(q)}`, headers: { accept: 'text/html' } })).statusCode).toBe(400);
    }
    // A repeated q is not a string: a 400 on the API, an empty form on the page.
    expect((await t.app.inject({ url: '/api/v1/search?q=a&q=b' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/search?q=a&q=b&offset=-5', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('serves the search page: a labelled form, then the results as a list of headed links with marked snippets', async () => {
    const empty = await t.app.inject({ url: '/search', headers: { accept: 'text/html' } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<label for="search-q">');
    expect(empty.body).toContain('role="search"');
    expect(empty.body).not.toContain('search-results');

    const res = await t.app.inject({ url: `/search?q=${encodeURIComponent('zürich')}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="article-list search-results"');
    expect(res.body).toContain(`<h2><a href="/articles/${slugs.zurich}">Flooding in Zürich</a></h2>`);
    expect(res.body).toContain('1 article matches');
    expect(res.body).toContain('value="zürich"');

    const typed = await t.app.inject({ url: `/search?q=${encodeURIComponent('xylophone <img src=x onerror=alert(1)>')}`, headers: { accept: 'text/html' } });
    expect(typed.statusCode).toBe(200);
    expect(typed.body).not.toContain('<img src=x');
    const xss = await t.app.inject({ url: '/search?q=xylophone', headers: { accept: 'text/html' } });
    expect(xss.body).not.toContain('<script>alert');
    expect(xss.body).toContain('On &lt;b>markup&lt;/b> &amp; escaping');
    expect(xss.body).toContain('<mark>xylophone</mark>');

    const none = await t.app.inject({ url: '/search?q=nothingmatchesthis', headers: { accept: 'text/html' } });
    expect(none.body).toContain('No articles match');

    const paged = await t.app.inject({ url: '/search?q=walrus', headers: { accept: 'text/html' } });
    expect(paged.body).toContain('5 articles match');
  });

  it('links to search from the site header', async () => {
    const home = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(home.body).toContain('<a href="/search">Search</a>');
  });
});

describe.each(dialects())('the search migration on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('back-fills the index with the articles written before it', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const db = createDb(fresh.url);
    cleanups.push(() => db.close());
    await migrateUpTo(db, '2026-12-01-0011-comments-by-user');
    const at = '2026-01-05T10:00:00.000Z';
    await db.db.insertInto('articles').values({
      slug: 'old-piece', title: 'An old piece from Ελλάδα', summary: '', body_markdown: '', body_html: '<p>Bread &amp; <em>olives</em> in Zürich.</p>',
      author_name: 'Ada', tags: '[]', status: 'published', published_at: at, created_at: at, updated_at: at,
    }).execute();
    expect(await migrateToLatest(db)).toContain('2026-12-01-0012-article-search');
    const search = createSearchService({ db: db.db, dialect, clock: () => new Date('2026-03-01T00:00:00Z') });
    const page = await search.search('olives');
    expect(page.results.map((r) => r.slug)).toEqual(['old-piece']);
    expect(page.results[0]!.snippetHtml).toContain('Bread &amp; <mark>olives</mark> in Zürich');
    expect((await search.search('ελλάδα')).total).toBe(1);
    // Accents folded in the back-filled text as in the text written later (SQLite always; PostgreSQL with unaccent).
    if (dialect === 'sqlite') expect((await search.search('ελλαδα zurich')).total).toBe(1);
  });
});

describe.each(dialects())('migration 0019 (the search vector in the row) on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('rewrites the rows written before it with the vector in the row (PostgreSQL), and search finds them as before', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const db = createDb(fresh.url);
    cleanups.push(() => db.close());
    await migrateUpTo(db, '2026-12-02-0018-rate-limits-unlogged');
    // A vector of about 2.6 KB (20 words, 60 places each) from a text that compresses to almost nothing.
    const words = Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`);
    const bodyHtml = `<p>${Array.from({ length: 60 }, () => words.join(' ')).join(' ')}</p>`;
    const at = '2026-01-05T10:00:00.000Z';
    const [row] = await db.db.insertInto('articles').values({
      slug: 'long-vector', title: 'Vector in the row', summary: '', body_markdown: '', body_html: bodyHtml,
      author_name: 'Ada', tags: '[]', status: 'published', published_at: at, created_at: at, updated_at: at,
    }).returning('id').execute();
    await indexArticle(db.db, dialect, { id: row!.id, title: 'Vector in the row', bodyHtml });
    // Bytes kept out of line for article_search (its TOAST table; PostgreSQL only).
    const outOfLine = async () => {
      const toast = (await sql<{ t: string }>`select reltoastrelid::regclass::text as t from pg_class where oid = 'article_search'::regclass`.execute(db.db)).rows[0]!.t;
      return Number((await sql<{ n: string }>`select coalesce(sum(octet_length(chunk_data)), 0) as n from ${sql.raw(toast)}`.execute(db.db)).rows[0]!.n);
    };
    if (dialect === 'postgres') expect(await outOfLine()).toBeGreaterThan(2000); // the vector, before
    expect(await migrateToLatest(db)).toContain('2026-12-02-0019-search-vector-inline');
    if (dialect === 'postgres') {
      expect(await outOfLine()).toBeLessThan(1000); // at most the body's compressed text
      const table = (await sql<{ clustered: boolean }>`select relhasindex and exists (select 1 from pg_index where indrelid = 'article_search'::regclass and indisclustered) as clustered from pg_class where oid = 'article_search'::regclass`.execute(db.db)).rows[0]!;
      expect(table.clustered).toBe(false);
    }
    const search = createSearchService({ db: db.db, dialect, clock: () => new Date('2026-03-01T00:00:00Z') });
    const page = await search.search('wordc worde');
    expect(page.results.map((r) => r.slug)).toEqual(['long-vector']);
    expect(page.results[0]!.snippetHtml).toContain('<mark>wordc</mark> wordd <mark>worde</mark>');
  });
});

describe.skipIf(!dialects().includes('postgres'))('the search migration on a PostgreSQL that refuses unaccent', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c().catch(() => {}); });

  it('still migrates (the refusal is rolled back to its savepoint) and keeps diacritics', async () => {
    const adminUrl = inject('pgUrl')!;
    const suffix = crypto.randomBytes(6).toString('hex');
    const role = `gazette_limited_${suffix}`;
    const name = `gazette_test_limited_${suffix}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
    // A database the role may use but does not own: no CREATE on it, so no extension, trusted or not.
    await admin.query(`create role ${role} login password 'limited'`);
    cleanups.push(async () => { await admin.query(`drop role if exists ${role}`); });
    await admin.query(`create database ${name}`);
    cleanups.push(async () => { await admin.query(`drop database if exists ${name} with (force)`); });
    const inDb = new pg.Client({ connectionString: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString() });
    await inDb.connect();
    await inDb.query(`grant all on schema public to ${role}`);
    await inDb.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`; url.username = role; url.password = 'limited';
    const db = createDb(url.toString());
    cleanups.push(() => db.close());

    expect(await migrateToLatest(db)).toContain('2026-12-01-0012-article-search');
    const at = '2026-01-05T10:00:00.000Z';
    const [row] = await db.db.insertInto('articles').values({
      slug: 'plain', title: 'Flooding in Zürich', summary: '', body_markdown: '', body_html: '<p>The river rose.</p>',
      author_name: 'Ada', tags: '[]', status: 'published', published_at: at, created_at: at, updated_at: at,
    }).returning('id').execute();
    await indexArticle(db.db, 'postgres', { id: row!.id, title: 'Flooding in Zürich', bodyHtml: '<p>The river rose.</p>' });
    const search = createSearchService({ db: db.db, dialect: 'postgres', clock: () => new Date('2026-03-01T00:00:00Z') });
    expect((await search.search('ZÜRICH')).total).toBe(1);
    expect((await search.search('Zurich')).total).toBe(0);
  });
});
