// Several authors per article, linked to accounts: the API's authorIds (in order, validated), the byline
// text made of their names unless one is typed, the creating account as the default author, slugs given on
// first need, and a deleted account leaving the links but not the text. On every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, callerFor, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/permissions.js';
import { joinNames, bylineParts } from './bylines.js';
import { FORM, form } from '../../../test/helpers/http.js';

describe('byline text', () => {
  it('joins names with commas and a final "and"', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['Ada Lovelace'])).toBe('Ada Lovelace');
    expect(joinNames(['Ada Lovelace', 'Grace Hopper'])).toBe('Ada Lovelace and Grace Hopper');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
  it('links each author found in the text, once, and keeps the text as it is', () => {
    const ada = { name: 'Ada', slug: 'ada' };
    const grace = { name: 'Grace Hopper', slug: 'grace-hopper' };
    expect(bylineParts('Grace Hopper and Ada', [ada, grace])).toEqual([grace, ' and ', ada]);
    expect(bylineParts('A guest with Ada', [ada, { name: 'Nobody', slug: 'nobody' }])).toEqual(['A guest with ', ada]);
    expect(bylineParts('Ada', [{ name: 'Ada', slug: null }])).toEqual(['Ada']);
    expect(bylineParts('Adam and Ada', [ada])).toEqual(['Adam and ', ada]);
    expect(bylineParts('Adamant', [ada])).toEqual(['Adamant']);
  });
});

