// Where the keyboard focus goes, and what a screen reader hears, when a reader acts with the comment
// island and the light-box: posting announces the outcome and focuses the new comment; Reply puts the
// caret in the reply box and Cancel/Escape bring it back to Reply; the light-box keeps Tab inside.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { launchChromium, openPage, startDemoApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const slug = demoArticle.slug;
const WAIT = 10_000;
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

const islandReady = (page: Page) => page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });
/** A short description of the focused element: tag, id, classes and name attribute, plus its comment. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const comment = el.closest('li.comment')?.id;
  const name = el.getAttribute('name');
  return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}${name ? `[name=${name}]` : ''}${comment ? ` in ${comment}` : ''}`;
});
const inLightbox = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('.lightbox'));

describe.skipIf(!chromiumPath)('keyboard focus and announcements in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];

  async function open() {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await page.goto(`${server.baseUrl}/articles/${slug}`);
    await islandReady(page);
    return { page, errors };
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startDemoApp().then((s) => { server = s; }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await server?.stop();
  });

  async function postMain(page: Page, body: string, who: string) {
    const form = page.locator('#comment-form');
    await form.locator('textarea[name=body]').fill(body);
    await form.locator('input[name=authorName]').fill(who);
    await form.locator('input[name=authorEmail]').fill(`${who.split(' ')[0]!.toLowerCase()}@example.org`);
    await form.getByRole('button', { name: 'Post comment' }).press('Enter');
    const li = page.locator('section.comments li.comment').filter({ hasText: body });
    await li.waitFor();
    return Number(await li.getAttribute('data-comment-id'));
  }

  it('posting announces the outcome politely and focuses the new comment', async () => {
    const { page, errors } = await open();
    // The live region is in the page from the start (a region added with its text is often not read).
    const status = page.locator('#comments-announcer');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.textContent()).toBe('');

    const id = await postMain(page, 'Announced and focused, published at once.', 'Pia Published');
    await poll(() => status.textContent()).toBe('Your comment was published.');
    await poll(() => focused(page)).toBe(`article in comment-${id}`);

    // A comment the site holds for a moderator is announced as such.
    const settings = server.t.services.settings;
    const moderation = settings.get().moderation;
    await settings.update({ moderation: { ...moderation, policy: 'all' } });
    try {
      const held = await postMain(page, 'This one waits for a moderator.', 'Hal Held');
      await poll(() => status.textContent()).toBe('Your comment is awaiting moderation.');
      await poll(() => focused(page)).toBe(`article in comment-${held}`);
    } finally {
      await settings.update({ moderation });
    }
    expect(errors).toEqual([]);
  });

  it('Reply puts the focus in the reply box; Escape and Cancel bring it back to Reply; a reply is announced', async () => {
    const { page, errors } = await open();
    const first = page.locator('section.comments ol.comment-list > li.comment').first();
    const id = Number(await first.getAttribute('data-comment-id'));
    const reply = first.locator(':scope > article').getByRole('button', { name: 'Reply', exact: true });

    await reply.press('Enter');
    await poll(() => focused(page)).toBe(`textarea[name=body] in comment-${id}`);
    expect(await page.locator(`#reply-form-${id} textarea[name=body]`).count()).toBe(1);
    await page.keyboard.type('Changed my mind.');
    await page.keyboard.press('Escape');
    await page.locator(`#reply-form-${id}`).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe(`button.button.link.reply-link in comment-${id}`);

    await page.keyboard.press('Enter'); // Reply is focused: opens the form again
    await poll(() => focused(page)).toBe(`textarea[name=body] in comment-${id}`);
    await page.locator(`#reply-form-${id}`).getByRole('button', { name: 'Cancel' }).press('Enter');
    await page.locator(`#reply-form-${id}`).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe(`button.button.link.reply-link in comment-${id}`);

    // Sending the reply: announced, and the focus on the reply.
    await reply.press('Enter');
    const form = page.locator(`#reply-form-${id}`);
    await form.locator('textarea[name=body]').fill('A reply sent from the keyboard.');
    await form.locator('input[name=authorName]').fill('Kai Keys');
    await form.locator('input[name=authorEmail]').fill('kai@example.org');
    await form.getByRole('button', { name: 'Post reply' }).press('Enter');
    const posted = first.locator(':scope > ol.replies > li.comment').filter({ hasText: 'A reply sent from the keyboard.' });
    await posted.waitFor();
    const replyId = Number(await posted.getAttribute('data-comment-id'));
    await poll(() => page.locator('#comments-announcer').textContent()).toBe('Your reply was published.');
    await poll(() => focused(page)).toBe(`article in comment-${replyId}`);
    expect(errors).toEqual([]);
  });

  it('a vote from the keyboard keeps the focus on the vote button', async () => {
    const { page, errors } = await open();
    const first = page.locator('section.comments ol.comment-list > li.comment').first();
    const id = Number(await first.getAttribute('data-comment-id'));
    const up = first.locator(':scope > article button.vote-up');
    const before = Number(await up.locator('.count').textContent());
    await up.press('Enter');
    await poll(() => up.locator('.count').textContent()).toBe(String(before + 1));
    await poll(() => focused(page)).toBe(`button.vote.vote-up[name=value] in comment-${id}`);
    await page.keyboard.press('Space'); // still there: withdraws the vote
    await poll(() => up.locator('.count').textContent()).toBe(String(before));
    expect(await focused(page)).toBe(`button.vote.vote-up[name=value] in comment-${id}`);
    expect(errors).toEqual([]);
  });

  it('the light-box is a named modal dialog that keeps Tab inside, and Escape returns to the link', async () => {
    const { page, errors } = await open();
    const link = page.locator('.article-body a.full-size-link').first();
    await link.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect((await dialog.getAttribute('aria-label'))?.length).toBeGreaterThan(0);
    expect(await inLightbox(page)).toBe(true);
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await inLightbox(page), `after ${key}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe('a.full-size-link');
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });
});
