// Sign-up and e-mail verification through the pages, as a browser without JavaScript uses them: no session
// before the address is confirmed, a mailed link that works once and expires, errors beside the form, a taken
// address answered like a free one, argon2id hashes and the session cookie's flags; on every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { accountsSuite, codeOf, HOUR, PASSWORD } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { clock, get, post, signup, login, signIn, linkFor, outboxCount } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('sign-up and e-mail verification', () => {
    it('creates a reader without signing in, queues the verification mail, and the link works once', async () => {
      const res = await post('/signup', { displayName: 'Rita Reader', email: 'Rita@Example.org', password: PASSWORD });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Check your e-mail');
      expect(res.cookies.find((c) => c.name === 'gz_session'), 'no session before the address is confirmed').toBeUndefined();
      const cookie = (await signIn('rita@example.org')).cookie;
      const page = await get('/account', cookie);
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('<dd>Rita Reader</dd>');
      expect(page.body).toContain('<dd>rita@example.org</dd>');
      expect(page.body).toContain('<dd>Reader</dd>');
      expect(page.body).toContain('Not confirmed yet');
      expect(page.body).toContain('action="/account/verify/resend"');
      expect(page.body).toContain('href="/account/export"');
      expect(page.body).toContain('href="/account/delete"');

      const [mail] = await t.mailer.list();
      expect(mail).toMatchObject({ to_address: 'rita@example.org', subject: 'Confirm your e-mail for The Test Gazette', status: 'pending' });
      expect(await t.jobs.runDue()).toBeGreaterThanOrEqual(1);
      expect((await t.mailer.list())[0]).toMatchObject({ id: mail!.id, status: 'sent', transport: 'dev' });

      const link = await linkFor('rita@example.org', '/account/verify');
      const ok = await get(link, cookie);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('your e-mail address is confirmed');
      expect((await get('/account', cookie)).body).toContain('<dd>Confirmed</dd>');
      const again = await get(link);
      expect(again.statusCode).toBe(400);
      expect(codeOf(again.body)).toBe('TOKEN_USED');
      expect(again.body).toContain('This link has already been used');
      const bogus = await get('/account/verify?token=not-a-token');
      expect(bogus.statusCode).toBe(400);
      expect(codeOf(bogus.body)).toBe('TOKEN_INVALID');
      expect(codeOf((await get('/account/verify')).body)).toBe('TOKEN_INVALID');
    });

    it('refuses an expired verification link, and a new one can be sent', async () => {
      const s = await signup('Eve Late', 'eve@example.org');
      const link = await linkFor('eve@example.org', '/account/verify');
      clock.advance(49 * HOUR);
      const res = await get(link);
      expect(res.statusCode).toBe(400);
      expect(codeOf(res.body)).toBe('TOKEN_EXPIRED');
      const resend = await post('/account/verify/resend', { _csrf: s.csrf }, { cookie: s.cookie });
      expect(resend.statusCode).toBe(303);
      expect(resend.headers.location).toBe('/account?notice=verification-sent');
      const fresh = await linkFor('eve@example.org', '/account/verify');
      expect(fresh).not.toBe(link);
      expect((await get(fresh, s.cookie)).statusCode).toBe(200);
    });

    it('shows the form again with the error and what was typed, never the password', async () => {
      const short = await post('/signup', { displayName: 'Tom <b>', email: 'tom@example.org', password: 'short-pw' });
      expect(short.statusCode).toBe(400);
      expect(codeOf(short.body)).toBe('TOO_SHORT');
      expect(short.body).toContain('Use at least 10 characters for your password');
      expect(short.body).toContain('value="Tom &lt;b>"');
      expect(short.body).toContain('value="tom@example.org"');
      expect(short.body).not.toContain('short-pw');
      const badEmail = await post('/signup', { displayName: 'Tom', email: 'not an e-mail', password: PASSWORD });
      expect(badEmail.statusCode).toBe(400);
      expect(codeOf(badEmail.body)).toBe('INVALID_FORMAT');
      const longName = await post('/signup', { displayName: 'x'.repeat(81), email: 'tom@example.org', password: PASSWORD });
      expect(codeOf(longName.body)).toBe('TOO_LONG');
      const noName = await post('/signup', { email: 'tom@example.org', password: PASSWORD });
      expect(codeOf(noName.body)).toBe('REQUIRED');
    });

    it('answers a sign-up for a taken address like any other, and mails the owner instead', async () => {
      const before = await outboxCount();
      const fresh = await post('/signup', { displayName: 'Nina New', email: 'nina@example.org', password: PASSWORD });
      const taken = await post('/signup', { displayName: 'Nina New', email: 'RITA@example.org', password: PASSWORD });
      for (const res of [fresh, taken]) {
        expect(res.statusCode).toBe(200);
        expect(res.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
      }
      expect(taken.body.replace('RITA@example.org', 'nina@example.org')).toBe(fresh.body);
      expect(await outboxCount()).toBe(before + 2);
      const [notice] = await t.mailer.list(1);
      expect(notice).toMatchObject({ to_address: 'rita@example.org', subject: 'Someone tried to create an account at The Test Gazette with your address' });
      expect(notice!.text_body).toContain(`${t.config.baseUrl}/account/reset`);
      // The owner's account is untouched: still Rita, still her password.
      expect((await login('rita@example.org', PASSWORD)).statusCode).toBe(303);
      expect((await t.services.accounts.findByEmail('rita@example.org'))!.display_name).toBe('Rita Reader');
    });

    it('does the same work for a new and a taken address: one password hash, one mail', async () => {
      const { createAccountsService } = await import('./accounts.service.js');
      const { argon2Passwords } = await import('./passwords.js');
      let hashes = 0;
      const counting = { ...argon2Passwords, hash: (p: string) => { hashes++; return argon2Passwords.hash(p); } };
      const accounts = createAccountsService({ db: t.db.db, events: t.events, clock: clock.now, mailer: t.mailer, baseUrl: t.config.baseUrl, siteName: () => 'Site', passwords: counting });
      for (const email of ['brand-new@example.org', 'rita@example.org']) {
        const [h, m] = [hashes, await outboxCount()];
        await accounts.register({ email, password: PASSWORD, displayName: 'Same Work' });
        expect([hashes - h, (await outboxCount()) - m], email).toEqual([1, 1]);
      }
    });

    it('stores passwords as argon2id hashes and sets HttpOnly, SameSite=Lax session cookies', async () => {
      await post('/signup', { displayName: 'Hash Check', email: 'hash@example.org', password: PASSWORD });
      const loginCookie = String((await login('hash@example.org', PASSWORD)).headers['set-cookie']);
      expect(loginCookie).toMatch(/^gz_session=[^;]+;/);
      expect(loginCookie).toMatch(/;\s*HttpOnly/i);
      expect(loginCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(loginCookie).toMatch(/;\s*Path=\//i);
      const rows = await t.db.db.selectFrom('users').select(['email', 'password_hash']).execute();
      expect(rows.length).toBeGreaterThan(2);
      for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    });

    it("hashes at the site's cost unless told otherwise (the tests' apps are given a cheaper argon2id)", async () => {
      const { createAccountsService } = await import('./accounts.service.js');
      const accounts = createAccountsService({ db: t.db.db, events: t.events, clock: clock.now, mailer: t.mailer, baseUrl: t.config.baseUrl, siteName: () => 'Site' });
      const user = await accounts.createUser({ email: 'site-cost@example.org', password: PASSWORD, displayName: 'Site Cost', role: 'reader' });
      const row = await t.db.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect((await login('site-cost@example.org', PASSWORD)).statusCode).toBe(303);
    });
  });
});
