// The site's first admin: the /setup page that takes the set-up code once (on every dialect), and the
// setup-url and create-admin commands of the gazette CLI (setup-url through the entry point in a process of
// its own, the other runs in this process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, freshDatabase, type TestApp } from '../../../test/helpers/test-app.js';
import { gazette, gazetteProcess } from '../../../test/helpers/gazette-cli.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { codeOf, PASSWORD, sessionCookie } from './accounts.test-kit.js';

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
    const { users } = await t.services.accounts.listPage({ role: 'admin' }, 1);
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
  // No password from this process's environment unless a test gives one.
  const run = (args: string[], env: Record<string, string>) => gazette(args, { GAZETTE_ADMIN_PASSWORD: '', ...env });
  const runProcess = (args: string[], env: Record<string, string>) => gazetteProcess(args, { GAZETTE_ADMIN_PASSWORD: '', ...env });

  it('setup-url prints the set-up address with the code the server uses, until an admin exists', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const env = { DATABASE_URL: db.url, BASE_URL: 'https://news.example.org' };
      const first = runProcess(['setup-url'], env);
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
      const after = runProcess(['setup-url'], env);
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
