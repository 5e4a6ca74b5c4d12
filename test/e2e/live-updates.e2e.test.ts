// Live updates in real browsers: a reader with the article open sees a comment another reader posts appear as
// "1 new comment — show" (the page does not move), and clicking shows it in the thread; a vote and an edit
// change the comment in place; a comment held as spam never appears.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';
import { callerFor } from '../helpers/test-app.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;

describe.skipIf(!chromiumPath)('live updates of the discussion in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let contexts: BrowserContext[] = [];
  const open = () => openPage(browser, contexts, { timeout: WAIT });
  const articleUrl = () => `${app.baseUrl}/articles/${demoArticle.slug}`;
  const postApi = async (body: string, who: string) => {
    const res = await fetch(`${app.baseUrl}/api/v1/articles/${demoArticle.slug}/comments`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authorName: who, authorEmail: `${who.toLowerCase()}@example.org`, body }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { comment: { id: number; status: string } }).comment;
  };

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(chromiumPath!), startApp()]);
    await app.t.services.moderation.addBlock('phrase', 'miracle pills', callerFor('Mod'));
  });
  afterEach(async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; });
  afterAll(async () => { await browser?.close(); await app?.stop(); });

  it('shows a comment posted in another browser as "1 new comment — show", and inserts it on click', async () => {
    const reader = await open();
    await reader.page.goto(articleUrl());
    await reader.page.waitForSelector('#comments-island[data-ready="true"]');
    const scrollBefore = await reader.page.evaluate(() => { window.scrollTo(0, document.getElementById('comments')!.offsetTop); return window.scrollY; });
    const firstBefore = await reader.page.locator('.comment-list > li').first().getAttribute('id');

    // A second reader posts through the page's form in another browser.
    const writer = await open();
    await writer.page.goto(articleUrl());
    await writer.page.waitForSelector('#comments-island[data-ready="true"]');
    const form = writer.page.locator('#comment-form');
    await form.getByLabel('Join the discussion').fill('Live from the second browser: the ferry timetable changed.');
    await form.locator('input[name=authorName]').fill('Marguerite');
    await form.locator('input[name=authorEmail]').fill('marguerite@example.org');
    await form.getByRole('button', { name: 'Post comment' }).click();
    await writer.page.waitForSelector('#comments-announcer :text("Your comment was published")');

    const bar = reader.page.getByRole('button', { name: '1 new comment — show' });
    await bar.waitFor();
    expect(await reader.page.locator('.live-new[role=status]').count()).toBe(1);
    // Nothing moved under the reader: the thread is as it was until they ask.
    expect(await reader.page.locator('.comment-list > li').first().getAttribute('id')).toBe(firstBefore);
    expect(await reader.page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(await reader.page.getByText('Live from the second browser').count()).toBe(0);

    await bar.click();
    const shown = reader.page.locator('.comment-list > li').first();
    await expect.poll(() => shown.locator('.comment-body').textContent()).toContain('Live from the second browser');
    expect(await shown.locator('.comment-author').textContent()).toBe('Marguerite');
    expect(await reader.page.getByRole('button', { name: /new comment/ }).count()).toBe(0);
    await expect.poll(() => reader.page.evaluate(() => document.activeElement?.closest('li.comment')?.id)).toBe(await shown.getAttribute('id'));
    expect(reader.errors).toEqual([]);
    expect(writer.errors).toEqual([]);
  });

  it('updates vote counts and edited text in place, and never shows a comment held as spam', async () => {
    const reader = await open();
    await reader.page.goto(articleUrl());
    await reader.page.waitForSelector('#comments-island[data-ready="true"]');
    const target = reader.page.locator('.comment-list > li').first();
    const id = Number(await target.getAttribute('data-comment-id'));
    const upBefore = Number(await target.locator('> article .vote-up .count').textContent());

    const vote = await fetch(`${app.baseUrl}/api/v1/comments/${id}/vote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 1 }) });
    expect(vote.status).toBe(200);
    await expect.poll(() => target.locator('> article .vote-up .count').textContent()).toBe(String(upBefore + 1));

    // A moderator edits the comment: the new text replaces the old one where it is.
    const edit = await fetch(`${app.baseUrl}/api/v1/comments/${id}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.t.config.adminToken}` },
      body: JSON.stringify({ body: 'Edited while you were reading.' }),
    });
    expect(edit.status).toBe(200);
    await expect.poll(() => target.locator('> article .comment-body').textContent()).toBe('Edited while you were reading.');

    const held = await postApi('Buy miracle pills at held-offer dot com', 'Hugo');
    expect(held.status).toBe('pending'); // marked spam: its author sees it as awaiting moderation
    await postApi('A published comment after the held one.', 'Ines');
    const bar = reader.page.getByRole('button', { name: '1 new comment — show' });
    await bar.waitFor();
    await bar.click();
    await reader.page.getByText('A published comment after the held one.').waitFor();
    expect(await reader.page.getByText('held-offer').count()).toBe(0);
    expect(reader.errors).toEqual([]);
  });
});
