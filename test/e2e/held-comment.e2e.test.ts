// The minimum fill time of the plain HTML form, in chromium with JavaScript off and the site's default
// moderation: a reply sent before a person could have written it is held for a moderator (not binned as
// spam), and the page tells its poster why, in words; other readers never see it. The server runs on a
// clock the test holds still, so "sent within the minimum time" does not depend on the machine's speed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { FakeClock } from '../helpers/test-app.js';
import { launchChromium, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const slug = demoArticle.slug;
const WAIT = 10_000;
const HELD_WHY = 'Held for a moderator: it was sent within seconds of opening the form, as spam robots do.';

describe.skipIf(!chromiumPath)('a reply sent too fast without JavaScript, in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const clock = new FakeClock();
  const contexts: BrowserContext[] = [];

  async function open(): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    context.setDefaultTimeout(WAIT);
    return context.newPage();
  }
  const statusOf = async (id: number) => (await server.t.db.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** Opens the reply form of a comment with its Reply link, fills it in and sends it; returns the new id. */
  async function reply(page: Page, to: number, body: string, beforeSending?: () => void): Promise<number> {
    await page.locator(`#comment-${to} > article`).getByRole('link', { name: 'Reply', exact: true }).click();
    const form: Locator = page.locator(`#reply-form-${to}`);
    await form.waitFor();
    await form.locator('textarea[name=body]').fill(body);
    await form.locator('input[name=authorName]').fill('Quinn Quick');
    await form.locator('input[name=authorEmail]').fill('quinn@example.org');
    beforeSending?.();
    await Promise.all([page.waitForURL((u) => /^#comment-\d+$/.test(u.hash) && u.hash !== `#comment-${to}`), form.getByRole('button', { name: 'Post reply' }).click()]);
    return Number(/#comment-(\d+)$/.exec(page.url())![1]);
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ clock, moderation: 'site-defaults' }).then((s) => { server = s; }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await server?.stop();
  });

  it('holds the reply for a moderator and tells its poster why; a reply written at a human pace is published', async () => {
    const minFill = server.t.services.settings.get().moderation.minFillSeconds;
    expect(minFill).toBeGreaterThan(0); // the site's default: the trap is on

    const page = await open();
    await page.goto(`${server.baseUrl}/articles/${slug}`);
    const to = Number(await page.locator('section.comments ol.comment-list > li.comment').first().getAttribute('data-comment-id'));

    // Sent at the server's same instant as the form was shown (0 s < the minimum).
    const fast = await reply(page, to, 'I read it quickly and answered quickly.');
    expect(await statusOf(fast)).toBe('pending');
    const queue = await server.t.services.moderation.queue('pending');
    expect(queue.items.find((c) => c.id === fast)?.moderation).toMatchObject({ verdict: 'pending', decidedBy: 'form-traps' });

    // The poster's page shows it where it belongs, saying why it waits — not just "awaiting moderation".
    const mine = page.locator(`#comment-${to} > ol.replies > li#comment-${fast}`);
    const note = mine.locator(':scope > article .awaiting-moderation');
    expect(await note.textContent()).toBe(`${HELD_WHY} Only you can see this comment until a moderator approves it.`);
    expect(await mine.locator(':scope > article .comment-body').textContent()).toBe('I read it quickly and answered quickly.');

    // Another reader sees neither the reply nor the note.
    const stranger = await open();
    await stranger.goto(`${server.baseUrl}/articles/${slug}?all=1`);
    await stranger.locator(`#comment-${to}`).waitFor();
    expect(await stranger.locator(`#comment-${fast}`).count()).toBe(0);
    expect(await stranger.locator('.awaiting-moderation').count()).toBe(0);

    // The same reader, taking longer than the minimum between opening the form and sending it: published.
    const slow = await reply(page, to, 'And a second, slower and more considered reply.', () => clock.advance((minFill + 5) * 1000));
    expect(await statusOf(slow)).toBe('published');
    expect(await page.locator(`#comment-${slow} .awaiting-moderation`).count()).toBe(0);
  });
});
