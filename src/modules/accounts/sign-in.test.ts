// Signing in and out through the pages: one answer for a wrong password and an unknown address, ?next= on
// this site only, lock-out per network and account, the per-IP limit, session rotation, sign-out here or
// everywhere, and the session's CSRF token; on every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { safeNext } from './account-forms.js';
import { accountsSuite, codeOf, MINUTE, PASSWORD, sessionCookie } from './accounts.test-kit.js';

describe.each(dialects())('accounts on %s', (dialect) => {
  const kit = accountsSuite(dialect);
  const { clock, get, post, csrfOf, login, signIn, signedIn } = kit;
  let t: TestApp;
  beforeAll(() => { t = kit.t; });

  describe('sign-in', () => {
    beforeAll(async () => {
      await t.services.accounts.createUser({ email: 'lou@example.org', password: PASSWORD, displayName: 'Lou', role: 'reader' });
      await t.services.accounts.createUser({ email: 'ed@example.org', password: PASSWORD, displayName: 'Ed Editor', role: 'editor' });
    });

    it('answers a wrong password and an unknown e-mail alike, with 401', async () => {
      const wrong = await login('lou@example.org', 'not the password');
      const unknown = await login('nobody@example.org', 'not the password');
      for (const res of [wrong, unknown]) {
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(codeOf(res.body)).toBe('INVALID_CREDENTIALS');
        expect(res.body).toContain('The e-mail or password is not right');
        expect(res.body).not.toContain('not the password');
        expect(res.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
      }
      expect(wrong.body).toContain('value="lou@example.org"');
      expect(wrong.body.replace('lou@example.org', 'nobody@example.org')).toBe(unknown.body);
      expect(codeOf((await post('/login', {})).body)).toBe('REQUIRED');
    });

    it('goes to ?next= on this site only, else to the account page (staff: the admin)', async () => {
      expect((await get('/login?next=%2Fadmin%2Farticles')).body).toContain('<input type="hidden" name="next" value="/admin/articles"/>');
      expect((await login('lou@example.org', PASSWORD, { next: '/articles/x?sort=oldest' })).headers.location).toBe('/articles/x?sort=oldest');
      for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a\nb']) {
        expect((await login('lou@example.org', PASSWORD, { next })).headers.location).toBe('/account');
      }
      expect((await login('ed@example.org', PASSWORD)).headers.location).toBe('/admin');
      const viaField = await post('/login', { email: 'lou@example.org', password: PASSWORD, next: '/articles/y' });
      expect(viaField.headers.location).toBe('/articles/y');
      // Signed in already: the sign-in page leads on.
      const s = await signIn('lou@example.org');
      const again = await get('/login?next=/articles/z', s.cookie);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/articles/z');
      expect(safeNext('/ok')).toBe('/ok');
      expect(safeNext('/')).toBe('/');
      expect(safeNext('')).toBeUndefined();
      expect(safeNext(['/a'])).toBeUndefined();
    });

    it('locks a network out of an account after 5 failures for 15 minutes; the owner elsewhere still signs in', async () => {
      await t.services.accounts.createUser({ email: 'lock@example.org', password: PASSWORD, displayName: 'Locked', role: 'reader' });
      const attacker = { ip: '198.51.100.7' };
      for (let i = 1; i <= 4; i++) expect((await login('lock@example.org', `wrong password ${i}`, attacker)).statusCode).toBe(401);
      const fifth = await login('lock@example.org', 'wrong password 5', attacker);
      expect(fifth.statusCode).toBe(429);
      expect(codeOf(fifth.body)).toBe('ACCOUNT_LOCKED');
      const right = await login('lock@example.org', PASSWORD, attacker);
      expect(right.statusCode).toBe(429);
      expect(codeOf(right.body)).toBe('ACCOUNT_LOCKED');
      expect(right.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
      // The owner, from their own network, is not locked out by a stranger's guesses.
      const owner = await login('lock@example.org', PASSWORD, { ip: '203.0.113.50' });
      expect(owner.statusCode).toBe(303);
      clock.advance(14 * MINUTE);
      expect((await login('lock@example.org', PASSWORD, attacker)).statusCode).toBe(429);
      clock.advance(MINUTE + 1000);
      const later = await login('lock@example.org', PASSWORD, attacker);
      expect(later.statusCode).toBe(303);
      expect(later.headers.location).toBe('/account');
    });

    it('locks out guesses at an unknown address exactly as at a known one', async () => {
      const answers = [];
      for (const [email, ip] of [['lou@example.org', '198.51.100.20'], ['no-such-person@example.org', '198.51.100.21']] as const) {
        for (let i = 1; i <= 4; i++) expect((await login(email, `guess ${i}`, { ip })).statusCode).toBe(401);
        const fifth = await login(email, 'guess 5', { ip });
        answers.push({ status: fifth.statusCode, code: codeOf(fifth.body), body: fifth.body.replace(email, 'ADDRESS') });
      }
      expect(answers[0]).toMatchObject({ status: 429, code: 'ACCOUNT_LOCKED' });
      expect(answers[1]).toEqual(answers[0]);
      expect((await login('lou@example.org', PASSWORD, { ip: '198.51.100.22' })).statusCode).toBe(303);
    });

    it('limits sign-in attempts per IP address (20 per 10 minutes)', async () => {
      const ip = '192.0.2.77';
      for (let i = 1; i <= 20; i++) expect((await login(`spray${i}@example.org`, 'guess-guess', { ip })).statusCode).toBe(401);
      const limited = await login('lou@example.org', PASSWORD, { ip });
      expect(limited.statusCode).toBe(429);
      expect(codeOf(limited.body)).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login('lou@example.org', PASSWORD, { ip: '192.0.2.78' })).statusCode).toBe(303);
      clock.advance(10 * MINUTE);
      expect((await login('lou@example.org', PASSWORD, { ip })).statusCode).toBe(303);
    });

    it('rotates the session id: the cookie a browser had stops working', async () => {
      const before = await signIn('lou@example.org');
      const res = await login('lou@example.org', PASSWORD, { cookie: before.cookie, csrf: before.csrf });
      expect(res.statusCode).toBe(303);
      const after = sessionCookie(res);
      expect(after).not.toBe(before.cookie);
      expect(await signedIn(before.cookie)).toBe(false);
      expect(await signedIn(after)).toBe(true);
      // A planted cookie that names no session is never adopted.
      const planted = 'gz_session=planted-by-someone-else';
      const fixed = await login('lou@example.org', PASSWORD, { cookie: planted });
      expect(sessionCookie(fixed)).not.toBe(planted);
      expect(await signedIn(planted)).toBe(false);
    });

    it('signs out this browser, or every device', async () => {
      const a = await signIn('lou@example.org');
      const b = await signIn('lou@example.org');
      const c = await signIn('lou@example.org');
      const out = await post('/logout', { _csrf: a.csrf }, { cookie: a.cookie });
      expect(out.statusCode).toBe(303);
      expect(out.headers.location).toBe('/');
      expect(String(out.headers['set-cookie'])).toMatch(/^gz_session=;/);
      expect(await signedIn(a.cookie)).toBe(false);
      expect(await signedIn(b.cookie)).toBe(true);
      const all = await post('/account/logout-all', { _csrf: b.csrf }, { cookie: b.cookie });
      expect(all.statusCode).toBe(303);
      expect(all.headers.location).toBe('/login?notice=signed-out-everywhere');
      expect(await signedIn(b.cookie)).toBe(false);
      expect(await signedIn(c.cookie)).toBe(false);
      expect((await get('/login?notice=signed-out-everywhere')).body).toContain('You have been signed out on every device.');
      // Without a session the account page sends a browser to sign in, and back.
      const anonymous = await get('/account');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Faccount');
    });

    it('writes the CSRF token into pages masked afresh each time (nothing for a compressed page to leak), and takes each', async () => {
      const s = await signIn('lou@example.org');
      const [first, second] = [await csrfOf(s.cookie), await csrfOf(s.cookie)];
      expect(first).not.toBe(second);
      const session = await t.db.db.selectFrom('sessions').select('csrf_token').where('id_hash', '=', (await import('../../platform/secrets.js')).digest(s.cookie.split('=')[1]!)).executeTakeFirstOrThrow();
      expect(first).not.toContain(session.csrf_token);
      expect((await post('/account/verify/resend', { _csrf: first }, { cookie: s.cookie })).statusCode).toBe(303);
      expect((await post('/account/verify/resend', { _csrf: second }, { cookie: s.cookie })).statusCode).toBe(303);
      // Scripts may send the token itself.
      expect((await post('/account/verify/resend', { _csrf: session.csrf_token }, { cookie: s.cookie })).statusCode).toBe(303);
    });

    it('requires the session CSRF token on posts made with the session', async () => {
      const s = await signIn('lou@example.org');
      const missing = await post('/account/logout-all', {}, { cookie: s.cookie, accept: 'application/json' });
      expect(missing.statusCode).toBe(403);
      expect(JSON.parse(missing.body).error.code).toBe('CSRF_TOKEN_MISSING');
      const wrong = await post('/account/logout-all', { _csrf: `${s.csrf.slice(0, -2)}xx` }, { cookie: s.cookie, accept: 'application/json' });
      expect(wrong.statusCode).toBe(403);
      expect(JSON.parse(wrong.body).error.code).toBe('CSRF_TOKEN_INVALID');
      expect(await signedIn(s.cookie)).toBe(true);
      const viaOther = await signIn('ed@example.org');
      const foreign = await post('/account/logout-all', { _csrf: viaOther.csrf }, { cookie: s.cookie, accept: 'application/json' });
      expect(JSON.parse(foreign.body).error.code).toBe('CSRF_TOKEN_INVALID');
      const right = await post('/account/logout-all', { _csrf: s.csrf }, { cookie: s.cookie });
      expect(right.statusCode).toBe(303);
      expect(await signedIn(s.cookie)).toBe(false);
      expect(await signedIn(viaOther.cookie)).toBe(true);
    });
  });
});
