// Published articles kept in memory by slug (public-article-memo.ts), on both dialects: kept (a change made
// behind the app's back shows only after 30 s), while every change made through the app shows at once — the
// article's own, a byline's address — while its discussion's events (posts, votes) keep it; a scheduled article
// still appears at its time.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';

describe.each(dialects())('published articles kept in memory on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  let story: { id: number; slug: string };
  let writerId: number;
  const read = async (slug = story.slug) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${slug}` });
    return { status: res.statusCode, title: res.statusCode === 200 ? res.json().article.title as string : undefined, body: res.body };
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    writerId = (await t.services.accounts.createUser({ email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada Lovelace', role: 'author' })).id;
    story = await createArticle(t, { title: 'Harbour news', slug: 'harbour-news', authorIds: [writerId] });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('keeps an article: a change without an event shows after 30 s, a change through the app at once', async () => {
    expect((await read()).title).toBe('Harbour news');
    await sql`update articles set title = ${'Changed by hand'} where id = ${story.id}`.execute(t.db.db);
    expect((await read()).title).toBe('Harbour news');
    clock.advance(31_000);
    expect((await read()).title).toBe('Changed by hand');
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${story.id}`, headers: admin, payload: { title: 'Harbour news, updated' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await read()).title).toBe('Harbour news, updated');
  });

  it('keeps the article through its discussion (a comment or a vote never changes it), not through its own change', async () => {
    expect((await read()).status).toBe(200);
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'A first remark on the harbour' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const before = (await read()).title;
    await sql`update articles set title = ${'Retitled by hand'} where id = ${story.id}`.execute(t.db.db);
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${posted.json().comment.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    expect((await read()).title).toBe(before); // still the kept one: the vote did not make it read again
    const another = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Omar', authorEmail: 'o@example.org', body: 'And a second remark', notify: 'all' } });
    expect(another.statusCode, another.body).toBe(201);
    const followed = await t.db.db.selectFrom('domain_events').select('id').where('type', '=', 'notifications.following-changed').where('subject', '=', `following:article:${story.id}`).execute();
    expect(followed).toHaveLength(1);
    expect((await read()).title).toBe(before); // nor did a new comment, nor its author following the discussion
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${story.id}`, headers: admin, payload: { summary: 'On the harbour' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await read()).title).toBe('Retitled by hand'); // the article's own event: read again
  });

  it('shows a byline\'s new address at once (an event about the author, not the article)', async () => {
    expect((await read()).body).toContain('ada-lovelace');
    const session = await t.services.accounts.createSession(writerId);
    const saved = await t.app.inject({
      method: 'POST', url: '/account/profile', headers: { ...FORM, accept: 'text/html', cookie: `gz_session=${session.token}` },
      payload: form({ _csrf: session.csrf, slug: 'countess-ada', bio: 'Engines.' }),
    });
    expect(saved.statusCode, saved.body).toBeLessThan(400);
    const after = (await read()).body;
    expect(after).toContain('countess-ada');
    expect(after).not.toContain('ada-lovelace');
  });

  it('shows a scheduled article from its publication time on', async () => {
    const later = await createArticle(t, { title: 'Tide tables', slug: 'tide-tables', publishedAt: new Date(clock.now().getTime() + 10_000).toISOString() });
    expect((await read(later.slug)).status).toBe(404);
    expect((await read(later.slug)).status).toBe(404);
    clock.advance(11_000);
    expect((await read(later.slug)).title).toBe('Tide tables');
  });
});
