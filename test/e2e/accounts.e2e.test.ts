// Every form of a reader's or a newcomer's account, submitted by a person in a real browser (Debian chromium):
// accepting an invitation and choosing a new password from a reset link (both once failed in browsers with
// 403 "Opaque origin refused" while every HTTP test passed), signing in, and the account's own pages.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const PASSWORD = 'correct horse battery';
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

describe.skipIf(!chromiumPath)('account forms in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let contexts: BrowserContext[] = [];

  const open = () => openPage(browser, contexts, { timeout: WAIT });

  /** The path of the newest mailed link to `to` about `path`, on this test's server. */
  async function mailedLink(to: string, path: string): Promise<string> {
    const mail = (await app.t.mailer.list()).find((m) => m.to_address === to && m.text_body.includes(path));
    const url = mail && /https?:\/\/\S+/.exec(mail.text_body.slice(mail.text_body.indexOf(`${app.t.config.baseUrl}${path}`)))?.[0];
    if (!url) throw new Error(`no mail to ${to} with a ${path} link`);
    const u = new URL(url);
    return `${app.baseUrl}${u.pathname}${u.search}`;
  }

  /** Serves the page as the server did when the bug was found: a no-referrer policy makes Chromium post with Origin: null. */
  async function asNoReferrerPage(page: Page, path: string) {
    await page.route((u) => u.pathname === path, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'referrer-policy': 'no-referrer' } });
    });
  }
  const originOfPost = (page: Page, path: string) => new Promise<string | undefined>((resolve) => {
    const seen = (r: Request) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === path) { page.off('request', seen); resolve(r.headers().origin); }
    };
    page.on('request', seen);
  });

  async function signIn(page: Page, email: string, password = PASSWORD, landing = '/account') {
    await page.goto(`${app.baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await Promise.all([page.waitForURL(`${app.baseUrl}${landing}`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then(async (s) => {
        app = s;
        await s.t.services.accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await app?.stop();
  });

  it('an admin invites a colleague, who accepts from the mailed link (even when the page is opened with no referrer)', async () => {
    const admin = await open();
    await signIn(admin.page, 'ada@example.org', PASSWORD, '/admin');
    await admin.page.goto(`${app.baseUrl}/admin/users`);
    const invite = admin.page.locator('form#invite');
    await invite.locator('input[name=email]').fill('ines@example.org');
    await invite.locator('select[name=role]').selectOption('editor');
    await Promise.all([admin.page.waitForURL(/notice=invited/), invite.getByRole('button', { name: 'Send invitation' }).click()]);

    const guest = await open();
    const link = await mailedLink('ines@example.org', '/account/invite');
    await asNoReferrerPage(guest.page, '/account/invite');
    await guest.page.goto(link);
    expect(await guest.page.locator('h1').textContent()).toBe('Join the newsroom');
    await guest.page.locator('input[name=displayName]').fill('Ines Editor');
    await guest.page.locator('input[name=password]').fill(PASSWORD);
    const origin = originOfPost(guest.page, '/account/invite');
    await Promise.all([guest.page.waitForURL(`${app.baseUrl}/admin`), guest.page.getByRole('button', { name: 'Create my account' }).click()]);
    expect(await origin, 'the browser really posted with an opaque origin').toBe('null');
    expect(await guest.page.locator('h1').textContent()).toBe('Dashboard');
    expect(await app.t.services.accounts.findByEmail('ines@example.org')).toMatchObject({ display_name: 'Ines Editor', role: 'editor', status: 'active' });

    // The admin finds her in the users list by a part of her name, then narrows it to editors.
    await admin.page.goto(`${app.baseUrl}/admin/users`);
    await admin.page.getByRole('searchbox', { name: 'Find a user' }).fill('INES');
    await Promise.all([admin.page.waitForURL(/[?&]q=INES/), admin.page.getByRole('searchbox', { name: 'Find a user' }).press('Enter')]);
    const rows = admin.page.locator('table.users tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe('Ines Editor');
    const roles = admin.page.getByRole('navigation', { name: 'Roles' });
    await Promise.all([admin.page.waitForURL(/role=editor/), roles.getByRole('link', { name: /^editor/ }).click()]);
    expect(await roles.locator('[aria-current=page]').textContent()).toBe('editor 1');
    expect(await rows.count()).toBe(1);
    await Promise.all([admin.page.waitForURL(`${app.baseUrl}/admin/users?role=editor`), admin.page.getByRole('link', { name: 'Clear' }).click()]);
    expect(await admin.page.getByRole('searchbox', { name: 'Find a user' }).inputValue()).toBe('');
    expect([...admin.errors, ...guest.errors]).toEqual([]);
  });

  it('a reader who forgot their password asks for a link and chooses a new one; older links stop working', async () => {
    await app.t.services.accounts.createUser({ email: 'flo@example.org', password: PASSWORD, displayName: 'Flo', role: 'reader' });
    const { page, errors } = await open();
    await page.goto(`${app.baseUrl}/login`);
    await Promise.all([page.waitForURL(`${app.baseUrl}/account/reset`), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
    const ask = async () => {
      await page.goto(`${app.baseUrl}/account/reset`);
      await page.locator('input[name=email]').fill('flo@example.org');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Send the link' }).click()]);
      await poll(() => page.locator('h1').textContent()).toBe('Check your e-mail');
      return mailedLink('flo@example.org', '/account/reset');
    };
    const older = await ask();
    const newer = await ask();
    expect(newer).not.toBe(older);

    for (const [label, referrer] of [['as served', undefined], ['with no referrer', 'no-referrer']] as const) {
      void label;
      const { page: p } = await open();
      if (referrer) await asNoReferrerPage(p, '/account/reset');
      const link = referrer ? await ask() : newer;
      await p.goto(link);
      expect(await p.locator('h1').textContent()).toBe('Choose a new password');
      await p.locator('input[name=password]').fill(`new password ${referrer ?? 'one'}`);
      const origin = originOfPost(p, '/account/reset');
      await Promise.all([p.waitForURL(/\/login\?notice=password-changed$/), p.getByRole('button', { name: 'Save the new password' }).click()]);
      expect(await origin).toBe(referrer ? 'null' : app.baseUrl);
      expect(await p.locator('.notice-ok').textContent()).toContain('Your password has been changed');
    }
    await signIn(page, 'flo@example.org', 'new password no-referrer');

    const { page: late } = await open();
    await late.goto(older);
    await late.locator('input[name=password]').fill('an old link password');
    await Promise.all([late.waitForLoadState(), late.getByRole('button', { name: 'Save the new password' }).click()]);
    await poll(() => late.locator('.form-error').getAttribute('data-code')).toBe('TOKEN_REVOKED');
    expect(errors).toEqual([]);
  });

  it('signing in: a wrong password says so and keeps the address; the right one goes where the reader was headed', async () => {
    await app.t.services.accounts.createUser({ email: 'gus@example.org', password: PASSWORD, displayName: 'Gus', role: 'reader' });
    const { page, errors } = await open();
    await page.goto(`${app.baseUrl}/account/password`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.locator('input[name=email]').fill('gus@example.org');
    await page.locator('input[name=password]').fill('not my password');
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Sign in' }).click()]);
    await poll(() => page.locator('.form-error').textContent()).toBe('The e-mail or password is not right');
    expect(await page.locator('input[name=email]').inputValue()).toBe('gus@example.org');
    expect(await page.locator('input[name=password]').inputValue()).toBe('');
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${app.baseUrl}/account/password`), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Change your password');
    expect(errors).toEqual([]);
  });

  it('the account pages: resend the confirmation, change the password, download the data, sign out here and everywhere, delete the account', async () => {
    const user = await app.t.services.accounts.createUser({ email: 'hal@example.org', password: PASSWORD, displayName: 'Hal', role: 'reader' });
    await app.t.db.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', user.id).execute();
    const laptop = await open();
    const phone = await open();
    await signIn(laptop.page, 'hal@example.org');
    await signIn(phone.page, 'hal@example.org');
    const page = laptop.page;

    await Promise.all([page.waitForURL(/notice=verification-sent/), page.getByRole('button', { name: 'Resend the confirmation e-mail' }).click()]);
    expect(await page.locator('.notice-ok').textContent()).toContain('We sent you a new confirmation link');
    await mailedLink('hal@example.org', '/account/verify');

    await page.getByRole('link', { name: 'Change your password' }).click();
    await page.locator('input[name=currentPassword]').fill(PASSWORD);
    await page.locator('input[name=password]').fill('hal has a new password');
    await Promise.all([page.waitForURL(/notice=password-saved/), page.getByRole('button', { name: 'Save the new password' }).click()]);
    expect(await page.locator('.notice-ok').textContent()).toContain('Your new password is saved');
    // The phone was signed out by the change.
    await phone.page.goto(`${app.baseUrl}/account`);
    expect(new URL(phone.page.url()).pathname).toBe('/login');
    await signIn(phone.page, 'hal@example.org', 'hal has a new password');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download your data' }).click()]);
    const exported = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8')) as { account: { email: string } };
    expect(exported.account.email).toBe('hal@example.org');

    await page.goto(`${app.baseUrl}/account`);
    await Promise.all([page.waitForURL(/notice=signed-out-everywhere/), page.getByRole('button', { name: 'Sign out on every device' }).click()]);
    await phone.page.goto(`${app.baseUrl}/account`);
    expect(new URL(phone.page.url()).pathname).toBe('/login');

    await signIn(page, 'hal@example.org', 'hal has a new password');
    await Promise.all([page.waitForURL(`${app.baseUrl}/`), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    await page.goto(`${app.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await signIn(page, 'hal@example.org', 'hal has a new password');
    await page.getByRole('link', { name: 'Delete your account' }).click();
    await page.locator('input[name=password]').fill('hal has a new password');
    await Promise.all([page.waitForURL(`${app.baseUrl}/`), page.getByRole('button', { name: 'Delete my account' }).click()]);
    expect((await app.t.services.accounts.findById(user.id))!.status).toBe('deleted');
    expect([...laptop.errors, ...phone.errors]).toEqual([]);
  });
});
