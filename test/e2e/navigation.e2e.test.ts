// Site structure in a real browser (Debian chromium via playwright-core): an editor makes an "About" page
// through the newsroom's form and a reader opens it at /about; an admin changes the header menu through
// its form and sees it on the home page; a reader goes from an article's tag link to the tag's page, on to
// its page 2, and opens a month of the archive.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createArticle } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumPath)('pages, menus and navigation in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];
  const sessions = { admin: '', editor: '' };

  /** A fresh context, signed in when a session is given. */
  async function open(session?: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, contexts, { timeout: WAIT });
    if (session) await opened.context.addCookies([{ name: 'gz_session', value: session, url: server.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return opened;
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then((s) => { server = s; }),
    ]);
    const { accounts } = server.t.services;
    for (const role of ['admin', 'editor'] as const) {
      const user = await accounts.createUser({ email: `${role}@example.org`, password: PASSWORD, displayName: `The ${role}`, role });
      sessions[role] = (await accounts.createSession(user.id)).token;
    }
    // 23 articles tagged "harbour" over two months: the tag's listing has two pages.
    for (let i = 1; i <= 23; i++) {
      const month = i <= 12 ? '01' : '02';
      await createArticle(server.t, {
        title: `Harbour report ${i}`, slug: `harbour-report-${i}`, tags: ['harbour'],
        publishedAt: `2026-${month}-${String((i % 12) + 1).padStart(2, '0')}T08:00:00Z`,
      });
    }
  });
  afterEach(async () => { for (const c of contexts.splice(0)) await c.close(); });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('an editor makes an "About" page with the newsroom form; a reader opens it at /about', async () => {
    const { page, errors } = await open(sessions.editor);
    await page.goto(`${server.baseUrl}/admin/articles`);
    await Promise.all([page.waitForURL(/\/admin\/articles\/new\?kind=page$/), page.getByRole('link', { name: 'New page' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('New page');
    await page.locator('input[name=title]').fill('About');
    await page.locator('#bodyMarkdown').fill('We are a small newsroom by the harbour.');
    await Promise.all([
      page.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname) && u.searchParams.get('notice') === 'published'),
      page.getByRole('button', { name: 'Publish now', exact: true }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Edit page');
    expect(errors).toEqual([]);

    const reader = await open();
    const res = await reader.page.goto(`${server.baseUrl}/about`);
    expect(res?.status()).toBe(200);
    expect(await reader.page.getByRole('heading', { level: 1 }).textContent()).toBe('About');
    expect(await reader.page.locator('.article-body').textContent()).toContain('We are a small newsroom by the harbour.');
    expect(await reader.page.locator('.byline, time, #comments').count()).toBe(0);
    expect(reader.errors).toEqual([]);
  });

  it('an admin adds "About" to the header menu with the menus form and sees it on the home page', async () => {
    const { page, errors } = await open(sessions.admin);
    await page.goto(`${server.baseUrl}/admin/menus`);
    // The default menu (home, search, support) fills the first rows; the next one is empty.
    expect(await page.locator('input[name="header.0.url"]').inputValue()).toBe('/');
    await page.locator('input[name="header.2.label"]').fill('');
    await page.locator('input[name="header.2.url"]').fill('');
    await page.locator('input[name="header.3.label"]').fill('About us');
    await page.locator('input[name="header.3.url"]').fill('/about');
    await page.locator('input[name="footer.0.label"]').fill('Privacy');
    await page.locator('input[name="footer.0.url"]').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Save menus' }).click();
    await page.locator('.form-error[data-code="INVALID_MENU_URL"]').waitFor();
    await page.locator('input[name="footer.0.url"]').fill('/privacy');
    await Promise.all([page.waitForURL(/\/admin\/menus\?notice=saved$/), page.getByRole('button', { name: 'Save menus' }).click()]);
    expect(errors).toEqual([]);

    await page.goto(`${server.baseUrl}/`);
    const nav = page.getByRole('navigation', { name: 'Site' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Home', 'Search', 'About us', 'Admin', 'The admin']);
    expect(await page.getByRole('navigation', { name: 'Footer' }).getByRole('link').allTextContents()).toEqual(['Privacy']);
    await Promise.all([page.waitForURL(`${server.baseUrl}/about`), nav.getByRole('link', { name: 'About us' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('About');
  });

  it('a reader follows a tag link to the tag page, pages to page 2, and opens a month of the archive', async () => {
    const { page, errors } = await open();
    await page.goto(`${server.baseUrl}/articles/harbour-report-23`);
    await Promise.all([page.waitForURL(`${server.baseUrl}/tags/harbour`), page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'harbour' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tagged “harbour”');
    const listed = page.locator('ol.article-list > li');
    expect(await listed.count()).toBe(20);
    await Promise.all([page.waitForURL(`${server.baseUrl}/tags/harbour?page=2`), page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Older →' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tagged “harbour”, page 2');
    expect(await listed.count()).toBe(3);
    expect(await page.locator('link[rel=prev]').getAttribute('href')).toBe('/tags/harbour');

    await page.goto(`${server.baseUrl}/archive`);
    await Promise.all([page.waitForURL(`${server.baseUrl}/archive/2026/02`), page.getByRole('link', { name: 'February 2026' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('February 2026');
    expect(await listed.count()).toBe(11);
    expect(await listed.first().getByRole('heading', { level: 2 }).textContent()).toBe('Harbour report 23');
    expect(errors).toEqual([]);
  });
});
