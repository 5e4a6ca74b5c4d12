// "View all comments" on a long discussion, in Chromium: the page arrives streamed (written as it is rendered,
// site/article-page-stream.ts), every comment is on it, and the island takes over from it without asking the
// comments API: a vote on the last thread counts in place, and a reply posted from it lands in its thread.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, openPage, startDemoApp, type RunningApp } from './browser.js';
import { createArticle } from '../helpers/test-app.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const THREADS = 120;

describe.skipIf(!chromiumPath)('a long discussion, all comments, in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  const contexts: BrowserContext[] = [];
  let slug = '';

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startDemoApp().then((s) => { server = s; }),
    ]);
    const article = await createArticle(server.t, { title: 'The long harbour debate', slug: 'long-harbour-debate' });
    slug = article.slug;
    for (let i = 0; i < THREADS; i++) {
      const createdAt = new Date(Date.parse('2026-03-02T10:00:00Z') + i * 60_000).toISOString();
      const root = await server.t.services.comments.importComment({ articleId: article.id, parentId: null, authorName: `Reader ${i}`, authorEmail: `r${i}@reader.example`, body: `Thread number ${i} about the harbour.`, status: 'published', up: 0, down: 0, createdAt, editedAt: null, editedBy: null });
      await server.t.services.comments.importComment({ articleId: article.id, parentId: root, authorName: `Replier ${i}`, authorEmail: `p${i}@reader.example`, body: `An answer to thread ${i}.`, status: 'published', up: 0, down: 0, createdAt, editedAt: null, editedBy: null });
    }
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await server?.stop();
  });

  it('shows every comment from the streamed page, and votes and replies in place', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    const listCalls: string[] = [];
    page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/v1/articles/${slug}/comments`) listCalls.push(r.url()); });
    const res = await page.goto(`${server.baseUrl}/articles/${slug}?sort=oldest&all=1`);
    expect(res?.status()).toBe(200);
    // Streamed: no length known ahead.
    expect(res?.headers()['content-length']).toBeUndefined();
    await page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    expect(listCalls).toEqual([]);
    expect(await page.locator('section.comments ol.comment-list > li.comment').count()).toBe(THREADS);
    expect(await page.locator('section.comments li.comment').count()).toBe(THREADS * 2);
    expect(await page.getByRole('button', { name: 'Load more comments' }).count()).toBe(0);

    const last = page.locator('section.comments ol.comment-list > li.comment').last();
    await expect.poll(() => last.locator('> article .comment-body').textContent()).toContain(`Thread number ${THREADS - 1}`);
    const id = Number(await last.getAttribute('data-comment-id'));
    await page.locator(`#comment-${id} > article button.vote-up`).click();
    await expect.poll(() => page.locator(`#comment-${id} > article button.vote-up .count`).textContent(), { timeout: WAIT }).toBe('1');

    await page.locator(`#comment-${id} > article`).getByRole('button', { name: 'Reply', exact: true }).click();
    const form = page.locator(`#reply-form-${id}`);
    await form.locator('textarea[name=body]').fill('The last word on a long page.');
    await form.locator('input[name=authorName]').fill('Lena Last');
    await form.locator('input[name=authorEmail]').fill('lena@example.org');
    await form.getByRole('button', { name: 'Post reply' }).click();
    await page.locator(`#comment-${id} > ol.replies > li.comment`).filter({ hasText: 'The last word on a long page.' }).waitFor({ timeout: WAIT });
    expect(errors).toEqual([]);
  });
});
