// The demo article page in a real browser (Debian chromium via playwright-core): with JavaScript
// (the comment island acts in place) and without (plain HTML forms and links), plus stored XSS.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { demoArticle, demoComments } from '../../src/demo/demo-content.js';
import type { CommentThread } from '../../src/modules/comments/comments.schemas.js';
import { launchChromium, openPage, startDemoApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const slug = demoArticle.slug;
const SITE = 'The Test Gazette';
const EXTRA_TOP_LEVEL = 10;
const PER_PAGE = 20;
const WAIT = 10_000;

/** Polls until the assertion holds (the page updates asynchronously); never a fixed sleep. */
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

const topLevel = (page: Page) => page.locator('section.comments ol.comment-list > li.comment');
const own = (comment: Locator) => comment.locator(':scope > article');
const firstTopId = async (page: Page) => Number(await topLevel(page).first().getAttribute('data-comment-id'));
const topIds = (page: Page) => topLevel(page).evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-comment-id'))));
const topTimes = (page: Page) => topLevel(page).evaluateAll((lis) =>
  lis.map((li) => li.querySelector(':scope > article .comment-time time')?.getAttribute('datetime') ?? ''));
const topScores = (page: Page) => topLevel(page).evaluateAll((lis) => lis.map((li) => {
  const n = (sel: string) => Number(li.querySelector(`:scope > article ${sel} .count`)?.textContent);
  return n('button.vote-up') - n('button.vote-down');
}));
/** The vote count a button shows. */
const shownCount = async (button: Locator) => Number(await button.locator('.count').textContent());
/** A vote button's accessible name: the count first, as it is seen ("3 upvotes", "1 upvote"). */
const upvoteName = (n: number) => `${n} ${n === 1 ? 'upvote' : 'upvotes'}`;
const isSorted = <T>(xs: T[], ok: (a: T, b: T) => boolean) => xs.every((x, i) => i === 0 || ok(xs[i - 1]!, x));

/** Waits until the comment island has taken over the server-rendered section. */
const islandReady = (page: Page) => page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });

async function fillComment(form: Locator, v: { body: string; authorName: string; authorEmail: string }) {
  await form.locator('textarea[name=body]').fill(v.body);
  await form.locator('input[name=authorName]').fill(v.authorName);
  await form.locator('input[name=authorEmail]').fill(v.authorEmail);
}

