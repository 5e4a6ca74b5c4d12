// Issue 13's article extras in a real browser (Debian chromium via playwright-core): an editor sets a lead
// image with caption and credit through the editor's forms and a reader sees the figure; an editor schedules
// an article in a site time zone other than UTC; an editor opens the revisions, sees a diff and restores an
// older version.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumPath)('lead image, time zone and revisions in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  const clock = new FakeClock();
  let contexts: BrowserContext[] = [];
  const open = () => openPage(browser, contexts, { timeout: WAIT });

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ dialect: 'sqlite', clock }).then(async (s) => {
        app = s;
        await s.t.services.accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
        await s.t.services.accounts.createUser({ email: 'eda@example.org', password: PASSWORD, displayName: 'Eda Editor', role: 'editor' });
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await app?.stop();
  });

  async function signIn(page: Page) {
    await page.goto(`${app.baseUrl}/login`);
    await page.locator('input[name=email]').fill('eda@example.org');
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }
  /** Presses an editor button and waits for the 303 back to the editor with its notice. */
  async function press(page: Page, label: string, notice: string): Promise<number> {
    await Promise.all([
      page.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname) && u.searchParams.get('notice') === notice),
      page.getByRole('button', { name: label, exact: true }).click(),
    ]);
    return Number(/\/admin\/articles\/(\d+)/.exec(page.url())![1]);
  }
  async function newArticle(page: Page, title: string, body: string, button = 'Save draft', notice = 'created') {
    await page.goto(`${app.baseUrl}/admin/articles/new`);
    await page.locator('input[name=title]').fill(title);
    await page.locator('textarea[name=bodyMarkdown]').fill(body);
    return press(page, button, notice);
  }

  it('an editor uploads a lead image, gives it a caption and a credit, and a reader sees the figure', async () => {
    const { page, errors } = await open();
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 140, g: 60, b: 30 } } }).png().toBuffer();
    await signIn(page);
    const id = await newArticle(page, 'Harvest festival draws record crowd', 'The square was full by noon.');
    // The upload form with "Use as the lead image": posted as without JavaScript, back with the image set.
    const upload = page.locator('form[data-image-form]');
    await upload.locator('input[type=file]').setInputFiles({ name: 'festival.png', mimeType: 'image/png', buffer: png });
    await upload.locator('input[name=alt]').fill('Crowds in the market square');
    await upload.getByLabel(/Use as the lead image/).check();
    await Promise.all([page.waitForURL((u) => u.searchParams.get('notice') === 'lead'), upload.getByRole('button', { name: 'Upload image' }).click()]);
    const leadId = await page.locator('input[name=leadImageId]').inputValue();
    expect(Number(leadId)).toBeGreaterThan(0);
    await page.getByLabel(/^Caption/).fill('The market square at noon on Saturday');
    await page.getByLabel(/^Credit/).fill('Mia Lens');
    await press(page, 'Publish now', 'published');
    const slug = (await app.t.services.articles.getById(id)).slug;

    const reader = await open();
    await reader.page.goto(`${app.baseUrl}/`);
    expect(await reader.page.locator('ol.article-list li img.lead-thumb').count()).toBe(1);
    await reader.page.goto(`${app.baseUrl}/articles/${slug}`);
    const figure = reader.page.locator('figure.lead-image');
    expect(await figure.locator('figcaption .caption').textContent()).toBe('The market square at noon on Saturday');
    expect(await figure.locator('figcaption .credit').textContent()).toBe('Credit: Mia Lens');
    const img = figure.locator('img');
    expect(await img.getAttribute('alt')).toBe('Crowds in the market square');
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), { timeout: WAIT }).toBe(true);
    expect([...errors, ...reader.errors]).toEqual([]);
  });

  it('an editor schedules an article in the site\'s time zone (Europe/Berlin)', async () => {
    await app.t.services.settings.update({ timeZone: 'Europe/Berlin' });
    try {
      const { page, errors } = await open();
      await signIn(page);
      await page.goto(`${app.baseUrl}/admin/articles/new`);
      expect(await page.getByText('Publish date and time, in Europe/Berlin').count()).toBe(1);
      await page.locator('input[name=title]').fill('Council meets after the clock change');
      await page.locator('textarea[name=bodyMarkdown]').fill('Agenda to follow.');
      // The server's clock stands at 2026-03-14 12:00 UTC; 29 March 09:00 in Berlin is summer time (07:00 UTC).
      await page.locator('input[name=publishedAt]').fill('2026-03-29T09:00');
      const id = await press(page, 'Schedule', 'scheduled');
      expect(await page.locator('main p.notice-ok').textContent()).toMatch(/^Scheduled for March 29, 2026(,| at) 9:00\sAM GMT\+2\.$/);
      expect(await page.locator('input[name=publishedAt]').inputValue()).toBe('2026-03-29T09:00');
      expect((await app.t.services.articles.getById(id)).publishedAt).toBe('2026-03-29T07:00:00.000Z');
      expect(errors).toEqual([]);
    } finally {
      await app.t.services.settings.update({ timeZone: 'UTC' });
    }
  });

  it('an editor opens the revisions, sees the diff and restores an older version', async () => {
    const { page, errors } = await open();
    await signIn(page);
    const id = await newArticle(page, 'Bridge works', 'The bridge closes on Monday for repairs.');
    await page.locator('textarea[name=bodyMarkdown]').fill('The bridge closes on Tuesday for repairs.');
    await press(page, 'Save draft', 'saved');
    await Promise.all([page.waitForURL(`${app.baseUrl}/admin/articles/${id}/revisions`), page.getByRole('link', { name: 'Revisions' }).click()]);
    expect(await page.locator('tr[data-revision-id]').count()).toBe(2);
    // The newest version: what changed since the first.
    await Promise.all([page.waitForURL(/\/revisions\/\d+$/), page.locator('tr[data-revision-id]').first().getByRole('link').click()]);
    const text = page.getByRole('region', { name: 'Text' });
    expect(await text.locator('del').textContent()).toBe('Monday');
    expect(await text.locator('ins').textContent()).toBe('Tuesday');
    // Back to the list, the first version, restore it.
    await page.getByRole('link', { name: '← All revisions' }).click();
    await Promise.all([page.waitForURL(/\/revisions\/\d+$/), page.locator('tr[data-revision-id]').last().getByRole('link').click()]);
    await Promise.all([page.waitForURL((u) => u.searchParams.get('notice') === 'restored'), page.getByRole('button', { name: /Restore version/ }).click()]);
    expect(await page.locator('main p.notice-ok').textContent()).toMatch(/^Restored/);
    expect(await page.locator('tr[data-revision-id]').count()).toBe(3);
    expect((await app.t.services.articles.getById(id)).bodyMarkdown).toBe('The bridge closes on Monday for repairs.');
    expect(errors).toEqual([]);
  });
});
