// A reader finds an old article (no longer on the front page) with the search form, in a real browser.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createArticle } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';
import { severeViolations } from './axe.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const OLD_TITLE = 'Record swim across the lake at Zürich';

describe.skipIf(!chromiumPath)('site search in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then((s) => { server = s; }),
    ]);
    await createArticle(server.t, { title: OLD_TITLE, bodyMarkdown: 'Forty swimmers crossed the Zürichsee at dawn; one of them in record time.', publishedAt: '2020-06-01T06:00:00Z' });
    // Newer articles push the old one off the front page (20 articles a page).
    for (let i = 1; i <= 31; i++) {
      await createArticle(server.t, { title: `Newer report ${i}`, bodyMarkdown: `Report number ${i} about the town.`, publishedAt: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z` });
    }
  });
  afterEach(async () => { for (const c of contexts.splice(0)) await c.close(); });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('goes from the header link to the form, finds the old article by a word in any case, and opens it', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT, bypassCSP: true }); // axe is injected inline
    await page.goto(`${server.baseUrl}/`);
    expect(await page.getByRole('link', { name: OLD_TITLE }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Search' }).click();
    await page.waitForURL(/\/search$/);
    expect(await severeViolations(page)).toEqual([]);
    await page.getByLabel('Search the articles').fill('ZÜRICH swim');
    await page.getByLabel('Search the articles').press('Enter');
    await page.waitForURL(/\/search\?q=/);

    const results = page.locator('ol.search-results > li');
    await expect.poll(() => results.count(), { timeout: WAIT }).toBe(1);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('1 article matches');
    expect(await severeViolations(page)).toEqual([]);
    expect(await results.first().locator('mark').allTextContents()).toContain('swimmers');
    await results.first().getByRole('heading', { level: 2 }).getByRole('link', { name: OLD_TITLE }).click();
    await page.waitForURL(/\/articles\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(OLD_TITLE);
    expect(errors).toEqual([]);
  });
});