const idFromHash = (url: string) => Number(/#comment-(\d+)$/.exec(url)?.[1]);

describe.skipIf(!chromiumPath)('article page in chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  let baseUrl: string;
  const articleUrl = (query = '') => `${baseUrl}/articles/${slug}${query}`;

  const list = async (sort: 'newest' | 'oldest' | 'votes', limit = 100) => {
    const res = await server.t.app.inject({ url: `/api/v1/articles/${slug}/comments?sort=${sort}&limit=${limit}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { comments: CommentThread[]; total: number; nextCursor: string | null };
  };
  const apiPost = async (payload: Record<string, unknown>) => {
    const res = await server.t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { comment: CommentThread }).comment;
  };
  /** The newest top-level demo comment: on the first page under "Newest", posted by nobody in these tests. */
  const demoTarget = async () => {
    const author = demoComments.filter((c) => !c.parentKey).sort((a, b) => a.minutesAgo - b.minutesAgo)[0]!.authorName;
    const found = (await list('newest')).comments.find((c) => c.authorName === author);
    if (!found) throw new Error(`demo comment by ${author} not found`);
    return found;
  };

  /** A fresh context per test; page errors are collected so a test can assert there were none. */
  let contexts: BrowserContext[] = [];
  const open = (options: BrowserContextOptions = {}) => openPage(browser, contexts, { timeout: WAIT, ...options });

  beforeAll(async () => {
    // Started side by side, but each is kept as soon as it is up so afterAll can stop it if the other fails.
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startDemoApp().then((s) => { server = s; }),
    ]);
    baseUrl = server.baseUrl;
    // Demo: 13 top-level threads; with these, more than one page (20) so "load more" / "view all" show.
    for (let i = 1; i <= EXTRA_TOP_LEVEL; i++) {
      await apiPost({ authorName: `Extra Reader ${i}`, authorEmail: `extra${i}@example.org`, body: `Extra top-level comment number ${i}.` });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  // Close each test's context even when the test fails half-way.
  const closeContexts = async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; };

  it('with JavaScript: page furniture, light-box, and the comment island acting in place', async () => {
    const { page, errors } = await open();
    try {
      await page.goto(articleUrl());

      // Fundraising bar: month label and three scale marks (0, half, goal).
      const campaign = (await server.t.services.campaigns.current())!;
      expect((await page.locator('section.fundraising .fundraising-month').textContent())?.trim()).toBe(campaign.label);
      const marks = page.locator('section.fundraising .fundraising-scale > li');
      expect(await marks.count()).toBe(3);
      expect((await marks.nth(2).textContent())?.trim()).toBe(campaign.goalFormatted);

      // Headline, the two support call-outs, the two images with their full-size links.
      expect((await page.locator('h1#article-title').textContent())?.trim()).toBe(demoArticle.title);
      const callouts = page.locator('aside.support');
      expect(await callouts.count()).toBe(2);
      for (const c of await callouts.all()) expect((await c.locator('.support-title').textContent())?.trim()).toBe(`Support ${SITE}`);
      expect(await page.locator('.article-body figure.article-image img').count()).toBe(2);
      const fullSize = page.locator('.article-body a.full-size-link');
      expect(await fullSize.count()).toBe(2);
      expect(await fullSize.allTextContents()).toEqual(['Click to see full-size image', 'Click to see full-size image']);

      // Light-box: opens on click with the full-size image (which loads), Escape closes it.
      await islandReady(page); // main.tsx has run, so the light-box handler is installed
      const href = await fullSize.first().getAttribute('href');
      await fullSize.first().click();
      const box = page.locator('div.lightbox');
      await box.locator('img').waitFor();
      expect(await box.locator('img').getAttribute('src')).toBe(new URL(href!, baseUrl).toString());
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('div.lightbox img');
        return !!img && img.complete && img.naturalWidth > 0;
      });
      expect(new URL(page.url()).pathname).toBe(`/articles/${slug}`); // the link did not navigate
      await page.keyboard.press('Escape');
      await box.waitFor({ state: 'detached' });

      // Post a comment: it appears at the top (Newest) without a page load, and the count goes up.
      await page.evaluate(() => { (window as unknown as { __noReload: string }).__noReload = 'still here'; });
      const count = page.locator('section.comments .comment-count');
      const before = Number(await count.textContent());
      const me = { authorName: 'Ellis Browser', authorEmail: 'ellis@example.org' };
      const body = 'Posted from a real browser with JavaScript on.';

      // Bad input (a body of only spaces passes `required`): the server's message shows beside the
      // form, nothing is posted, and what the reader typed is kept.
      const mainForm = page.locator('#comment-form');
      await fillComment(mainForm, { ...me, body: '   ' });
      await mainForm.getByRole('button', { name: 'Post comment' }).click();
      const formError = mainForm.locator('.form-error[role=alert]');
      await formError.waitFor();
      expect(await formError.getAttribute('data-code')).toBe('REQUIRED');
      expect(await mainForm.locator('textarea[name=body]').getAttribute('aria-invalid')).toBe('true');
      expect(await mainForm.locator('input[name=authorName]').inputValue()).toBe(me.authorName);
      expect(await mainForm.locator('input[name=authorEmail]').inputValue()).toBe(me.authorEmail);
      expect(await count.textContent()).toBe(String(before));

      await fillComment(mainForm, { ...me, body });
      await page.locator('#comment-form').getByRole('button', { name: 'Post comment' }).click();
      const posted = topLevel(page).filter({ hasText: body });
      await posted.waitFor();
      const myId = Number(await posted.getAttribute('data-comment-id'));
      const mine = page.locator(`#comment-${myId}`);
      await poll(() => count.textContent()).toBe(String(before + 1));
      expect(await firstTopId(page)).toBe(myId);
      expect((await own(mine).locator('.comment-author').textContent())?.trim()).toBe(me.authorName);
      expect(await page.locator('#comment-form textarea[name=body]').inputValue()).toBe(''); // form was reset
      expect(await own(mine).locator('button.vote-up').isDisabled()).toBe(true); // no voting on one's own comment
      expect((await list('newest')).comments.some((c) => c.id === myId)).toBe(true);

      // Reply to it: the reply form opens under it; the reply lands in its ol.replies.
      await own(mine).getByRole('button', { name: 'Reply', exact: true }).click();
      const replyForm = page.locator(`#reply-form-${myId}`);
      await replyForm.waitFor();
      const replyBody = 'And a reply to my own comment.';
      await fillComment(replyForm, { ...me, body: replyBody });
      await replyForm.getByRole('button', { name: 'Post reply' }).click();
      const reply = mine.locator(':scope > ol.replies > li.comment').filter({ hasText: replyBody });
      await reply.waitFor();
      await replyForm.waitFor({ state: 'detached' });
      await poll(() => count.textContent()).toBe(String(before + 2));

      // Vote up on a demo comment: count +1 and pressed; pressing again withdraws the vote.
      const target = await demoTarget();
      const up = own(page.locator(`#comment-${target.id}`)).locator('button.vote-up');
      expect(await shownCount(up)).toBe(target.up);
      expect(await own(page.locator(`#comment-${target.id}`)).getByRole('button', { name: upvoteName(target.up), exact: true }).count()).toBe(1);
      expect(await up.getAttribute('aria-pressed')).toBe('false');
      await up.click();
      await poll(() => shownCount(up)).toBe(target.up + 1);
      expect(await up.getAttribute('aria-pressed')).toBe('true');
      await up.click();
      await poll(() => shownCount(up)).toBe(target.up);
      expect(await up.getAttribute('aria-pressed')).toBe('false');
      expect((await demoTarget()).up).toBe(target.up);

      // Edit my comment: the form is prefilled; after Save the new text and "Last edited … by me" show.
      await own(mine).getByRole('button', { name: 'Edit', exact: true }).click();
      const editForm = own(mine).locator('form.edit-form');
      const editBox = editForm.locator('textarea[name=body]');
      expect(await editBox.inputValue()).toBe(body);
      const edited = 'Edited in the browser: second thoughts.';
      await editBox.fill(edited);
      await editForm.getByRole('button', { name: 'Save' }).click();
      await editForm.waitFor({ state: 'detached' });
      await poll(() => own(mine).locator('.comment-body').textContent()).toBe(edited);
      const editedNote = own(mine).locator('.comment-edited');
      await poll(() => editedNote.textContent()).toMatch(new RegExp(`^Last edited .+ by ${me.authorName}$`));

      // Sort tabs: the list re-orders in place and the address carries ?sort=.
      const tabs = page.locator('nav[aria-label="Sort comments"]');
      const newestPage = await topIds(page);
      const oldestPage = (await list('oldest', PER_PAGE)).comments.map((c) => c.id);
      await tabs.getByRole('link', { name: 'Oldest' }).click();
      await poll(() => topIds(page)).toEqual(oldestPage);
      expect(oldestPage).not.toEqual(newestPage);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('oldest');
      expect(await tabs.getByRole('link', { name: 'Oldest' }).getAttribute('aria-current')).toBe('true');
      const times = await topTimes(page);
      expect(times).toHaveLength(PER_PAGE);
      expect(isSorted(times, (a, b) => a <= b)).toBe(true);

      const votedPage = (await list('votes', PER_PAGE)).comments.map((c) => c.id);
      expect(votedPage).not.toEqual(oldestPage);
      await tabs.getByRole('link', { name: 'Most Voted' }).click();
      await poll(() => topIds(page)).toEqual(votedPage);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('votes');
      const scores = await topScores(page);
      expect(scores).toHaveLength(PER_PAGE);
      expect(isSorted(scores, (a, b) => a >= b)).toBe(true);

      // Load more: the rest of the threads are appended, once each, and the button goes away.
      const allTop = (await list('votes')).comments.map((c) => c.id);
      expect(allTop.length).toBeGreaterThan(PER_PAGE);
      await page.getByRole('button', { name: 'Load more comments' }).click();
      await poll(() => topLevel(page).count()).toBe(allTop.length);
      expect(await topIds(page)).toEqual(allTop);
      await page.getByRole('button', { name: 'Load more comments' }).waitFor({ state: 'detached' });

      expect(await page.evaluate(() => (window as unknown as { __noReload?: string }).__noReload)).toBe('still here');
      expect(errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });

  it('without JavaScript: plain forms post, reply, vote and edit; sort and "view all" are links', async () => {
    const { page } = await open({ javaScriptEnabled: false });
    try {
      await page.goto(articleUrl());
      const count = page.locator('section.comments .comment-count');
      const before = Number(await count.textContent());
      expect(await page.locator('#comments-island').getAttribute('data-ready')).toBeNull(); // no island

      // Post: 303 to the page at #comment-<id>, which shows the new comment first.
      const me = { authorName: 'Noor Nojs', authorEmail: 'noor@example.org' };
      const body = 'Posted with JavaScript switched off.';
      await fillComment(page.locator('#comment-form'), { ...me, body });
      await page.locator('#comment-form').getByRole('button', { name: 'Post comment' }).click();
      await page.waitForURL((u) => /^#comment-\d+$/.test(u.hash));
      const myId = idFromHash(page.url());
      const mine = page.locator(`#comment-${myId}`);
      expect((await own(mine).locator('.comment-body').textContent())?.trim()).toBe(body);
      expect(await firstTopId(page)).toBe(myId);
      expect(await count.textContent()).toBe(String(before + 1));

      // Reply link → the page with the reply form open → submit → the reply nested under it.
      await own(mine).getByRole('link', { name: 'Reply', exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('replyTo') === String(myId));
      const replyForm = page.locator(`#reply-form-${myId}`);
      await replyForm.waitFor();
      const replyBody = 'A reply, also without JavaScript.';
      await fillComment(replyForm, { ...me, body: replyBody });
      await replyForm.getByRole('button', { name: 'Post reply' }).click();
      await page.waitForURL((u) => /^#comment-\d+$/.test(u.hash) && u.hash !== `#comment-${myId}`);
      const replyId = idFromHash(page.url());
      const reply = mine.locator(`:scope > ol.replies > li#comment-${replyId}`);
      expect((await own(reply).locator('.comment-body').textContent())?.trim()).toBe(replyBody);
      expect(await page.locator(`#reply-form-${myId}`).count()).toBe(0);
      expect(await count.textContent()).toBe(String(before + 2));

      // Vote form: pressing toggles the vote on a demo comment.
      const target = await demoTarget();
      const up = () => own(page.locator(`#comment-${target.id}`)).locator('button.vote-up');
      await up().click();
      await page.waitForURL((u) => u.hash === `#comment-${target.id}`);
      expect(await shownCount(up())).toBe(target.up + 1);
      expect(await own(page.locator(`#comment-${target.id}`)).getByRole('button', { name: upvoteName(target.up + 1), exact: true }).count()).toBe(1);
      expect(await up().getAttribute('aria-pressed')).toBe('true');
      await Promise.all([page.waitForEvent('load'), up().click()]);
      expect(await shownCount(up())).toBe(target.up);
      expect(await up().getAttribute('aria-pressed')).toBe('false');

      // Edit link → edit form (prefilled) → Save → new text and "Last edited … by me".
      await own(mine).getByRole('link', { name: 'Edit', exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('edit') === String(myId));
      const editBox = own(mine).locator('form.edit-form textarea[name=body]');
      expect(await editBox.inputValue()).toBe(body);
      const edited = 'Edited without JavaScript.';
      await editBox.fill(edited);
      await own(mine).locator('form.edit-form').getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((u) => !u.searchParams.has('edit') && u.hash === `#comment-${myId}`);
      expect((await own(mine).locator('.comment-body').textContent())?.trim()).toBe(edited);
      expect(await own(mine).locator('.comment-edited').textContent()).toMatch(new RegExp(`^Last edited .+ by ${me.authorName}$`));

      // Sort tabs are links.
      const tabs = page.locator('nav[aria-label="Sort comments"]');
      await tabs.getByRole('link', { name: 'Oldest' }).click();
      await page.waitForURL((u) => u.searchParams.get('sort') === 'oldest');
      expect(await topIds(page)).toEqual((await list('oldest', PER_PAGE)).comments.map((c) => c.id));
      expect(await tabs.getByRole('link', { name: 'Oldest' }).getAttribute('aria-current')).toBe('true');
      const times = await topTimes(page);
      expect(times).toHaveLength(PER_PAGE);
      expect(isSorted(times, (a, b) => a <= b)).toBe(true);
      await tabs.getByRole('link', { name: 'Most Voted' }).click();
      await page.waitForURL((u) => u.searchParams.get('sort') === 'votes');
      expect(await topIds(page)).toEqual((await list('votes', PER_PAGE)).comments.map((c) => c.id));
      expect(isSorted(await topScores(page), (a, b) => a >= b)).toBe(true);

      // "View all comments" shows every thread.
      const allTop = (await list('votes')).comments.map((c) => c.id);
      expect(allTop.length).toBeGreaterThan(PER_PAGE);
      await page.getByRole('link', { name: 'View all comments' }).click();
      await page.waitForURL((u) => u.searchParams.get('all') === '1');
      expect(new URL(page.url()).searchParams.get('sort')).toBe('votes');
      expect(await topIds(page)).toEqual(allTop);
      expect(await page.getByRole('link', { name: 'View all comments' }).count()).toBe(0);
    } finally {
      await closeContexts();
    }
  });

  /** Two demo comments nobody in these tests acts on otherwise (the second and third newest threads). */
  const reportTargets = async () => {
    const demoTop = demoComments.filter((c) => !c.parentKey).sort((a, b) => a.minutesAgo - b.minutesAgo).slice(1, 3).map((c) => c.authorName);
    const threads = (await list('newest')).comments;
    return demoTop.map((name) => threads.find((c) => c.authorName === name)!);
  };
  const reportsOf = (id: number) => server.t.db.db.selectFrom('comment_reports').select(['reason', 'note']).where('comment_id', '=', id).execute();
  const THANKS = 'Thanks — a moderator will look at it.';

  it('reports a comment with JavaScript (in place) and without (a plain form and a redirect)', async () => {
    const [forIsland, forForm] = await reportTargets();
    const on = await open();
    const off = await open({ javaScriptEnabled: false });
    try {
      // With JavaScript: the form opens under the comment with the caret in it; Escape closes it again.
      await on.page.goto(articleUrl());
      await islandReady(on.page);
      const comment = on.page.locator(`#comment-${forIsland!.id}`);
      const reportButton = own(comment).getByRole('button', { name: 'Report', exact: true });
      await reportButton.click();
      const form = comment.locator(':scope > form.report-form');
      await form.waitFor();
      await poll(() => form.locator('select[name=reason]').evaluate((el) => el === document.activeElement)).toBe(true);
      await on.page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
      await poll(() => reportButton.evaluate((el) => el === document.activeElement)).toBe(true);

      await reportButton.click();
      await form.locator('select[name=reason]').selectOption('off-topic');
      await form.locator('input[name=note]').fill('About the weather, not the harbour.');
      await form.getByRole('button', { name: 'Send report' }).click();
      await form.waitFor({ state: 'detached' });
      expect(await own(comment).locator('.reported-note').textContent()).toBe(THANKS);
      expect(await reportButton.count()).toBe(0);
      await poll(() => on.page.locator('#comments-announcer').textContent()).toBe(THANKS);
      expect(await reportsOf(forIsland!.id)).toEqual([{ reason: 'off-topic', note: 'About the weather, not the harbour.' }]);
      expect(on.errors).toEqual([]);

      // Without JavaScript: the Report link opens the page with the form; sending it redirects back with thanks.
      await off.page.goto(articleUrl());
      const target = off.page.locator(`#comment-${forForm!.id}`);
      await own(target).getByRole('link', { name: 'Report', exact: true }).click();
      await off.page.waitForURL((u) => u.searchParams.get('report') === String(forForm!.id));
      const plain = target.locator(':scope > form.report-form');
      await plain.locator('select[name=reason]').selectOption('spam');
      await Promise.all([
        off.page.waitForURL((u) => u.searchParams.get('reported') === String(forForm!.id) && u.hash === `#comment-${forForm!.id}`),
        plain.getByRole('button', { name: 'Send report' }).click(),
      ]);
      expect(await own(target).locator('.reported-note').textContent()).toBe(THANKS);
      expect(await own(target).getByRole('link', { name: 'Report', exact: true }).count()).toBe(0);
      expect(await target.locator(':scope > form.report-form').count()).toBe(0);
      expect(await reportsOf(forForm!.id)).toEqual([{ reason: 'spam', note: null }]);
      // Reported once by one reader: the comment stays up for everyone.
      expect((await list('newest')).comments.some((c) => c.id === forForm!.id)).toBe(true);
    } finally {
      await closeContexts();
    }
  });

  it('a reply with an error: shown beside the reply form, with and without JavaScript, and nothing is posted', async () => {
    const target = await demoTarget();
    const before = (await list('newest')).total;
    const on = await open();
    const off = await open({ javaScriptEnabled: false });
    const me = { authorName: 'Erin Error', authorEmail: 'not-an-address' };
    try {
      await on.page.goto(articleUrl());
      await islandReady(on.page);
      await own(on.page.locator(`#comment-${target.id}`)).getByRole('button', { name: 'Reply', exact: true }).click();
      const form = on.page.locator(`#reply-form-${target.id}`);
      await fillComment(form, { ...me, body: 'A reply with a bad address.' });
      // The browser's own check would stop a type=email field first: let the server judge it.
      await form.evaluate((f: HTMLFormElement) => { f.noValidate = true; });
      await form.getByRole('button', { name: 'Post reply' }).click();
      const error = form.locator('.form-error[role=alert]');
      await error.waitFor();
      expect(await form.locator('input[name=authorEmail]').getAttribute('aria-invalid')).toBe('true');
      await poll(() => form.locator('input[name=authorEmail]').evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await form.locator('textarea[name=body]').inputValue()).toBe('A reply with a bad address.');

      await off.page.goto(articleUrl(`?replyTo=${target.id}`));
      const plain = off.page.locator(`#reply-form-${target.id}`);
      await fillComment(plain, { ...me, body: 'The same, without JavaScript.' });
      await plain.evaluate((f: HTMLFormElement) => { f.noValidate = true; });
      await plain.getByRole('button', { name: 'Post reply' }).click();
      await off.page.locator(`#reply-form-${target.id} .form-error[role=alert]`).waitFor();
      expect(await off.page.locator(`#reply-form-${target.id} .form-error`).getAttribute('data-code')).toBe(await error.getAttribute('data-code'));
      expect(await off.page.locator(`#reply-form-${target.id} textarea[name=body]`).inputValue()).toBe('The same, without JavaScript.');
      expect(await off.page.locator(`#reply-form-${target.id} input[name=authorEmail]`).inputValue()).toBe(me.authorEmail);
      expect((await list('newest')).total).toBe(before);
    } finally {
      await closeContexts();
    }
  });

  it('stored XSS in comments stays text, in the server-rendered page and in the island', async () => {
    const html = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const js = 'javascript:alert(1) <a href="javascript:window.__xss=3">click me</a>';
    const a = await apiPost({ authorName: '<b onmouseover="window.__xss=4">Mallory</b>', authorEmail: 'mallory@example.org', body: html });
    const b = await apiPost({ authorName: 'Mallory', authorEmail: 'mallory@example.org', body: js });

    const check = async (page: Page) => {
      for (const [id, text] of [[a.id, html], [b.id, js]] as const) {
        const c = own(page.locator(`#comment-${id}`));
        expect(await c.locator('.comment-body').textContent()).toBe(text);
        expect(await c.locator('.comment-body').isVisible()).toBe(true);
      }
      expect(await own(page.locator(`#comment-${a.id}`)).locator('.comment-author').textContent())
        .toBe('<b onmouseover="window.__xss=4">Mallory</b>');
      const section = page.locator('section.comments');
      expect(await section.locator('script').count()).toBe(0);
      expect(await section.locator('img, b, [onerror], [onmouseover]').count()).toBe(0);
      expect(await section.locator('a[href^="javascript:" i]').count()).toBe(0);
    };

    // Server-rendered markup (no island).
    const off = await open({ javaScriptEnabled: false });
    // With JavaScript, and with the CSP bypassed so that only escaping (not the CSP) can stop a payload.
    const on = await open({ bypassCSP: true });
    try {
      await off.page.goto(articleUrl());
      await check(off.page);

      const dialogs: string[] = [];
      on.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      await on.page.goto(articleUrl());
      await islandReady(on.page);
      await check(on.page);
      await on.page.locator(`#comment-${a.id} .comment-author`).hover();
      expect(await on.page.evaluate(() => typeof (window as unknown as { __xss?: unknown }).__xss)).toBe('undefined');
      expect(dialogs).toEqual([]);
      expect(on.errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });
});
