// `npm run gazette -- seed` on a real database of each dialect, as a person measuring a large site runs it:
// the articles and comments it writes carry everything derived (bylines, revisions, search rows, tag rows,
// month counts, threads), a second run is refused without --append, and bad usage is exit code 2 (also
// through the entry point in a process of its own; the other runs are in this process).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../platform/db/database.js';
import { dialects, freshDatabase } from '../../test/helpers/test-app.js';
import { gazette, gazetteProcess } from '../../test/helpers/gazette-cli.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createCommentSeed } from '../modules/comments/index.js';

it('seed through the entry point: bad usage is exit code 2, with the reason on standard error', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const r = gazetteProcess(['seed', '--articles', 'many'], { DATABASE_URL: fresh.url, MEDIA_DIR: path.join(fresh.dir, 'media') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--articles: a whole number');
  } finally {
    await fresh.drop();
  }
});

describe.each(dialects())('seed command on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  it('writes a site whose derived rows agree with it, refuses a second run without --append, and appends with it', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const env = { DATABASE_URL: fresh.url, MEDIA_DIR: path.join(fresh.dir, 'media') };

    expect((await gazette(['seed'], env)).code).toBe(2);
    expect(await gazette(['seed', '--articles', 'many'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--articles: a whole number') });

    const run = await gazette(['seed', '--articles', '120', '--comments', '900', '--authors', '5', '--years', '2'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Seeded 120 articles \(\d+ visible now\) and 900 comments by 5 authors/);
    expect(run.stderr).toContain('seed: comments 900 / 900');

    const refused = await gazette(['seed', '--articles', '10'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already has 120 articles or pages');
    expect(refused.stderr).toContain('--append');

    const appended = await gazette(['seed', '--articles', '30', '--comments', '100', '--authors', '5', '--append', '--seed', '2'], env);
    expect(appended.code, appended.stderr).toBe(0);

    const db = createDb(fresh.url);
    cleanups.unshift(() => db.close());
    const q = db.db;
    const articles = await q.selectFrom('articles').selectAll().orderBy('id').execute();
    expect(articles).toHaveLength(150);
    expect(new Set(articles.map((a) => a.slug)).size).toBe(150);
    expect(articles.map((a) => a.id)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // Every article has its byline link, a first revision and a search row.
    expect(Number((await q.selectFrom('article_revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(150);
    const linked = await q.selectFrom('article_authors').select('article_id').distinct().execute();
    expect(linked).toHaveLength(150);
    // Listing rows: exactly those of the listed articles.
    const listed = articles.filter((a) => a.kind === 'article' && a.status === 'published' && a.published_at);
    const tagRows = await q.selectFrom('article_tags').select(['article_id', 'tag', 'published_at']).execute();
    expect(tagRows.map((r) => `${r.article_id} ${r.tag} ${r.published_at}`).sort())
      .toEqual(listed.flatMap((a) => (JSON.parse(a.tags) as string[]).map((tag) => `${a.id} ${tag} ${a.published_at}`)).sort());
    const months = await q.selectFrom('article_months').select(['month', 'articles']).execute();
    const expected = new Map<string, number>();
    for (const a of listed) expected.set(a.published_at!.slice(0, 7), (expected.get(a.published_at!.slice(0, 7)) ?? 0) + 1);
    expect(Object.fromEntries(months.filter((m) => Number(m.articles) !== 0).map((m) => [m.month, Number(m.articles)]))).toEqual(Object.fromEntries(expected));
    // Comments: threads consistent (a reply's root is its parent's root, depth one more, same article).
    const comments = await q.selectFrom('comments').select(['id', 'article_id', 'parent_id', 'root_id', 'depth', 'body_html', 'created_at']).execute();
    expect(comments).toHaveLength(1000);
    const byId = new Map(comments.map((c) => [c.id, c]));
    const replies = comments.filter((c) => c.parent_id !== null);
    expect(replies.length).toBeGreaterThan(100);
    for (const c of replies) {
      const p = byId.get(c.parent_id!)!;
      expect(p.article_id).toBe(c.article_id);
      expect(c.root_id).toBe(p.root_id ?? p.id);
      expect(c.depth).toBe(p.depth + 1);
    }
    expect(comments.every((c) => c.body_html.startsWith('<p>'))).toBe(true);
    // The load ends with the planner's statistics (SQLite: sqlite_stat1) and, on PostgreSQL, a vacuum: the
    // visibility map set, so the listings' index-only scans read no table pages (autovacuum may be off).
    if (dialect === 'postgres') {
      const { rows } = await sql<{ relname: string; vacuumed: boolean; analyzed: boolean }>`select relname, last_vacuum is not null as vacuumed,
        last_analyze is not null as analyzed from pg_stat_user_tables where relname in ('articles', 'article_tags', 'comments') order by relname`.execute(q);
      expect(rows).toEqual(['article_tags', 'articles', 'comments'].map((relname) => ({ relname, vacuumed: true, analyzed: true })));
    } else {
      const { rows } = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1 where tbl in ('articles', 'article_tags', 'comments') order by tbl`.execute(q);
      expect(rows.map((r) => r.tbl)).toEqual(['article_tags', 'articles', 'comments']);
    }
    await db.close();
    cleanups.shift();

    // The site serves what was seeded: the home page lists the newest visible article, the search finds its title.
    const config = loadConfig({ DATABASE_URL: fresh.url, MEDIA_DIR: path.join(fresh.dir, 'media'), LOG_LEVEL: 'silent', DEMO_CONTENT: 'false' });
    const app = await buildApp(config, { logger: false, startJobs: false });
    cleanups.unshift(() => app.close());
    const newest = [...listed].filter((a) => a.published_at! <= new Date().toISOString()).sort((a, b) => (a.published_at! < b.published_at! ? 1 : -1))[0]!;
    expect((await app.app.inject({ url: '/', headers: { accept: 'text/html' } })).body).toContain(`/articles/${newest.slug}`);
    const found = await app.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(newest.title.split(' ').slice(0, 5).join(' '))}&limit=20` });
    expect(found.statusCode).toBe(200);
    expect(JSON.stringify(found.json())).toContain(newest.slug);
    // Ids go on after the seeded ones (PostgreSQL's sequence was advanced).
    const [next] = await createCommentSeed({ db: app.db.db, dialect: app.db.dialect })
      .seedComments([{ articleId: newest.id, authorName: 'Late', authorEmail: 'late@seed.invalid', body: 'One more.', status: 'published', createdAt: new Date().toISOString() }]);
    expect(next).toBe(1001);
  }, 300_000);
});
