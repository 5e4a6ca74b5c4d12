// Accepting an invitation: the invited person chooses name and password through the mailed link (once),
// is signed in with the role they were invited for and lands in the admin. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { accountsSuite, codeOf, PASSWORD, sessionCookie } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { get, post, linkFor } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('invitations', () => {
    it('lets the invited person choose name and password, signs them in and opens the admin', async () => {
      await t.services.accounts.invite({ email: 'ivy@example.org', role: 'author', invitedBy: 'Ada Admin' });
      const link = await linkFor('ivy@example.org', '/account/invite');
      const token = new URLSearchParams(link.split('?')[1]).get('token')!;
      const page = await get(link);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="displayName"');
      const short = await post('/account/invite', { token, displayName: 'Ivy', password: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.body).toContain('value="Ivy"');
      const res = await post('/account/invite', { token, displayName: 'Ivy Author', password: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin');
      const cookie = sessionCookie(res);
      const account = (await get('/account', cookie)).body;
      expect(account).toContain('<dd>Ivy Author</dd>');
      expect(account).toContain('<dd>Author</dd>');
      expect(account).toContain('<dd>Confirmed</dd>');
      const again = await post('/account/invite', { token, displayName: 'Mallory', password: PASSWORD });
      expect(again.statusCode).toBe(400);
      expect(codeOf(again.body)).toBe('TOKEN_USED');
      expect((await get('/account/invite')).statusCode).toBe(400);
    });
  });
});
