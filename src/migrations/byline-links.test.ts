// Bylines from before linked authors: a byline that is exactly the name of one writing account links it
// (and gives the account a free slug); a shared name, a reader's name or any other text links nobody. On
// every dialect this machine has.
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from '../../test/helpers/test-app.js';
import { createDb } from '../platform/db/database.js';
import { migrateToLatest, migrateUpTo } from './index.js';

describe.each(dialects())('byline links on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('links a byline to the one writing account of that exact name, and nothing else', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const db = createDb(fresh.url);
    cleanups.push(() => db.close());
    await migrateUpTo(db, '2026-12-02-0013-site-structure');
    const at = '2026-02-27T09:30:00.000Z';
    const user = async (display_name: string, role: 'admin' | 'editor' | 'author' | 'reader', slug: string | null = null, status: 'active' | 'deactivated' | 'deleted' = 'active') =>
      (await db.db.insertInto('users').values({ email: `${Math.random()}@example.org`, display_name, role, status, password_hash: null, email_verified_at: null, created_at: at, updated_at: at, slug })
        .returning('id').executeTakeFirstOrThrow()).id;
    const ada = await user('Ada Lovelace', 'author');
    const grace = await user('Grace Hopper', 'editor', 'grace');
    const left = await user('Lee Left', 'author', null, 'deactivated');
    await user('Sam Same', 'author');
    await user('Sam Same', 'editor');
    await user('Rita Reader', 'reader');
    await user('Ada', 'author', 'ada-lovelace'); // holds the slug Ada Lovelace would get
    const article = async (author_name: string) => (await db.db.insertInto('articles').values({
      slug: `s-${Math.random().toString(36).slice(2)}`, title: 't', summary: '', body_markdown: 'x', body_html: '<p>x</p>', author_name, tags: '[]',
      status: 'published', published_at: at, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id;
    const byAda = [await article('Ada Lovelace'), await article('Ada Lovelace')];
    const byGrace = await article('Grace Hopper');
    const byLee = await article('Lee Left');
    const others = [await article('Sam Same'), await article('Rita Reader'), await article('ada lovelace'), await article('Ada Lovelace and Grace Hopper'), await article('A Guest')];

    expect(await migrateToLatest(db)).toContain('2026-12-02-0014-byline-links');
    const links = await db.db.selectFrom('article_authors').select(['article_id', 'user_id', 'position']).orderBy('article_id').execute();
    expect(links).toEqual([...byAda.map((id) => ({ article_id: id, user_id: ada, position: 0 })), { article_id: byGrace, user_id: grace, position: 0 }, { article_id: byLee, user_id: left, position: 0 }]);
    expect(links.some((l) => others.includes(l.article_id))).toBe(false);
    const slugs = Object.fromEntries((await db.db.selectFrom('users').select(['id', 'slug']).execute()).map((r) => [r.id, r.slug]));
    expect([slugs[ada], slugs[grace], slugs[left]]).toEqual(['ada-lovelace-2', 'grace', 'lee-left']);
    // The byline texts are untouched.
    expect((await db.db.selectFrom('articles').select('author_name').where('id', '=', byGrace).executeTakeFirstOrThrow()).author_name).toBe('Grace Hopper');
  });
});
