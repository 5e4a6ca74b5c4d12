// After a WordPress import, a reader finds an old article by search, by its tag, by the archive and by
// following its old WordPress addresses, in a real browser.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/wordpress/harbour-gazette.xml');
const TITLE = 'Ferry vote: council says “yes” in Zürich-style referendum';

describe.skipIf(!chromiumPath)('an imported WordPress site in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then((s) => { server = s; }),
    ]);
    await server.t.services.transfer.importWordPress(fs.readFileSync(FIXTURE, 'utf8'));
  });
  afterEach(async () => { for (const c of contexts.splice(0)) await c.close(); });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('finds the old article by search, and its old address leads to it', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await page.goto(`${server.baseUrl}/search`);
    await page.getByLabel('Search the articles').fill('zurich referendum');
    await page.getByLabel('Search the articles').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const results = page.locator('ol.search-results > li');
    await expect.poll(() => results.count(), { timeout: WAIT }).toBe(1);
    await results.first().getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/articles\/ferry-vote$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);

    // The address a reader bookmarked on the WordPress site, and its "?p=" short link
    for (const old of ['/2019/05/06/ferry-vote/', '/?p=10']) {
      const response = await page.goto(`${server.baseUrl}${old}`);
      expect(page.url()).toBe(`${server.baseUrl}/articles/ferry-vote`);
      expect(response?.request().redirectedFrom()?.url()).toBe(`${server.baseUrl}${old}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    }
    // The imported discussion is there, a reply under its parent
    await expect.poll(() => page.getByText('I disagree & here is why.').count(), { timeout: WAIT }).toBe(1);
    expect(await page.getByText('Held for moderation on the old site.').count()).toBe(0);
    expect(await page.getByText(/Qorvexa/).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('finds it by its tag and in the archive, and the old category address leads to the tag page', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    // From the article, its tag (a link) lists it.
    await page.goto(`${server.baseUrl}/articles/ferry-vote`);
    await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'ferries' }).click();
    await page.waitForURL(/\/tags\/ferries$/);
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/articles\/ferry-vote$/);

    // The archive: its month (May 2019, when it was published on the old site), then the article.
    await page.goto(`${server.baseUrl}/archive`);
    await page.getByRole('link', { name: /May 2019/ }).click();
    await page.waitForURL(/\/archive\/2019\/05$/);
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/articles\/ferry-vote$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);

    // The old category page answers with the tag page, which lists it.
    await page.goto(`${server.baseUrl}/category/town-council/`);
    expect(decodeURIComponent(page.url())).toBe(`${server.baseUrl}/tags/town council`);
    await expect.poll(() => page.getByRole('link', { name: TITLE }).count(), { timeout: WAIT }).toBe(1);
    expect(errors).toEqual([]);
  });
});
