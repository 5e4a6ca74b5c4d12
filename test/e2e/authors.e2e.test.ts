// Authors in a real browser (Debian chromium via playwright-core): an editor puts two accounts in an
// article's byline through the editor form and publishes it; a reader follows a byline link from the
// article to the author's page; an author edits their bio and uploads their photo on the account pages.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumPath)('authors in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let contexts: BrowserContext[] = [];
  const open = () => openPage(browser, contexts, { timeout: WAIT });

  async function signIn(page: Page, email: string, landing: string) {
    await page.goto(`${app.baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${app.baseUrl}${landing}`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then((s) => { app = s; }),
    ]);
    const accounts = app.t.services.accounts;
    await accounts.createUser({ email: 'eda@example.org', password: PASSWORD, displayName: 'Eda Editor', role: 'editor' });
    await accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada Lovelace', role: 'author' });
    await accounts.createUser({ email: 'grace@example.org', password: PASSWORD, displayName: 'Grace Hopper', role: 'author' });
    await accounts.createUser({ email: 'rita@example.org', password: PASSWORD, displayName: 'Rita Reader', role: 'reader' });
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    contexts = [];
    await browser?.close();
    await app?.stop();
  });

  it('an editor sets two authors in the editor form; a reader follows a byline link to an author page', async () => {
    const { page, errors } = await open();
    await signIn(page, 'eda@example.org', '/admin');
    await page.goto(`${app.baseUrl}/admin/articles/new`);
    // The signed-in editor is the first author by default; readers are not offered.
    expect(await page.getByLabel('Author 1').locator('option:checked').textContent()).toBe('Eda Editor');
    expect(await page.getByLabel('Author 1').locator('option').allTextContents()).not.toContain('Rita Reader');
    await page.locator('input[name=title]').fill('Engines of the harbour');
    await page.locator('textarea[name=bodyMarkdown]').fill('The analytical engine comes to town.');
    await page.getByLabel('Author 1').selectOption({ label: 'Grace Hopper' });
    await page.getByLabel('Author 2').selectOption({ label: 'Ada Lovelace' });
    await Promise.all([
      page.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname) && u.searchParams.get('notice') === 'published'),
      page.getByRole('button', { name: 'Publish now', exact: true }).click(),
    ]);
    // The form shows the byline as saved: the two accounts in order, no text of its own.
    expect(await page.getByLabel('Author 1').locator('option:checked').textContent()).toBe('Grace Hopper');
    expect(await page.getByLabel('Author 2').locator('option:checked').textContent()).toBe('Ada Lovelace');
    expect(await page.locator('input[name=authorName]').inputValue()).toBe('');
    expect(errors).toEqual([]);

    const reader = (await open()).page;
    await reader.goto(`${app.baseUrl}/`);
    await reader.getByRole('link', { name: 'Engines of the harbour' }).click();
    await reader.waitForURL(`${app.baseUrl}/articles/engines-of-the-harbour`);
    expect(await reader.locator('.article-header .byline .author').textContent()).toBe('Grace Hopper and Ada Lovelace');
    await Promise.all([
      reader.waitForURL(`${app.baseUrl}/authors/ada-lovelace`),
      reader.locator('.article-header .byline').getByRole('link', { name: 'Ada Lovelace' }).click(),
    ]);
    expect(await reader.locator('h1').textContent()).toBe('Ada Lovelace');
    await expect.poll(() => reader.getByRole('link', { name: 'Engines of the harbour' }).count()).toBe(1);
  });

  // Ada's page exists once the article of the test above is published.
  it('an author edits their bio and photo on the account page, and readers see them', async () => {
    const { page, errors } = await open();
    await signIn(page, 'ada@example.org', '/admin');
    await page.goto(`${app.baseUrl}/account`);
    await Promise.all([page.waitForURL(`${app.baseUrl}/account/profile`), page.getByRole('link', { name: 'Your author profile' }).click()]);
    await page.getByLabel('Bio').fill('Writes about engines.\n\nAnd <poetry>.');
    await Promise.all([page.waitForURL(`${app.baseUrl}/account/profile?notice=saved`), page.getByRole('button', { name: 'Save profile' }).click()]);
    expect(await page.getByRole('status').textContent()).toBe('Your author profile is saved.');
    const photo = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#36a' } }).png().toBuffer();
    await page.locator('input[name=photo]').setInputFiles({ name: 'ada.png', mimeType: 'image/png', buffer: photo });
    await Promise.all([page.waitForURL(`${app.baseUrl}/account/profile?notice=photo`), page.getByRole('button', { name: 'Upload photo' }).click()]);
    expect(await page.getByAltText('Your current photo').count()).toBe(1);
    expect(errors).toEqual([]);

    const reader = (await open()).page;
    await reader.goto(`${app.baseUrl}/authors/ada-lovelace`);
    expect(await reader.locator('.author-bio p').allTextContents()).toEqual(['Writes about engines.', 'And <poetry>.']);
    const img = reader.getByAltText('Photo of Ada Lovelace');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await reader.content()).not.toContain('ada@example.org');
  });
});
