// Comment rules through the public API, on every dialect this machine has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';

describe.each(dialects())('comments API on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock();
  const post = (payload: unknown, headers: Record<string, string> = {}, s = slug) =>
    t.app.inject({ method: 'POST', url: `/api/v1/articles/${s}/comments`, payload: payload as object, headers });
  const guest = { authorName: 'Grace', authorEmail: 'grace@example.org' };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    slug = (await createArticle(t, { title: 'Comments under test' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('posts a comment and a reply, never exposing the e-mail', async () => {
    const res = await post({ ...guest, body: 'First!\n\nSee https://example.org/a.' });
    expect(res.statusCode).toBe(201);
    const { comment } = res.json();
    expect(comment).toMatchObject({ parentId: null, authorName: 'Grace', up: 0, down: 0, status: 'published', editedAt: null });
    expect(comment.bodyHtml).toBe('<p>First!</p><p>See <a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a>.</p>');
    expect(res.body).not.toContain('grace@example.org');
    const reply = await post({ ...guest, body: 'A reply', parentId: comment.id });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().comment.parentId).toBe(comment.id);
    const list = await t.app.inject({ url: `/api/v1/articles/${slug}/comments` });
    expect(list.body).not.toContain('grace@example.org');
    const top = list.json().comments.find((c: { id: number }) => c.id === comment.id);
    expect(top.replies.map((r: { body: string; bodyHtml: string }) => r.bodyHtml)).toEqual(['<p>A reply</p>']);
  });

  it('escapes markup in comment bodies', async () => {
    const res = await post({ ...guest, body: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    expect(res.json().comment.bodyHtml).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</p>');
  });

  it.each([
    ['missing body', { ...guest }, 400, 'REQUIRED', 'body'],
    ['empty body', { ...guest, body: '   ' }, 400, 'REQUIRED', 'body'],
    ['too long body', { ...guest, body: 'x'.repeat(5001) }, 400, 'TOO_LONG', 'body'],
    ['wrong type', { ...guest, body: 42 }, 400, 'INVALID_TYPE', 'body'],
    ['name too long', { ...guest, authorName: 'n'.repeat(81), body: 'hi' }, 400, 'TOO_LONG', 'authorName'],
    ['missing name', { authorEmail: 'a@example.org', body: 'hi' }, 400, 'REQUIRED', 'authorName'],
    ['bad e-mail', { ...guest, authorEmail: 'not-an-email', body: 'hi' }, 400, 'INVALID_FORMAT', 'authorEmail'],
    ['unknown field', { ...guest, body: 'hi', admin: true }, 400, 'UNKNOWN_FIELD', 'admin'],
    ['unknown parent', { ...guest, body: 'hi', parentId: 999999 }, 400, 'PARENT_NOT_FOUND', 'parentId'],
    ['parent of wrong type', { ...guest, body: 'hi', parentId: 'abc' }, 400, 'INVALID_TYPE', 'parentId'],
  ])('rejects %s', async (_name, payload, status, code, field) => {
    const before = (await t.app.inject({ url: `/api/v1/articles/${slug}/comments` })).json().total;
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code, field });
    expect((await t.app.inject({ url: `/api/v1/articles/${slug}/comments` })).json().total).toBe(before);
  });

  it('rejects bad JSON, a missing body and an unknown article with stable codes', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: '{"authorName":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_JSON');
    const none = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments` });
    expect(none.statusCode).toBe(400);
    const unknown = await post({ ...guest, body: 'hi' }, {}, 'no-such-article');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ARTICLE_NOT_FOUND');
  });

  it('refuses a reply whose parent belongs to another article', async () => {
    const other = await createArticle(t, { title: 'Another article' });
    const parent = (await post({ ...guest, body: 'on the other article' }, {}, other.slug)).json().comment;
    const res = await post({ ...guest, body: 'cross-thread', parentId: parent.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PARENT_OTHER_ARTICLE');
  });

  it('keeps one vote per reader, which can be changed and withdrawn', async () => {
    const c = (await post({ ...guest, body: 'vote on me' })).json().comment;
    const first = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: 1 } });
    expect(first.json()).toEqual({ up: 1, down: 0, myVote: 1 });
    const me = { cookie: readerCookie(first) };
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: 1 }, headers: me });
    expect(again.json()).toEqual({ up: 1, down: 0, myVote: 1 });
    const down = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: -1 }, headers: me });
    expect(down.json()).toEqual({ up: 0, down: 1, myVote: -1 });
    const other = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: -1 } });
    expect(other.json()).toEqual({ up: 0, down: 2, myVote: -1 });
    const withdraw = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: 0 }, headers: me });
    expect(withdraw.json()).toEqual({ up: 0, down: 1, myVote: 0 });
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/vote`, payload: { value: 2 }, headers: me });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_VALUE');
    const missing = await t.app.inject({ method: 'POST', url: `/api/v1/comments/999999/vote`, payload: { value: 1 } });
    expect(missing.statusCode).toBe(404);
  });

  it('does not let authors vote on their own comment', async () => {
    const res = await post({ ...guest, body: 'mine' });
    const own = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${res.json().comment.id}/vote`, payload: { value: 1 }, headers: { cookie: readerCookie(res) } });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('OWN_COMMENT');
  });

  it('lets the author edit within the window, shows who edited, and closes after it', async () => {
    const res = await post({ ...guest, body: 'typo here' });
    const id = res.json().comment.id;
    const me = { cookie: readerCookie(res) };
    const stranger = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'hijack' } });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.code).toBe('NOT_AUTHOR');
    clock.advance(14 * 60_000);
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'typo fixed' }, headers: me });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().comment).toMatchObject({ bodyHtml: '<p>typo fixed</p>', editedBy: 'Grace', editedAt: clock.now().toISOString() });
    clock.advance(2 * 60_000);
    const late = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'too late' }, headers: me });
    expect(late.statusCode).toBe(403);
    expect(late.json().error.code).toBe('EDIT_WINDOW_CLOSED');
    const lateDelete = await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${id}`, headers: me });
    expect(lateDelete.json().error.code).toBe('EDIT_WINDOW_CLOSED');
    const mod = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'moderated' }, headers: admin });
    expect(mod.json().comment).toMatchObject({ bodyHtml: '<p>moderated</p>', editedBy: 'Moderator' });
    const log = await t.services.moderation.log();
    expect(log.find((e) => e.comment_id === id)).toMatchObject({ actor: 'Moderator', action: 'edit' });
    const revisions = await t.services.moderation.revisions(id);
    expect(revisions.map((r) => r.body)).toEqual(['typo fixed', 'typo here']);
  });

  it('deletes: a comment with replies stays as a placeholder, a leaf disappears', async () => {
    const parentRes = await post({ ...guest, body: 'parent to delete' });
    const parent = parentRes.json().comment;
    const me = { cookie: readerCookie(parentRes) };
    const child = (await post({ ...guest, body: 'child', parentId: parent.id })).json().comment;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${parent.id}`, headers: me })).statusCode).toBe(200);
    const list = (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json();
    const placeholder = list.comments.find((c: { id: number }) => c.id === parent.id);
    expect(placeholder).toMatchObject({ status: 'deleted', bodyHtml: '', authorName: '' });
    expect(placeholder.replies[0].id).toBe(child.id);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${child.id}`, headers: admin })).statusCode).toBe(200);
    const after = (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json();
    expect(after.comments.some((c: { id: number }) => c.id === parent.id || c.id === child.id)).toBe(false);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${child.id}`, headers: admin });
    expect(again.statusCode).toBe(404);
  });
  it('follows the site default when an article does not say whether comments are open', async () => {
    await t.services.settings.update({ commentsOpenByDefault: false });
    try {
      const closed = await post({ ...guest, body: 'anyone there?' });
      expect(closed.statusCode).toBe(403);
      expect(closed.json().error.code).toBe('COMMENTS_CLOSED');
      const page = await t.app.inject({ url: `/articles/${slug}` });
      expect(page.body).toContain('Comments are closed.');
    } finally {
      await t.services.settings.update({ commentsOpenByDefault: true });
    }
    expect((await post({ ...guest, body: 'open again' })).statusCode).toBe(201);
  });

  it('accepts article bodies beyond the default 64 KiB request limit on the admin API', async () => {
    const bodyMarkdown = 'Long text. '.repeat(9000); // ~99,000 characters
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload: { title: 'A long read', bodyMarkdown, authorName: 'Ada' } });
    expect(res.statusCode).toBe(201);
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/admin/preview', headers: admin, payload: { markdown: bodyMarkdown } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().html.length).toBeGreaterThan(90_000);
  });
});
