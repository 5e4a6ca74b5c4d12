// Readers' accounts through their pages, as a browser without JavaScript uses them: sign-up and e-mail
// verification, sign-in with lock-out and a per-IP limit, session rotation, sign-out, CSRF, password
// reset, invitations, export and deletion, commenting under one's account, first-run set-up and the
// create-admin command, on every dialect this machine has.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, freshDatabase, type TestApp } from '../../../test/helpers/test-app.js';
import { safeNext } from './account-forms.js';
import { FORM, form } from '../../../test/helpers/http.js';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Res { statusCode: number; body: string; headers: Record<string, unknown>; cookies: { name: string; value: string }[] }
interface Session { cookie: string; csrf: string }

const sessionCookie = (res: Res) => {
  const c = res.cookies.find((x) => x.name === 'gz_session');
  if (!c?.value) throw new Error(`no session cookie was set (status ${res.statusCode})`);
  return `gz_session=${c.value}`;
};
const codeOf = (html: string) => /class="form-error" role="alert" data-code="([A-Z_]+)"/.exec(html)?.[1];

describe.each(dialects())('accounts on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  let ips = 0;
  // Each request comes from its own address unless a test says otherwise, so the per-IP limits
  // only meet the tests that are about them.
  const nextIp = () => `10.1.${Math.floor(++ips / 250)}.${(ips % 250) + 1}`;

  const get = (url: string, cookie?: string) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(cookie && { cookie }) }, remoteAddress: nextIp() }) as Promise<Res>;
  const post = (url: string, fields: Record<string, string | number>, opts: { cookie?: string; ip?: string; accept?: string } = {}) =>
    t.app.inject({
      method: 'POST', url, payload: form(fields), remoteAddress: opts.ip ?? nextIp(),
      headers: { ...FORM, accept: opts.accept ?? 'text/html', ...(opts.cookie && { cookie: opts.cookie }) },
    }) as Promise<Res>;
  const csrfOf = async (cookie: string) => {
    const res = await get('/account', cookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (!csrf) throw new Error(`no CSRF token on /account (status ${res.statusCode})`);
    return csrf;
  };
  /** Signs up (which does not sign in: the address is confirmed first) and signs in, not yet confirmed. */
  const signup = async (displayName: string, email: string, password = PASSWORD): Promise<Session> => {
    const res = await post('/signup', { displayName, email, password });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your e-mail');
    const login = await post('/login', { email, password });
    expect(login.statusCode).toBe(303);
    const cookie = sessionCookie(login);
    return { cookie, csrf: await csrfOf(cookie) };
  };
  const login = (email: string, password: string, opts: { next?: string; cookie?: string; csrf?: string; ip?: string } = {}) =>
    post(`/login${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ''}`,
      { email, password, ...(opts.csrf && { _csrf: opts.csrf }) }, { cookie: opts.cookie, ip: opts.ip });
  const signIn = async (email: string, password = PASSWORD): Promise<Session> => {
    const res = await login(email, password);
    expect(res.statusCode).toBe(303);
    const cookie = sessionCookie(res);
    return { cookie, csrf: await csrfOf(cookie) };
  };
  const signedIn = async (cookie: string) => (await get('/account', cookie)).statusCode === 200;
  /** The path and query of the link in the newest mail to `to` about `path`. */
  const linkFor = async (to: string, linkPath: string) => {
    const mail = (await t.mailer.list()).find((m) => m.to_address === to && m.text_body.includes(linkPath));
    if (!mail) throw new Error(`no mail to ${to} with ${linkPath}`);
    const m = new RegExp(`${t.config.baseUrl}(${linkPath}\\?token=[A-Za-z0-9_%-]+)`).exec(mail.text_body);
    if (!m) throw new Error(`no link in: ${mail.text_body}`);
    return m[1]!;
  };
  const outboxCount = async () => Number((await t.db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const verified = async (email: string) => {
    const res = await get(await linkFor(email, '/account/verify'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?notice=email-confirmed');
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    // An admin exists, as on any site past its first run.
    await t.services.accounts.createUser({ email: 'admin@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

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
  });

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

  describe('commenting, export and deletion', () => {
    let slug: string;
    const comment = (s: Session, body: string, parentId?: number) =>
      t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { body, ...(parentId && { parentId }) } });
    const guestComment = (body: string, parentId?: number) =>
      t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Guest', authorEmail: 'guest@example.org', body, ...(parentId && { parentId }) } });
    const threads = async () => (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json().comments as
      { id: number; authorName: string; authorRole: string | null; status: string; bodyHtml: string; replies: { id: number; bodyHtml: string }[] }[];

    beforeAll(async () => { slug = (await createArticle(t, { title: 'Accounts discussion' })).slug; });

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

describe.each(dialects())('first-run set-up on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp({ dialect }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });
  const get = (url: string, cookie?: string) => t.app.inject({ url, headers: { accept: 'text/html', ...(cookie && { cookie }) } });
  const post = (fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/setup', headers: { ...FORM, accept: 'text/html' }, payload: form(fields) });

  it('creates the first admin once, for whoever has the set-up code, then the page is gone', async () => {
    for (const url of ['/admin', '/admin/articles?status=draft']) {
      const res = await get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/setup');
    }
    const setupUrl = (await t.firstRun.setupUrl())!;
    expect(setupUrl).toMatch(new RegExp(`^${t.config.baseUrl}/setup\\?code=[A-Z2-9]{4}-[A-Z2-9]{4}$`));
    expect(await t.firstRun.setupUrl(), 'the same code until it is used').toBe(setupUrl);
    const code = new URL(setupUrl).searchParams.get('code')!;
    const page = await get('/setup');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/setup"');
    expect(page.body).toContain('name="code"');
    // The link carrying the code fills it in.
    expect((await get(`/setup?code=${code}`)).body).toContain(`value="${code}"`);
    const noCode = await post({ displayName: 'Mallory', email: 'mallory@example.org', password: PASSWORD });
    expect(noCode.statusCode).toBe(400);
    const wrongCode = await post({ code: 'AAAA-BBBB', displayName: 'Mallory', email: 'mallory@example.org', password: PASSWORD });
    expect(wrongCode.statusCode).toBe(403);
    expect(codeOf(wrongCode.body)).toBe('SETUP_CODE_INVALID');
    expect(wrongCode.body).toContain('value="mallory@example.org"');
    expect(await t.services.accounts.countAdmins()).toBe(0);
    const short = await post({ code, displayName: 'Ann', email: 'ann@example.org', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('value="ann@example.org"');
    expect(await t.services.accounts.countAdmins()).toBe(0);
    // A reader who signs up before the site is set up does not close the set-up.
    await t.services.accounts.createUser({ email: 'early@example.org', password: PASSWORD, displayName: 'Early Reader', role: 'reader' });
    expect((await get('/setup')).statusCode).toBe(200);

    // Two forms sent at once: one admin, not two.
    // Typed by a person: lower case and spaces are fine.
    const typed = ` ${code.toLowerCase().replace('-', ' ')} `;
    const both = await Promise.all([
      post({ code: typed, displayName: 'Ann Admin', email: 'ann@example.org', password: PASSWORD }),
      post({ code, displayName: 'Bob Second', email: 'bob@example.org', password: PASSWORD }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 404]);
    const first = both.find((r) => r.statusCode === 303)!;
    expect(first.headers.location).toBe('/admin');
    const users = (await t.services.accounts.list()).filter((u) => u.role === 'admin');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ role: 'admin', status: 'active' });
    expect(users[0]!.email_verified_at).not.toBeNull();
    const cookie = sessionCookie(first);
    const account = (await get('/account', cookie)).body;
    expect(account).toContain(`<dd>${users[0]!.display_name}</dd>`);
    expect(account).toContain('<dd>Admin</dd>');
    expect((await get('/admin', cookie)).headers.location).not.toBe('/setup');
    expect((await get('/admin')).headers.location).toBe('/login?next=%2Fadmin');
    expect((await get('/setup')).statusCode).toBe(404);
    expect((await post({ code, displayName: 'Late', email: 'late@example.org', password: PASSWORD })).statusCode).toBe(404);
    expect(await t.firstRun.setupUrl(), 'no set-up address once there is an admin').toBeUndefined();
    expect(await t.services.settings.value('setup_code'), 'the code is spent').toBeUndefined();
  });
});

describe('create-admin command', () => {
  const run = (args: string[], env: Record<string, string>) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/gazette.ts', ...args], {
    cwd: root, env: { ...process.env, BASE_URL: '', GAZETTE_ADMIN_PASSWORD: '', ...env },
  }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

  it('setup-url prints the set-up address with the code the server uses, until an admin exists', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const env = { DATABASE_URL: db.url, BASE_URL: 'https://news.example.org' };
      const first = await run(['setup-url'], env);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(/^https:\/\/news\.example\.org\/setup\?code=[A-Z2-9]{4}-[A-Z2-9]{4}\n$/);
      expect((await run(['setup-url'], env)).stdout).toBe(first.stdout);
      const t = await buildTestApp({ dialect: 'sqlite', env });
      try {
        expect(`${await t.firstRun.setupUrl()}\n`).toBe(first.stdout);
      } finally {
        await t.close();
      }
      expect((await run(['create-admin', '--email', 'ann@example.org'], { ...env, GAZETTE_ADMIN_PASSWORD: 'the admin password' })).code).toBe(0);
      const after = await run(['setup-url'], env);
      expect(after.code).toBe(1);
      expect(after.stderr).toContain('already has an admin');
    } finally {
      await db.drop();
    }
  });

  it('creates an admin who can sign in; clear errors and exit codes otherwise', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const env = { DATABASE_URL: db.url, GAZETTE_ADMIN_PASSWORD: 'the admin password' };
      const ok = await run(['create-admin', '--email', 'Ann@Example.org', '--name', 'Ann'], env);
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toContain('Created admin "Ann" <ann@example.org>');

      const [dup, short, noEmail, badEmail, unknown, noPassword] = await Promise.all([
        run(['create-admin', '--email', 'ann@example.org'], env),
        run(['create-admin', '--email', 'bo@example.org'], { ...env, GAZETTE_ADMIN_PASSWORD: 'short' }),
        run(['create-admin', '--name', 'Nobody'], env),
        run(['create-admin', '--email', 'not-an-address'], env),
        run(['make-coffee'], env),
        run(['create-admin', '--email', 'bo@example.org'], { DATABASE_URL: db.url }),
      ]);
      expect(dup.code).toBe(1);
      expect(dup.stderr).toContain('An account with this e-mail already exists');
      expect(short.code).toBe(2);
      expect(short.stderr).toContain('at least 10 characters');
      expect(noEmail.code).toBe(2);
      expect(noEmail.stderr).toContain('Missing --email');
      expect(badEmail.code).toBe(2);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown command "make-coffee"');
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toContain('GAZETTE_ADMIN_PASSWORD');

      const t = await buildTestApp({ dialect: 'sqlite', env: { DATABASE_URL: db.url } });
      try {
        expect(await t.services.accounts.countAdmins()).toBe(1);
        const res = await t.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, accept: 'text/html' }, payload: form({ email: 'ann@example.org', password: 'the admin password' }) });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/admin');
        expect((await t.app.inject({ url: '/setup', headers: { accept: 'text/html' } })).statusCode).toBe(404);
      } finally {
        await t.close();
        await t.dropDatabase();
      }
    } finally {
      await db.drop();
    }
  });
});
