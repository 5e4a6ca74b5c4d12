// "Notify of" in a real browser: a guest asks for mail on the comment form, confirms from the mailed link,
// gets a comment by mail, unsubscribes from the mail's link and chooses the daily digest on the page of their
// subscriptions; a signed-in reader follows a discussion from the article page and stops following it.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createArticle } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumPath)('notifications in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let contexts: BrowserContext[] = [];
  let slug: string;
  const open = () => openPage(browser, contexts, { timeout: WAIT });

  /** The newest mailed link to `to` under `path`, on this test's server. */
  async function mailedLink(to: string, path: string): Promise<string> {
    await app.t.jobs.runDue();
    await app.t.jobs.runDue();
    const mail = (await app.t.mailer.list()).find((m) => m.to_address === to && m.text_body.includes(path));
    const url = mail && new RegExp(`https?://\\S+${path}/\\S+`).exec(mail.text_body)?.[0];
    if (!url) throw new Error(`no mail to ${to} with a ${path} link`);
    return `${app.baseUrl}${new URL(url).pathname}`;
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then(async (s) => {
        app = s;
        slug = (await createArticle(s.t, { title: 'The harbour vote', bodyMarkdown: 'The council votes on the harbour stores tonight.' })).slug;
        await s.t.services.accounts.createUser({ email: 'rosa@example.org', password: PASSWORD, displayName: 'Rosa Reader', role: 'reader' });
      }),
    ]);
  });
  afterEach(async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; });
  afterAll(async () => { await browser?.close(); await app?.stop(); });

  it('a guest subscribes on the comment form, confirms by mail, unsubscribes from a notification and picks the digest', async () => {
    const { page, errors } = await open();
    await page.goto(`${app.baseUrl}/articles/${slug}`);
    await page.waitForSelector('#comments-island[data-ready="true"]');
    const form = page.locator('#comment-form');
    await form.getByLabel('Join the discussion').fill('Keep the stores public, please.');
    await form.locator('input[name=authorName]').fill('Gina');
    await form.locator('input[name=authorEmail]').fill('gina@example.org');
    await form.getByLabel('Notify of').selectOption({ label: 'All new comments' });
    await form.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForSelector('#comments-announcer :text("Your comment")');

    await page.goto(await mailedLink('gina@example.org', '/notifications/confirm'));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are subscribed');

    const posted = await app.t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: '198.51.100.7',
      payload: { authorName: 'Hugo', authorEmail: 'hugo@example.org', body: 'The vote is at eight.' },
    });
    expect(posted.statusCode).toBe(201);
    const unsubscribe = await mailedLink('gina@example.org', '/notifications/unsubscribe');
    const mail = (await app.t.mailer.list()).find((m) => m.to_address === 'gina@example.org' && m.text_body.includes('The vote is at eight.'));
    expect(JSON.parse(mail!.headers!)).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

    await page.goto(unsubscribe);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Unsubscribed');
    await page.getByRole('link', { name: 'All your subscriptions' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your subscriptions');
    expect(await page.getByText('None: this address gets no mail about discussions.').isVisible()).toBe(true);

    await page.getByLabel('One daily digest').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved.');
    expect(await page.getByLabel('One daily digest').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a signed-in reader follows the discussion from the article page, stops following, and unsubscribes from the subscriptions page', async () => {
    const { page, errors } = await open();
    await page.goto(`${app.baseUrl}/login`);
    await page.locator('input[name=email]').fill('rosa@example.org');
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${app.baseUrl}/account`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.goto(`${app.baseUrl}/articles/${slug}`);
    await page.getByRole('button', { name: 'Follow this discussion by e-mail' }).click();
    await page.waitForSelector('text=You follow this discussion');
    await page.getByRole('link', { name: 'Your subscriptions' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your subscriptions');
    expect(await page.getByRole('link', { name: 'The harbour vote' }).isVisible()).toBe(true);

    await page.goto(`${app.baseUrl}/articles/${slug}`);
    await page.getByRole('button', { name: 'Stop following' }).click();
    await page.getByRole('button', { name: 'Follow this discussion by e-mail' }).click();
    await page.waitForSelector('text=You follow this discussion');

    // From the subscriptions page: one subscription's own button, then everything at once.
    await page.getByRole('link', { name: 'Your subscriptions' }).click();
    await page.getByRole('button', { name: 'Unsubscribe from The harbour vote' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Unsubscribed.');
    await page.goto(`${app.baseUrl}/articles/${slug}`);
    await page.getByRole('button', { name: 'Follow this discussion by e-mail' }).click();
    await page.getByRole('link', { name: 'Your subscriptions' }).click();
    await page.getByRole('button', { name: 'Unsubscribe from everything' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Unsubscribed.');
    expect(await page.getByText('None: this address gets no mail about discussions.').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
