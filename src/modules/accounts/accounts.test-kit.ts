// Shared by the accounts test files (sign-up, sign-in, password reset, invitations, commenting, export and
// deletion, the first admin): the app each suite builds per dialect and the helpers a browser without
// JavaScript needs. Not a test file itself (vitest runs *.test.ts only).
import { afterAll, beforeAll, expect } from 'vitest';
import type { DialectName } from '../../platform/db/database.js';
import { buildTestApp, createArticle, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';

export const PASSWORD = 'correct horse battery';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

interface Res { statusCode: number; body: string; headers: Record<string, unknown>; cookies: { name: string; value: string }[] }
export interface Session { cookie: string; csrf: string }

export const sessionCookie = (res: Res) => {
  const c = res.cookies.find((x) => x.name === 'gz_session');
  if (!c?.value) throw new Error(`no session cookie was set (status ${res.statusCode})`);
  return `gz_session=${c.value}`;
};
export const codeOf = (html: string) => /class="form-error" role="alert" data-code="([A-Z_]+)"/.exec(html)?.[1];

/**
 * Call inside `describe.each(dialects())`: builds the app on `dialect` before the suite's tests (with an admin,
 * as on any site past its first run) and drops it after. `t` is the app once that beforeAll has run.
 */
export function accountsSuite(dialect: DialectName) {
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

  /**
   * Call inside a describe: an article made before its tests, and its comment API as a signed-in reader and as
   * a guest. `slug` is the article's once that beforeAll has run.
   */
  const discussion = () => {
    let slug: string;
    const comment = (s: Session, body: string, parentId?: number) =>
      t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { body, ...(parentId && { parentId }) } });
    const guestComment = (body: string, parentId?: number) =>
      t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Guest', authorEmail: 'guest@example.org', body, ...(parentId && { parentId }) } });
    const threads = async () => (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json().comments as
      { id: number; authorName: string; authorRole: string | null; status: string; bodyHtml: string; replies: { id: number; bodyHtml: string }[] }[];

    beforeAll(async () => { slug = (await createArticle(t, { title: 'Accounts discussion' })).slug; });
    return { get slug() { return slug; }, comment, guestComment, threads };
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    // An admin exists, as on any site past its first run.
    await t.services.accounts.createUser({ email: 'admin@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  return {
    get t() { return t; },
    clock, get, post, csrfOf, signup, login, signIn, signedIn, linkFor, outboxCount, verified, discussion,
  };
}
