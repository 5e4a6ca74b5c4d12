// The moderation pipeline's author history (e-mail, or account, or network) is looked up through indexes on
// both dialects, even on a site whose comments have no account or network, analysed with statistics that lack
// STAT4's samples (migration 0022's partial indexes; before it SQLite read the whole comments table).
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { authorHistory, historyQuery } from './moderation.repo.js';

describe.each(dialects())('author history on a site of guests, analysed, on %s', (dialect) => {
  let t: TestApp;
  let userId = 0;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    const { id } = await createArticle(t);
    const db = t.db.db;
    // 5,001 guests' comments without account or network (imported ones, or a seeded site): columns of NULLs only.
    for (let i = 0; i < 5; i++) {
      const rows = Array.from({ length: 1000 }, (_, k) => sql`(${id}, ${`Guest ${i * 1000 + k}`}, ${`guest${i * 1000 + k}@example.org`}, 'Hello', '<p>Hello</p>', 'published', '2026-03-02T08:00:00Z', 0)`);
      await sql`insert into comments (article_id, author_name, author_email, body, body_html, status, created_at, depth) values ${sql.join(rows)}`.execute(db);
    }
    const user = await db.insertInto('users').values({
      email: 'reader@example.org', display_name: 'Reader', password_hash: null, role: 'reader', status: 'active', email_verified_at: null,
      created_at: '2026-03-01T08:00:00Z', updated_at: '2026-03-01T08:00:00Z',
    }).returning('id').executeTakeFirstOrThrow();
    userId = Number(user.id);
    await sql`insert into comments (article_id, author_name, author_email, body, body_html, status, created_at, depth, user_id, ip_hash, reader_id)
      values (${id}, 'Known', 'known@example.org', 'Hi', '<p>Hi</p>', 'spam', '2026-03-10T08:00:00Z', 0, null, null, 'reader-1')`.execute(db);
    await sql`analyze`.execute(db);
    // SQLite: statistics without STAT4's samples, as ANALYZE run by a sqlite3 built without them writes (Debian's
    // sqlite3 3.40, for one); "analyze sqlite_schema" makes the planner read them again.
    if (dialect === 'sqlite') await sql`delete from sqlite_stat4`.execute(db).then(() => sql`analyze sqlite_schema`.execute(db));
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('finds the author by any of the three through an index, never by reading every comment', async () => {
    const db = t.db.db;
    const c = historyQuery.compiled(db, 'user/ip/exclude', { email: 'x@example.org', userId, ipHash: 'net-1', since: '2026-02-01T00:00:00Z', excludeId: 0 });
    const plan = dialect === 'sqlite'
      ? (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]))).rows.map((r) => r.detail).join('\n')
      : (await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]))).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/SCAN comments$|SCAN comments\n|Seq Scan on comments/m);
    expect(plan).toMatch(/comments_user/);
    expect(plan).toMatch(/comments_ip_hash/);
  });

  it('counts what the e-mail finds, and nothing for an account or network without comments', async () => {
    const db = t.db.db;
    const since = '2026-02-01T00:00:00Z';
    expect(await authorHistory(db, { email: 'known@example.org', userId, ipHash: null }, since, null)).toEqual({ approved: 0, offences: 1 });
    expect(await authorHistory(db, { email: 'nobody@example.org', userId, ipHash: null }, since, null)).toEqual({ approved: 0, offences: 0 });
    expect(await authorHistory(db, { email: 'GUEST7@example.org', userId: null, ipHash: null }, since, null)).toEqual({ approved: 1, offences: 0 });
    expect(await authorHistory(db, { email: 'nobody@example.org', userId: userId + 1, ipHash: 'net-2' }, since, null)).toEqual({ approved: 0, offences: 0 });
  });
});
