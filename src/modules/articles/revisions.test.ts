// Article revisions: one per save (create, update, publish, unpublish, submit, restore), written in the save's
// transaction, listed and diffed for those who may change the article (pages and API), restored by a form.
// On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { articleAdminSuite, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('article revisions on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { get, post, createVia, formOf } = kit;
  let t: TestApp;
  let editor: Session;
  let author: Session;
  let otherAuthor: Session;
  beforeAll(() => { ({ t, editor, author, otherAuthor } = kit); });
  const revisionsApi = (id: number, headers: Record<string, string> = admin) => t.app.inject({ url: `/api/v1/admin/articles/${id}/revisions`, headers });

  it('keeps a revision for every save, with who and when, newest first', async () => {
    const id = await createVia(author, { title: 'Budget night', bodyMarkdown: 'The council met.' });
    kit.clock.advance(60_000);
    expect((await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), bodyMarkdown: 'The council met late.' })).statusCode).toBe(303);
    kit.clock.advance(60_000);
    expect((await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' })).statusCode).toBe(303);
    const res = await revisionsApi(id);
    expect(res.statusCode).toBe(200);
    const list = res.json().revisions as { version: number; byName: string; byUserId: number | null; createdAt: string }[];
    // Publishing from the form is a save and then the publication: two revisions.
    expect(list.map((r) => r.byName)).toEqual(['Eddie Editor', 'Eddie Editor', 'Annie Author', 'Annie Author']);
    expect(list.map((r) => r.byUserId)).toEqual([editor.userId, editor.userId, author.userId, author.userId]);
    const versions = list.map((r) => r.version);
    expect([...versions].sort((a, b) => b - a)).toEqual(versions);
    expect(new Set(versions).size).toBe(4);
    expect(list[0]!.createdAt > list[3]!.createdAt).toBe(true);
    const a = await t.services.articles.getById(id);
    expect(list[0]!.version).toBe(a.version);
  });

  it('writes the revision in the save\'s transaction: a save that fails leaves neither the change nor a revision', async () => {
    const id = await createVia(editor, { title: 'Rolled back', bodyMarkdown: 'First.' });
    let failing = true;
    t.events.onEmit('article.updated', async (e) => { if (failing && e.payload.articleId === id) throw new Error('listener refuses'); });
    await expect(t.services.articles.update(id, { bodyMarkdown: 'Second.' })).rejects.toThrow('listener refuses');
    failing = false;
    expect((await t.services.articles.getById(id)).bodyMarkdown).toBe('First.');
    expect((await revisionsApi(id)).json().revisions).toHaveLength(1);
  });

  it('shows a revision with a word diff to the one before it, escaped, and restores an older version', async () => {
    const id = await createVia(editor, { title: 'Bridge <b>reopens</b>', bodyMarkdown: 'The old bridge opens on Monday.' });
    await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), bodyMarkdown: 'The new bridge opens on Tuesday <script>x</script>.' });
    const [newest, first] = (await revisionsApi(id)).json().revisions as { id: number }[];
    const one = await t.app.inject({ url: `/api/v1/admin/articles/${id}/revisions/${newest!.id}`, headers: admin });
    expect(one.json().previousId).toBe(first!.id);
    expect(one.json().diff.body).toEqual([
      { kind: 'same', text: 'The ' }, { kind: 'removed', text: 'old' }, { kind: 'added', text: 'new' }, { kind: 'same', text: ' bridge opens on ' },
      { kind: 'removed', text: 'Monday.' }, { kind: 'added', text: 'Tuesday <script>x</script>.' },
    ]);
    const page = await get(editor, `/admin/articles/${id}/revisions/${newest!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<del>old</del><ins>new</ins>');
    expect(page.body).toContain('<ins>Tuesday &lt;script>x&lt;/script>.</ins>');
    expect(page.body).not.toContain('<script>x');
    const list = await get(editor, `/admin/articles/${id}/revisions`);
    expect(list.body).toContain(`href="/admin/articles/${id}/revisions/${first!.id}"`);
    expect((await get(editor, `/admin/articles/${id}`)).body).toContain(`href="/admin/articles/${id}/revisions"`);

    const restored = await post(editor, `/admin/articles/${id}/revisions/${first!.id}/restore`, {});
    expect(restored.statusCode).toBe(303);
    expect(restored.headers.location).toBe(`/admin/articles/${id}/revisions?notice=restored`);
    expect((await t.services.articles.getById(id)).bodyMarkdown).toBe('The old bridge opens on Monday.');
    expect((await revisionsApi(id)).json().revisions).toHaveLength(3);
    // Without the CSRF token nothing is restored.
    expect((await post(editor, `/admin/articles/${id}/revisions/${newest!.id}/restore`, {}, { csrf: null })).statusCode).toBe(403);
    expect((await revisionsApi(id)).json().revisions).toHaveLength(3);
  });

  it('shows revisions only to those who may change the article', async () => {
    const id = await createVia(author, { title: 'Mine alone' });
    expect((await get(otherAuthor, `/admin/articles/${id}/revisions`)).statusCode).toBe(403);
    expect((await get(author, `/admin/articles/${id}/revisions`)).statusCode).toBe(200);
    const rev = (await revisionsApi(id)).json().revisions[0].id as number;
    expect((await get(otherAuthor, `/admin/articles/${id}/revisions/${rev}`)).statusCode).toBe(403);
    expect((await post(otherAuthor, `/admin/articles/${id}/revisions/${rev}/restore`, {})).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/admin/articles/${id}/revisions` })).statusCode).toBe(401);
    expect((await get(editor, `/admin/articles/${id}/revisions/999999`)).statusCode).toBe(404);
    const missing = await t.app.inject({ url: `/api/v1/admin/articles/${id}/revisions/999999`, headers: admin });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'REVISION_NOT_FOUND']);
  });
});
