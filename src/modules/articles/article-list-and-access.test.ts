// Who reaches which article pages, and the list: sign-in first, readers and moderators refused, the session's
// CSRF token on every form, the list's status filter and search, and authors limited to their own drafts
// (they submit them for review, never publish). On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { articleAdminSuite, HOUR, listed, localAt, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('article admin on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { clock, session, get, post, fields, createVia, formOf } = kit;
  let t: TestApp;
  let editor: Session;
  let author: Session;
  let otherAuthor: Session;
  beforeAll(() => { ({ t, editor, author, otherAuthor } = kit); });

  describe('access', () => {
    it('sends a browser without a session to the sign-in page and back, and refuses readers', async () => {
      const res = await get(undefined, '/admin/articles?status=draft');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/admin/articles?status=draft')}`);
      const editorPage = await get(undefined, '/admin/articles/new');
      expect(editorPage.statusCode).toBe(303);
      expect(editorPage.headers.location).toBe('/login?next=%2Fadmin%2Farticles%2Fnew');
      const reader = await session('reader', 'Rita Reader');
      expect((await get(reader, '/admin/articles')).statusCode).toBe(403);
      expect((await post(reader, '/admin/articles', fields())).statusCode).toBe(403);
      const moderator = await session('moderator', 'Mo Moderator');
      expect((await get(moderator, '/admin/articles')).statusCode).toBe(403);
    });

    it('refuses form posts without the session\'s CSRF token and changes nothing', async () => {
      const before = (await t.services.articles.listForAdmin({})).length;
      const missing = await post(editor, '/admin/articles', fields({ title: 'Forged article' }), { csrf: null });
      expect(missing.statusCode).toBe(403);
      expect(missing.body).toContain('This form has expired');
      const wrong = await post(editor, '/admin/articles', fields({ title: 'Forged article' }), { csrf: author.csrf });
      expect(wrong.statusCode).toBe(403);
      const id = await createVia(editor, { title: 'Guarded article' });
      const edit = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), title: 'Forged title' }, { csrf: null });
      expect(edit.statusCode).toBe(403);
      expect((await t.services.articles.getById(id)).title).toBe('Guarded article');
      expect((await t.services.articles.listForAdmin({})).length).toBe(before + 1);
    });
  });

  describe('the list', () => {
    it('filters by status, searches titles in any case and shows the newest first', async () => {
      const ids: Record<string, number> = {};
      ids.draft = await createVia(editor, { title: 'Zebra crossing plan' });
      clock.advance(1000);
      ids.review = await createVia(author, { title: 'ZEBRA count', authorName: 'Annie Author', intent: 'submit' });
      clock.advance(1000);
      ids.scheduled = await createVia(editor, { title: 'The zebra schedule', intent: 'schedule', publishedAt: localAt(clock.now(), 48 * HOUR) });
      clock.advance(1000);
      ids.published = await createVia(editor, { title: 'Zebras: 100% striped_', intent: 'publish' });
      clock.advance(1000);

      const html = (await get(editor, '/admin/articles?q=zEbRa')).body;
      expect(listed(html)).toEqual([ids.published, ids.scheduled, ids.review, ids.draft]);
      expect(html).toContain('value="zEbRa"');
      for (const label of ['Draft', 'In review', 'Scheduled', 'Published']) expect(html).toContain(`>${label}</span>`);
      expect(html).toContain('<td class="wide">Annie Author</td>');

      for (const status of ['draft', 'review', 'scheduled', 'published'] as const) {
        const res = await get(editor, `/admin/articles?status=${status}&q=zebra`);
        expect(listed(res.body), status).toEqual([ids[status]]);
        expect(res.body).toMatch(new RegExp(`<option value="${status}" selected>`));
      }
      // Wildcards are searched for literally.
      expect(listed((await get(editor, '/admin/articles?q=%25')).body)).toEqual([ids.published]);
      expect(listed((await get(editor, '/admin/articles?q=d_')).body)).toEqual([ids.published]);
      expect(listed((await get(editor, '/admin/articles?q=zebra+x')).body)).toEqual([]);
      expect((await get(editor, '/admin/articles?q=zebra+x')).body).toContain('No articles match.');
      // Unknown filters are ignored rather than refused.
      const all = await get(editor, '/admin/articles?status=bogus');
      expect(all.statusCode).toBe(200);
      expect(listed(all.body)).toEqual(expect.arrayContaining(Object.values(ids)));
      // The service answers the same, with the owner filter authors get.
      const mine = await t.services.articles.listForAdmin({ q: 'ZEBRA', ownerId: author.userId });
      expect(mine.map((a) => a.id)).toEqual([ids.review]);
    });
  });

  describe('authors', () => {
    it('see only their own articles and cannot open or change anyone else\'s', async () => {
      const mine = await createVia(author, { title: 'Annie\'s local story', authorName: 'Annie Author' });
      const theirs = await createVia(otherAuthor, { title: 'Bob\'s local story', authorName: 'Bob Byline' });
      const editors = await createVia(editor, { title: 'Editor\'s local story' });

      const list = listed((await get(author, '/admin/articles?q=local+story')).body);
      expect(list).toEqual([mine]);
      expect(listed((await get(editor, '/admin/articles?q=local+story')).body)).toEqual([editors, theirs, mine]);

      expect((await get(author, `/admin/articles/${theirs}`)).statusCode).toBe(403);
      expect((await get(author, `/admin/articles/${editors}`)).statusCode).toBe(403);
      const before = await t.services.articles.getById(theirs);
      const edit = await post(author, `/admin/articles/${theirs}`, { ...(await formOf(otherAuthor, theirs)), title: 'Hijacked' });
      expect(edit.statusCode).toBe(403);
      expect(await t.services.articles.getById(theirs)).toEqual(before);
      expect((await get(author, '/admin/articles/999999')).statusCode).toBe(404);
      expect((await get(author, '/admin/articles/abc')).statusCode).toBe(404);
    });

    it('create and edit drafts, submit them for review, and cannot publish', async () => {
      const page = (await get(author, '/admin/articles/new')).body;
      expect(page).toContain('>Save draft</button>');
      expect(page).toContain('>Submit for review</button>');
      expect(page).not.toContain('>Publish now</button>');
      expect(page).not.toContain('>Schedule</button>');
      expect(page).not.toContain('name="publishedAt"');

      const id = await createVia(author, { title: 'Market day', authorName: 'Annie Author', bodyMarkdown: 'Stalls.' });
      expect(await t.services.articles.getById(id)).toMatchObject({ ownerId: author.userId, status: 'draft' });
      const saved = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Market day returns' });
      expect(saved.headers.location).toBe(`/admin/articles/${id}?notice=saved`);
      const draft = await t.services.articles.getById(id);
      expect(draft.title).toBe('Market day returns');

      // Crafted forms: publishing, scheduling or dating an article is refused and changes nothing.
      const crafted: Record<string, string>[] = [{ intent: 'publish' }, { intent: 'schedule', publishedAt: localAt(clock.now(), HOUR) }, { intent: 'unpublish' }, { publishedAt: localAt(clock.now(), -HOUR) }];
      for (const extra of crafted) {
        const res = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Sneaky', ...extra });
        expect(res.statusCode, JSON.stringify(extra)).toBe(403);
        expect(await t.services.articles.getById(id)).toEqual(draft);
      }
      const count = (await t.services.articles.listForAdmin({})).length;
      for (const extra of crafted.filter((c) => c.intent !== 'unpublish')) {
        const res = await post(author, '/admin/articles', fields({ title: 'Sneaky new', ...extra }));
        expect(res.statusCode, JSON.stringify(extra)).toBe(403);
      }
      expect((await t.services.articles.listForAdmin({})).length).toBe(count);

      const submitted = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), intent: 'submit' });
      expect(submitted.headers.location).toBe(`/admin/articles/${id}?notice=submitted`);
      const inReview = await t.services.articles.getById(id);
      expect(inReview).toMatchObject({ status: 'draft', reviewRequestedAt: clock.now().toISOString() });
      const reviewPage = (await get(author, `/admin/articles/${id}?notice=submitted`)).body;
      expect(reviewPage).toContain('Submitted for review');
      expect(reviewPage).toContain('>In review</span>');
      expect(reviewPage).not.toContain('>Submit for review</button>');
      expect(listed((await get(author, '/admin/articles?status=review')).body)).toContain(id);
      expect(listed((await get(editor, '/admin/articles?status=review')).body)).toContain(id);

      // An editor publishes it; the author may read it but no longer change it.
      const pub = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' });
      expect(pub.statusCode).toBe(303);
      expect((await t.services.articles.getById(id)).reviewRequestedAt).toBeNull();
      const readOnly = await get(author, `/admin/articles/${id}`);
      expect(readOnly.statusCode).toBe(200);
      expect(readOnly.body).toContain('<fieldset disabled>');
      expect(readOnly.body).toContain('only an editor can change it now');
      expect(readOnly.body).not.toContain('</button><button type="submit" name="intent"');
      expect(readOnly.body).not.toContain('name="intent" value="save"');
      const late = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Too late' });
      expect(late.statusCode).toBe(403);
      expect((await t.services.articles.getById(id)).title).toBe('Market day returns');
    });
  });
});
