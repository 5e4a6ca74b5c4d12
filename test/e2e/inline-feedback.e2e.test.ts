// Inline feedback in a real browser (Debian chromium via playwright-core): a reader selects a passage of
// the article, comments on it through the button beside the selection (or a paragraph's own button), and
// sees the passage marked with its count and the quote above the comment; the mark leads to the inline filter.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createArticle } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';
import { severeViolations } from './axe.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

const BODY = [
  'The council met on **Monday evening** to discuss the budget for the coming year.',
  '',
  'Residents asked about the [new bridge](https://example.org/bridge), which will cost more than planned.',
  '',
  'In the end, the mayor thanked everyone for coming and closed the meeting at nine.',
].join('\n');

/** Selects `from` … `to` (inclusive) of the article body's text, as a reader dragging the mouse would. */
async function selectText(page: Page, from: string, to: string) {
  await page.evaluate(([a, b]) => {
    const body = document.querySelector('.article-body')!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
    const start = texts.find((t) => t.data.includes(a!))!;
    const end = texts.find((t) => t.data.includes(b!))!;
    const range = document.createRange();
    range.setStart(start, start.data.indexOf(a!));
    range.setEnd(end, end.data.indexOf(b!) + b!.length);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }, [from, to]);
}

describe.skipIf(!chromiumPath)('inline feedback in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  let url: string;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp({ demo: false }).then((s) => { server = s; }),
    ]);
    const { slug } = await createArticle(server.t, { title: 'A council meeting', bodyMarkdown: BODY });
    url = `${server.baseUrl}/articles/${slug}`;
    const plain = await server.t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`,
      payload: { authorName: 'Ada', authorEmail: 'ada@example.org', body: 'A remark on the whole article.' } });
    expect(plain.statusCode).toBe(201);
  });
  afterEach(async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const ready = async (page: Page) => {
    await page.goto(url);
    await page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });
  };
  const fillGuest = async (page: Page, body: string) => {
    const form = page.locator('#comment-form');
    await form.locator('textarea[name=body]').fill(body);
    await form.locator('input[name=authorName]').fill('Grace');
    await form.locator('input[name=authorEmail]').fill('grace@example.org');
    await form.getByRole('button', { name: 'Post comment' }).click();
  };

  it('selecting a passage and posting on it marks the passage with its count and shows the quote', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT, bypassCSP: true });
    await ready(page);
    // A selection across the edge of the bold text.
    await selectText(page, 'met on', 'Monday evening');
    const button = page.getByRole('button', { name: 'Comment on this passage' });
    await button.waitFor({ state: 'visible' });
    await button.click();

    const quote = page.locator('#comment-form .form-quote blockquote');
    await poll(() => quote.textContent()).toBe('met on Monday evening');
    // The caret is in the form, ready to write.
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('body');
    await fillGuest(page, 'Why on a Monday?');

    // The comment shows its quote; the passage is marked, with a count linking to the inline filter.
    const posted = page.locator('section.comments li.comment', { hasText: 'Why on a Monday?' });
    await poll(() => posted.locator('.inline-quote blockquote').textContent()).toBe('met on Monday evening');
    const count = page.locator('.article-body a.inline-count');
    await poll(() => count.count()).toBe(1);
    expect(await count.textContent()).toBe('1');
    expect(await count.getAttribute('aria-label')).toBe('1 comment on this passage');
    expect(await page.locator('.article-body mark.inline-passage').allTextContents()).toEqual(['met on ', 'Monday evening']);
    // The form is back to commenting on the whole article.
    expect(await page.locator('#comment-form .form-quote').count()).toBe(0);

    // Activating the mark shows its comments: the inline filter, scrolled to the comment.
    await count.click();
    await page.waitForURL(/inline=1/);
    await page.locator('#comments-island[data-ready="true"]').waitFor({ state: 'attached' });
    expect(await page.locator('.sort-tabs a.inline-filter').getAttribute('aria-current')).toBe('true');
    await poll(() => page.locator('section.comments li.comment').count()).toBe(1);
    expect(new URL(page.url()).hash).toMatch(/^#comment-\d+$/);
    expect(await severeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a paragraph\'s own button comments on the whole paragraph (keyboard and touch)', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await ready(page);
    const last = page.locator('.article-body p').last();
    const own = last.getByRole('button', { name: 'Comment on this paragraph' });
    await own.focus();
    await page.keyboard.press('Enter');
    const paragraph = 'In the end, the mayor thanked everyone for coming and closed the meeting at nine.';
    await poll(() => page.locator('#comment-form .form-quote blockquote').textContent()).toBe(paragraph);
    await fillGuest(page, 'A good ending.');
    await poll(() => last.locator('a.inline-count').count()).toBe(1);
    expect((await last.locator('mark.inline-passage').allTextContents()).join('')).toBe(paragraph);
    // The island's "Inline Feedbacks" filter lists the comments on passages, in place.
    const plainRemark = page.locator('section.comments li.comment', { hasText: 'A remark on the whole article.' });
    expect(await plainRemark.count()).toBe(1);
    await page.locator('.sort-tabs a.inline-filter').click();
    await poll(() => plainRemark.count()).toBe(0);
    const mine = page.locator('section.comments li.comment', { hasText: 'A good ending.' });
    expect(await mine.locator('.inline-quote blockquote').textContent()).toBe(paragraph);
    expect(new URL(page.url()).searchParams.get('inline')).toBe('1');
    expect(errors).toEqual([]);
  });
});
