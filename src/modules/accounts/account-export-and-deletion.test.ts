// A person's own data: the export (their account and comments, nobody else's) and deleting the account,
// keeping its comments as by "deleted user" or removing them; the last admin stays. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { accountsSuite, codeOf, PASSWORD } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { get, post, signup, login, signIn, signedIn, verified } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('commenting, export and deletion', () => {
    const discussion = kit.discussion();
    const { comment, guestComment, threads } = discussion;
    let slug: string;
    beforeAll(() => { slug = discussion.slug; });

    it("exports the person's data and comments, never someone else's", async () => {
      const s = await signup('Xena Export', 'xena@example.org');
      await verified('xena@example.org');
      expect((await comment(s, 'Mine to export')).statusCode).toBe(201);
      const other = await signup('Otto Other', 'otto@example.org');
      await verified('otto@example.org');
      expect((await comment(other, 'Otto private words')).statusCode).toBe(201);
      const res = await get('/account/export', s.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.json"$/);
      expect(res.headers['cache-control']).toBe('no-store');
      const data = JSON.parse(res.body);
      expect(data.account).toMatchObject({ email: 'xena@example.org', displayName: 'Xena Export', emailVerified: true });
      expect(data.comments.map((c: { body: string; article: string }) => [c.body, c.article])).toEqual([['Mine to export', slug]]);
      expect(res.body).not.toContain('Otto');
      expect(res.body).not.toContain('password');
      expect((await get('/account/export')).statusCode).toBe(303);
    });

    it('deletes an account keeping its comments as by "deleted user"', async () => {
      const s = await signup('Kim Keep', 'kim@example.org');
      await verified('kim@example.org');
      const c = (await comment(s, 'Kept after I leave')).json().comment;
      const form = await get('/account/delete', s.cookie);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<input type="radio" name="comments" value="keep" checked/>');
      const wrong = await post('/account/delete', { _csrf: s.csrf, password: 'not my password', comments: 'keep' }, { cookie: s.cookie });
      expect(wrong.statusCode).toBe(403);
      expect(codeOf(wrong.body)).toBe('WRONG_PASSWORD');
      expect(await signedIn(s.cookie)).toBe(true);

      const res = await post('/account/delete', { _csrf: s.csrf, password: PASSWORD, comments: 'keep' }, { cookie: s.cookie });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
      expect(String(res.headers['set-cookie'])).toMatch(/^gz_session=;/);
      expect(await signedIn(s.cookie)).toBe(false);
      expect((await login('kim@example.org', PASSWORD)).statusCode).toBe(401);
      const kept = (await threads()).find((x) => x.id === c.id);
      expect(kept).toMatchObject({ authorName: 'deleted user', status: 'published', bodyHtml: '<p>Kept after I leave</p>' });
      expect((await get(`/articles/${slug}`)).body).toContain('<strong class="comment-author">deleted user</strong>');
      // The address is free again.
      expect((await post('/signup', { displayName: 'Kim Again', email: 'kim@example.org', password: PASSWORD })).statusCode).toBe(200);
      expect((await t.services.accounts.findByEmail('kim@example.org'))).toMatchObject({ display_name: 'Kim Again', status: 'active' });
    });

    it('deletes an account removing its comments (a placeholder where others replied)', async () => {
      const s = await signup('Rory Remove', 'rory@example.org');
      await verified('rory@example.org');
      const alone = (await comment(s, 'Nobody answered this')).json().comment;
      const answered = (await comment(s, 'Somebody answered this')).json().comment;
      const reply = (await guestComment('A reply from a guest', answered.id)).json().comment;
      const res = await post('/account/delete', { _csrf: s.csrf, password: PASSWORD, comments: 'remove' }, { cookie: s.cookie });
      expect(res.statusCode).toBe(303);
      const all = await threads();
      expect(all.find((x) => x.id === alone.id)).toBeUndefined();
      const placeholder = all.find((x) => x.id === answered.id);
      expect(placeholder).toMatchObject({ status: 'deleted', authorName: '', bodyHtml: '' });
      expect(placeholder!.replies.map((r) => r.id)).toEqual([reply.id]);
      const html = (await get(`/articles/${slug}?all=1`)).body;
      expect(html).not.toContain('Nobody answered this');
      expect(html).not.toContain('Somebody answered this');
      expect(html).not.toContain('Rory');
      expect(html).toContain('A reply from a guest');
    });

    it('keeps the last admin', async () => {
      const s = await signIn('admin@example.org');
      const res = await post('/account/delete', { _csrf: s.csrf, password: PASSWORD, comments: 'keep' }, { cookie: s.cookie });
      expect(res.statusCode).toBe(409);
      expect(codeOf(res.body)).toBe('LAST_ADMIN');
      expect(await signedIn(s.cookie)).toBe(true);
    });
  });
});