describe.each(dialects())('article authors on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  let seq = 0;
  const account = async (role: Role, name: string) =>
    (await t.services.accounts.createUser({ email: `u${++seq}@example.org`, password: 'a long enough password', displayName: name, role })).id;
  const createVia = (payload: Record<string, unknown>) => t.app.inject({
    method: 'POST', url: '/api/v1/admin/articles', headers: admin,
    payload: { title: `Story ${++seq}`, bodyMarkdown: 'Text.', status: 'published', publishedAt: '2026-03-01T08:00:00Z', ...payload },
  });
  const patchVia = (id: number, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${id}`, headers: admin, payload });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock: new FakeClock() });
    ids.ada = await account('author', 'Ada Lovelace');
    ids.grace = await account('editor', 'Grace Hopper');
    ids.ada2 = await account('admin', 'Ada Lovelace');
    ids.reader = await account('reader', 'Rita Reader');
    ids.mod = await account('moderator', 'Mo Moderator');
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('saves the authors in the order given and makes the byline of their names', async () => {
    const res = await createVia({ authorIds: [ids.grace, ids.ada] });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json().article;
    expect(a.authorName).toBe('Grace Hopper and Ada Lovelace');
    expect(a.authors).toEqual([
      { name: 'Grace Hopper', slug: 'grace-hopper', url: '/authors/grace-hopper' },
      { name: 'Ada Lovelace', slug: 'ada-lovelace', url: '/authors/ada-lovelace' },
    ]);
    // The public API says the same; reordering changes both the links and the text.
    expect((await t.app.inject({ url: `/api/v1/articles/${a.slug}` })).json().article.authors.map((p: { slug: string }) => p.slug)).toEqual(['grace-hopper', 'ada-lovelace']);
    const reordered = (await patchVia(a.id, { authorIds: [ids.ada, ids.grace] })).json().article;
    expect(reordered.authorName).toBe('Ada Lovelace and Grace Hopper');
    expect(reordered.authors.map((p: { name: string }) => p.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    // A change of something else keeps the byline.
    const retitled = (await patchVia(a.id, { title: 'New title' })).json().article;
    expect([retitled.authorName, retitled.authors.length]).toEqual(['Ada Lovelace and Grace Hopper', 2]);
  });

  it('gives a second account of the same name the next free slug', async () => {
    const a = (await createVia({ authorIds: [ids.ada2] })).json().article;
    expect(a.authors).toEqual([{ name: 'Ada Lovelace', slug: 'ada-lovelace-2', url: '/authors/ada-lovelace-2' }]);
  });

  it('keeps a typed byline (a guest writer) beside the linked accounts', async () => {
    const a = (await createVia({ authorIds: [ids.ada], authorName: 'Ada Lovelace with a guest' })).json().article;
    expect(a.authorName).toBe('Ada Lovelace with a guest');
    expect(a.authors.map((p: { slug: string }) => p.slug)).toEqual(['ada-lovelace']);
    const guest = (await createVia({ authorName: 'Guest Writer' })).json().article;
    expect([guest.authorName, guest.authors]).toEqual(['Guest Writer', []]);
    // An empty list unlinks every account; the text stays.
    const unlinked = (await patchVia(a.id, { authorIds: [] })).json().article;
    expect([unlinked.authorName, unlinked.authors]).toEqual(['Ada Lovelace with a guest', []]);
  });

  it('refuses accounts that may not write, unknown ids and a byline with nobody (422, stable codes)', async () => {
    for (const bad of [[ids.reader], [ids.mod], [ids.ada, 999_999]]) {
      const res = await createVia({ authorIds: bad });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('UNKNOWN_AUTHOR');
    }
    const nobody = await createVia({ authorIds: [] });
    expect([nobody.statusCode, nobody.json().error.code]).toEqual([422, 'AUTHOR_REQUIRED']);
    for (const malformed of ['1', [0], [1.5], ['x']]) expect((await createVia({ authorIds: malformed })).statusCode).toBe(400);
    const existing = (await createVia({ authorIds: [ids.ada] })).json().article;
    const patched = await patchVia(existing.id, { authorIds: [ids.reader] });
    expect([patched.statusCode, patched.json().error.code]).toEqual([422, 'UNKNOWN_AUTHOR']);
    expect((await t.services.articles.getById(existing.id)).authors?.map((p) => p.userId)).toEqual([ids.ada]);
  });

  it('keeps a deactivated writer linkable, and stops linking an account that no longer writes', async () => {
    const leaving = await account('author', 'Lee Leaving');
    const a = (await createVia({ authorIds: [leaving, ids.grace] })).json().article;
    await t.services.accounts.setActive(leaving, false);
    const saved = await patchVia(a.id, { title: 'Saved after Lee left', authorIds: [leaving, ids.grace] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().article.authors.map((p: { slug: string }) => p.slug)).toEqual(['lee-leaving', 'grace-hopper']);
    await t.services.accounts.setRole(leaving, 'reader');
    const demoted = (await t.app.inject({ url: `/api/v1/articles/${a.slug}` })).json().article;
    expect(demoted.authors.map((p: { slug: string }) => p.slug)).toEqual(['grace-hopper']);
    expect(demoted.authorName).toBe('Lee Leaving and Grace Hopper');
    const refused = await patchVia(a.id, { authorIds: [leaving] });
    expect([refused.statusCode, refused.json().error.code, refused.json().error.message]).toEqual([422, 'UNKNOWN_AUTHOR', 'Lee Leaving may not write articles: choose another author']);
  });

  it('takes the authors from the editor form in the order of its selects, and shows a refusal beside them', async () => {
    const user = await t.services.accounts.findById(ids.grace!);
    const s = await t.services.accounts.createSession(user!.id);
    const post = (fields: Record<string, string>) => t.app.inject({
      method: 'POST', url: '/admin/articles', headers: { ...FORM, accept: 'text/html', cookie: `gz_session=${s.token}` },
      payload: form({ _csrf: s.csrf, title: `Form story ${++seq}`, slug: '', summary: '', tags: '', authorName: '', bodyMarkdown: 'Text.', commentsOpen: '', publishedAt: '', intent: 'save', ...fields }),
    });
    const saved = await post({ author1: '', author2: String(ids.ada), author3: String(ids.grace) });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(saved.headers.location))![1]);
    const a = await t.services.articles.getById(id);
    expect([a.authorName, a.authors?.map((p) => p.userId)]).toEqual(['Ada Lovelace and Grace Hopper', [ids.ada, ids.grace]]);
    const reader = await post({ author1: String(ids.reader) });
    expect(reader.statusCode).toBe(422);
    expect(reader.body).toContain('<span class="field-error" id="authorIds-error">Rita Reader may not write articles: choose another author</span>');
    const nobody = await post({});
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('Choose at least one author, or type a byline for a guest writer');
    const guest = await post({ authorName: 'Gus Guest' });
    expect(guest.statusCode).toBe(303);
  });

  it('makes the creating account the default author', async () => {
    const ada = await t.services.accounts.findById(ids.ada!);
    const a = await t.services.articles.create({ title: 'By default', bodyMarkdown: 'x', summary: '', tags: [], status: 'draft' }, callerFor('Ada Lovelace', { role: 'author', user: ada }));
    expect(a.authorName).toBe('Ada Lovelace');
    expect(a.authors?.map((p) => p.userId)).toEqual([ids.ada]);
  });

  it('drops a deleted account from bylines and keeps the byline text', async () => {
    const gone = await account('author', 'Gone Soon');
    const a = (await createVia({ authorIds: [gone, ids.grace] })).json().article;
    expect(a.authorName).toBe('Gone Soon and Grace Hopper');
    await t.services.accounts.deleteAccount(gone, 'keep');
    const after = (await t.app.inject({ url: `/api/v1/articles/${a.slug}` })).json().article;
    expect(after.authorName).toBe('Gone Soon and Grace Hopper');
    expect(after.authors.map((p: { slug: string }) => p.slug)).toEqual(['grace-hopper']);
    const page = (await t.app.inject({ url: `/articles/${a.slug}`, headers: { accept: 'text/html' } })).body;
    expect(page).toContain('Gone Soon and <a href="/authors/grace-hopper" rel="author">Grace Hopper</a>');
    expect(page).not.toContain('/authors/gone-soon');
  });
});
