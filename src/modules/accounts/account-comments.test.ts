// Commenting under one's account: only once the e-mail is confirmed and with the session's CSRF token, under
// the account's name, with the staff badge for newsroom roles. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { accountsSuite, PASSWORD } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { get, signup, signIn, verified } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('commenting, export and deletion', () => {
    const discussion = kit.discussion();
    const { comment } = discussion;
    let slug: string;
    beforeAll(() => { slug = discussion.slug; });

    it('posts under the account name once the e-mail is confirmed', async () => {
      const s = await signup('Vera Verified', 'vera@example.org');
      const early = await comment(s, 'Too early');
      expect(early.statusCode).toBe(403);
      expect(early.json().error.code).toBe('EMAIL_NOT_VERIFIED');
      const noCsrf = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { cookie: s.cookie }, payload: { body: 'x' } });
      expect(noCsrf.json().error.code).toBe('CSRF_TOKEN_MISSING');
      await verified('vera@example.org');
      const res = await comment(s, 'Signed and confirmed');
      expect(res.statusCode).toBe(201);
      expect(res.json().comment).toMatchObject({ authorName: 'Vera Verified', authorRole: null });
      const row = await t.db.db.selectFrom('comments').select(['author_email', 'user_id']).where('id', '=', res.json().comment.id).executeTakeFirstOrThrow();
      expect(row.author_email).toBe('vera@example.org');
      expect(row.user_id).not.toBeNull();
    });

    it('shows the staff badge on a comment by an editor', async () => {
      await t.services.accounts.createUser({ email: 'edna@example.org', password: PASSWORD, displayName: 'Edna Editor', role: 'editor' });
      const s = await signIn('edna@example.org');
      const res = await comment(s, 'From the newsroom');
      expect(res.statusCode).toBe(201);
      expect(res.json().comment).toMatchObject({ authorName: 'Edna Editor', authorRole: 'editor' });
      const html = (await get(`/articles/${slug}`)).body;
      expect(html).toMatch(/<strong class="comment-author">Edna Editor<\/strong><span class="badge" title="Newsroom staff">Editor<\/span>/);
    });
  });
});
