// Password reset by a mailed link (the same answer for an unknown address, one use, an hour, every other
// link revoked) and changing the password when signed in; each ends the other sessions. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { accountsSuite, codeOf, HOUR, MINUTE, PASSWORD } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { clock, get, post, login, signIn, signedIn, linkFor, outboxCount } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('password reset', () => {
    beforeAll(async () => {
      await t.services.accounts.createUser({ email: 'pat@example.org', password: PASSWORD, displayName: 'Pat', role: 'reader' });
    });

    it('answers the same for an unknown e-mail, and queues no mail for it', async () => {
      expect((await get('/account/reset')).body).toContain('action="/account/reset"');
      const before = await outboxCount();
      const unknown = await post('/account/reset', { email: 'nobody@example.org' });
      expect(unknown.statusCode).toBe(200);
      expect(await outboxCount()).toBe(before);
      const known = await post('/account/reset', { email: 'pat@example.org' });
      expect(known.statusCode).toBe(200);
      expect(known.body).toBe(unknown.body);
      expect(known.body).toContain('If an account exists for that address, we sent a link');
      expect(await outboxCount()).toBe(before + 1);
      const [mail] = await t.mailer.list();
      expect(mail).toMatchObject({ to_address: 'pat@example.org', subject: 'Reset your The Test Gazette password' });
      const bad = await post('/account/reset', { email: 'nope' });
      expect(bad.statusCode).toBe(400);
      expect(codeOf(bad.body)).toBe('INVALID_FORMAT');
    });

    it('sets a new password once, ending every session; old password and link stop working', async () => {
      const a = await signIn('pat@example.org');
      const b = await signIn('pat@example.org');
      await post('/account/reset', { email: 'pat@example.org' });
      const link = await linkFor('pat@example.org', '/account/reset');
      const token = new URLSearchParams(link.split('?')[1]).get('token')!;
      const formPage = await get(link);
      expect(formPage.statusCode).toBe(200);
      // Other sites never see the link; our own form still posts with a real Origin.
      expect(formPage.headers['referrer-policy']).toBe('same-origin');
      expect(formPage.body).toContain(`<input type="hidden" name="token" value="${token}"/>`);
      const short = await post('/account/reset', { token, password: 'too-short' });
      expect(short.statusCode).toBe(400);
      expect(codeOf(short.body)).toBe('TOO_SHORT');
      expect(short.body).toContain(`value="${token}"`);

      const done = await post('/account/reset', { token, password: 'a brand new password' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/login?notice=password-changed');
      expect((await get('/login?notice=password-changed')).body).toContain('Your password has been changed.');
      expect(await signedIn(a.cookie)).toBe(false);
      expect(await signedIn(b.cookie)).toBe(false);
      expect((await login('pat@example.org', PASSWORD)).statusCode).toBe(401);
      expect((await login('pat@example.org', 'a brand new password')).statusCode).toBe(303);

      const reused = await post(link, { password: 'yet another password' });
      expect(reused.statusCode).toBe(400);
      expect(codeOf(reused.body)).toBe('TOKEN_USED');
      expect(reused.body).toContain('href="/account/reset"');
      expect((await login('pat@example.org', 'yet another password')).statusCode).toBe(401);
    });

    it('revokes every other reset link once one is used', async () => {
      await post('/account/reset', { email: 'pat@example.org' });
      const older = await linkFor('pat@example.org', '/account/reset');
      clock.advance(MINUTE);
      await post('/account/reset', { email: 'pat@example.org' });
      const newer = await linkFor('pat@example.org', '/account/reset');
      expect(newer).not.toBe(older);
      expect((await post(newer, { password: 'the newest password' })).statusCode).toBe(303);
      const stale = await post(older, { password: 'an attacker password' });
      expect(stale.statusCode).toBe(400);
      expect(codeOf(stale.body)).toBe('TOKEN_REVOKED');
      expect((await login('pat@example.org', 'an attacker password')).statusCode).toBe(401);
      expect((await login('pat@example.org', 'the newest password')).statusCode).toBe(303);
    });

    it('changes the password when signed in: the current one confirms, other devices and reset links stop working', async () => {
      const here = await signIn('pat@example.org', 'the newest password');
      const elsewhere = await signIn('pat@example.org', 'the newest password');
      await post('/account/reset', { email: 'pat@example.org' });
      const pending = await linkFor('pat@example.org', '/account/reset');
      expect((await get('/account', here.cookie)).body).toContain('href="/account/password"');
      expect((await get('/account/password', here.cookie)).body).toContain('name="currentPassword"');
      const wrong = await post('/account/password', { _csrf: here.csrf, currentPassword: 'not it', password: 'a changed password' }, { cookie: here.cookie });
      expect(wrong.statusCode).toBe(403);
      expect(codeOf(wrong.body)).toBe('WRONG_PASSWORD');
      const short = await post('/account/password', { _csrf: here.csrf, currentPassword: 'the newest password', password: 'short' }, { cookie: here.cookie });
      expect(codeOf(short.body)).toBe('TOO_SHORT');
      const done = await post('/account/password', { _csrf: here.csrf, currentPassword: 'the newest password', password: 'a changed password' }, { cookie: here.cookie });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/account?notice=password-saved');
      expect(await signedIn(here.cookie)).toBe(true);
      expect(await signedIn(elsewhere.cookie)).toBe(false);
      expect(codeOf((await post(pending, { password: 'through an old link' })).body)).toBe('TOKEN_REVOKED');
      expect((await login('pat@example.org', 'the newest password')).statusCode).toBe(401);
      expect((await login('pat@example.org', 'a changed password')).statusCode).toBe(303);
      expect((await get('/account/password')).headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    });

    it('refuses a reset link after an hour', async () => {
      await post('/account/reset', { email: 'pat@example.org' });
      const link = await linkFor('pat@example.org', '/account/reset');
      clock.advance(HOUR + 1000);
      const res = await post(link, { password: 'too late a password' });
      expect(res.statusCode).toBe(400);
      expect(codeOf(res.body)).toBe('TOKEN_EXPIRED');
      expect((await login('pat@example.org', 'a changed password')).statusCode).toBe(303);
    });
  });
});
