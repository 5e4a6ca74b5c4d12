// The comment island takes over from the comments already in the page: no request to the comments API
// while the page loads, and everything still works in place (vote, reply, load more, sort). A reader's
// own state (their vote, their comment's Edit) survives a reload without that request too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { launchChromium, openPage, startDemoApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const slug = demoArticle.slug;
const WAIT = 10_000;
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

const topLevel = (page: Page) => page.locator('section.comments ol.comment-list > li.comment');
const islandReady = (page: Page) => page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });
const shownCount = async (page: Page, id: number, dir: 'up' | 'down') =>
  Number(await page.locator(`#comment-${id} > article button.vote-${dir} .count`).textContent());

describe.skipIf(!chromiumPath)('comment island state in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];
  const articleUrl = (q = '') => `${server.baseUrl}/articles/${slug}${q}`;
  const commentsApi = `/api/v1/articles/${slug}/comments`;

  /** A page that records every request to the comments list API (GET) it makes. */
  async function open() {
    const opened = await openPage(browser, contexts, { timeout: WAIT });
    const listCalls: string[] = [];
    opened.page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === commentsApi) listCalls.push(r.url()); });
    return { ...opened, listCalls };
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startDemoApp().then((s) => { server = s; }),
    ]);
    // More than one page of threads (20), so "Load more comments" shows.
    for (let i = 1; i <= 10; i++) {
      const res = await server.t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`,
        payload: { authorName: `Extra Reader ${i}`, authorEmail: `extra${i}@example.org`, body: `Extra comment number ${i}.` } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await server?.stop();
  });

  it('loads without asking the comments API, then votes, replies, loads more and sorts in place', async () => {
    const { page, listCalls, errors } = await open();
    await page.goto(articleUrl());
    await islandReady(page);
    await page.waitForLoadState('networkidle');
    expect(listCalls).toEqual([]);
    expect(await topLevel(page).count()).toBe(20);

    // Vote: the count goes up in place.
    const target = Number(await topLevel(page).nth(1).getAttribute('data-comment-id'));
    const up = await shownCount(page, target, 'up');
    await page.locator(`#comment-${target} > article button.vote-up`).click();
    await poll(() => shownCount(page, target, 'up')).toBe(up + 1);
    expect(await page.locator(`#comment-${target} > article button.vote-up`).getAttribute('aria-pressed')).toBe('true');

    // Reply: the form opens under the comment, the reply lands in its thread.
    await page.locator(`#comment-${target} > article`).getByRole('button', { name: 'Reply', exact: true }).click();
    const form = page.locator(`#reply-form-${target}`);
    await form.locator('textarea[name=body]').fill('A reply from the island that never re-fetched.');
    await form.locator('input[name=authorName]').fill('Iris Island');
    await form.locator('input[name=authorEmail]').fill('iris@example.org');
    await form.getByRole('button', { name: 'Post reply' }).click();
    await page.locator(`#comment-${target} > ol.replies > li.comment`).filter({ hasText: 'never re-fetched' }).waitFor();

    // Load more: the API is asked for the next page (allowed), and the rest of the threads appear.
    await page.getByRole('button', { name: 'Load more comments' }).click();
    await poll(() => topLevel(page).count()).toBeGreaterThan(20);
    expect(listCalls).toHaveLength(1);
    expect(new URL(listCalls[0]!).searchParams.get('cursor')).toBeTruthy();
    // The keyboard focus moves on to the first comment that came in.
    const firstNew = await topLevel(page).nth(20).getAttribute('id');
    await poll(() => page.evaluate(() => document.activeElement?.closest('li.comment')?.id)).toBe(firstNew);

    // Sort: asks the API for the other order.
    await page.locator('nav[aria-label="Sort comments"]').getByRole('link', { name: 'Oldest' }).click();
    await poll(() => listCalls.length).toBe(2);
    expect(new URL(listCalls[1]!).searchParams.get('sort')).toBe('oldest');
    expect(errors).toEqual([]);
  });

  it('keeps a reader\'s own vote and their comment\'s Edit button across a reload, still without the request', async () => {
    const { page, listCalls, errors } = await open();
    await page.goto(articleUrl('?sort=votes'));
    await islandReady(page);
    const target = Number(await topLevel(page).first().getAttribute('data-comment-id'));
    await page.locator(`#comment-${target} > article button.vote-down`).click();
    await poll(() => page.locator(`#comment-${target} > article button.vote-down`).getAttribute('aria-pressed')).toBe('true');

    // A voter without a comment of their own gets the shared (cached) page: their vote comes back anyway.
    expect((await page.reload())?.headers()['x-page-cache']).toMatch(/^(hit|miss)$/);
    await islandReady(page);
    expect(await page.locator(`#comment-${target} > article button.vote-down`).getAttribute('aria-pressed')).toBe('true');

    // After posting, the page is personal: the comment with its Edit button is in the embedded state.
    const body = 'Mine, and still mine after a reload.';
    const main = page.locator('#comment-form');
    await main.locator('textarea[name=body]').fill(body);
    await main.locator('input[name=authorName]').fill('Rhea Reload');
    await main.locator('input[name=authorEmail]').fill('rhea@example.org');
    await main.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('section.comments li.comment').filter({ hasText: body });
    await mine.waitFor();
    const id = Number(await mine.getAttribute('data-comment-id'));

    listCalls.length = 0;
    await page.goto(articleUrl('?sort=votes&all=1'));
    await islandReady(page);
    await page.waitForLoadState('networkidle');
    expect(listCalls).toEqual([]);
    const edit = page.locator(`#comment-${id} > article`).getByRole('button', { name: 'Edit', exact: true });
    expect(await edit.count()).toBe(1);
    expect(await page.locator(`#comment-${target} > article button.vote-down`).getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });
});
