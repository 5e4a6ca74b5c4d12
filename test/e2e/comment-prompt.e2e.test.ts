// The floating invitation to comment in a real browser: it opens the form, its × closes it for this reader
// (also on the next page and after a reload, not for another reader), it goes once the reader has commented,
// and an admin sets its wording in the settings form.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;

describe.skipIf(!chromiumPath)('the invitation to comment in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let contexts: BrowserContext[] = [];
  const open = () => openPage(browser, contexts, { timeout: WAIT });
  const articleUrl = () => `${app.baseUrl}/articles/${demoArticle.slug}`;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(chromiumPath!), startApp()]);
  });
  afterEach(async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; });
  afterAll(async () => { await browser?.close(); await app?.stop(); });

  it('opens the comment form, and its × closes it for this reader only', async () => {
    const { page, errors } = await open();
    await page.goto(articleUrl());
    const prompt = page.getByRole('complementary', { name: 'Invitation to comment' });
    await prompt.getByRole('link', { name: /Would love your thoughts, please comment\./ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form')?.id)).toBe('comment-form');

    await prompt.getByRole('button', { name: 'Close the invitation to comment' }).click();
    expect(await prompt.count()).toBe(0);
    await page.reload();
    await page.waitForSelector('#comments-island[data-ready="true"]');
    expect(await page.locator('#comment-prompt').count()).toBe(0);

    const other = await open();
    await other.page.goto(articleUrl());
    expect(await other.page.getByRole('complementary', { name: 'Invitation to comment' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('goes once the reader has commented on the article', async () => {
    const { page, errors } = await open();
    await page.goto(articleUrl());
    await page.waitForSelector('#comments-island[data-ready="true"]');
    expect(await page.locator('#comment-prompt').isVisible()).toBe(true);
    const form = page.locator('#comment-form');
    await form.getByLabel('Join the discussion').fill('The harbour stores should stay public; they were built with our taxes.');
    await form.locator('input[name=authorName]').fill('Odile');
    await form.locator('input[name=authorEmail]').fill('odile@example.org');
    await form.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForSelector('#comments-announcer :text("Your comment")');
    expect(await page.locator('#comment-prompt').count()).toBe(0);
    await page.reload();
    expect(await page.locator('#comment-prompt').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("takes its wording from the settings form (which also sets notifications, feeds, robots.txt and the time zone)", async () => {
    const admin = await app.t.services.accounts.createUser({ email: 'ada@example.org', password: 'correct horse battery', displayName: 'Ada Admin', role: 'admin' });
    const session = await app.t.services.accounts.createSession(admin.id);
    const { context, page } = await open();
    await context.addCookies([{ name: 'gz_session', value: session.token, url: app.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${app.baseUrl}/admin/settings`);
    await page.getByLabel('Invitation to comment, floating on article pages (empty: none)').fill('What would you ask the council?');
    // The same form sets how often notification mails go, the digest hour, the feeds and robots.txt.
    await page.locator('input[name=notifyBatchMinutes]').fill('30');
    await page.locator('input[name=digestHourUtc]').fill('6');
    await page.locator('input[name=feedFullContent]').uncheck();
    await page.locator('textarea[name=robotsTxt]').fill('User-agent: *\nDisallow: /search');
    // The site's time zone: a name Intl does not know is refused beside the field, the typed values kept.
    const zone = page.locator('input[name=timeZone]');
    await zone.fill('Mars/Olympus_Mons');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save settings' }).click()]);
    await expect.poll(() => page.locator('input[name=timeZone]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('textarea[name=robotsTxt]').inputValue()).toContain('Disallow: /search');
    await page.locator('input[name=timeZone]').fill('Europe/Berlin');
    await Promise.all([page.waitForURL(/notice=saved/), page.getByRole('button', { name: 'Save settings' }).click()]);
    const saved = app.t.services.settings.get();
    expect(saved.timeZone).toBe('Europe/Berlin');
    expect(saved.notifications).toEqual({ batchMinutes: 30, digestHourUtc: 6 });
    expect(saved.discovery.feedFullContent).toBe(false);
    expect(await (await fetch(`${app.baseUrl}/robots.txt`)).text()).toContain('Disallow: /search');
    const reader = await open();
    await reader.page.goto(articleUrl());
    expect(await reader.page.locator('.comment-prompt-text').textContent()).toBe('What would you ask the council?');
  });
});
