// The newsroom and readers' accounts in a real browser (Debian chromium via playwright-core): first-run
// set-up, an editor writing an article with an image and scheduling it (the server runs on a FakeClock the
// test moves forward), a reader signing up and confirming their e-mail through the link an SMTP sink
// received before commenting under their name, and an author who may write drafts but not publish.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { FakeClock } from '../helpers/test-app.js';
import { launchChromium, openPage, startApp, type RunningApp } from './browser.js';
import { parseMessage, startSink, type Sink } from '../helpers/smtp-sink.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const HOUR = 3600_000;
const PASSWORD = 'correct horse battery';

/** Polls until the assertion holds (the page and the mail arrive asynchronously); never a fixed sleep. */
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: WAIT, interval: 50 });

const stopApp = async (s: RunningApp | undefined) => { await s?.stop(); };

/** datetime-local, read as UTC by the editor: 2026-03-14T13:00 */
const datetimeLocal = (d: Date) => d.toISOString().slice(0, 16);

describe.skipIf(!chromiumPath)('newsroom and reader accounts in chromium', () => {
  let browser: Browser;
  let sink: Sink;
  /** The newsroom (demo content, mail to the sink, a clock the tests move). */
  let main: RunningApp;
  /** A site nobody has set up yet. */
  let fresh: RunningApp;
  const clock = new FakeClock();
  const staff = {
    editor: { email: 'eda@example.org', displayName: 'Eda Editor' },
    author: { email: 'aki@example.org', displayName: 'Aki Author' },
  };
  let contexts: BrowserContext[] = [];

  /** A fresh context per test; page errors are collected so a test can assert there were none. */
  const open = () => openPage(browser, contexts, { timeout: WAIT });
  const closeContexts = async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; };

  /** Signs in through the /login form; staff land in /admin. */
  async function signIn(page: Page, email: string) {
    await page.goto(`${main.baseUrl}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${main.baseUrl}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
  }

  /** Presses a submit button of the editor and waits for the 303 back to the article's editor page. */
  async function press(page: Page, label: string, notice: string): Promise<number> {
    await Promise.all([
      page.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname) && u.searchParams.get('notice') === notice),
      page.getByRole('button', { name: label, exact: true }).click(),
    ]);
    return Number(/\/admin\/articles\/(\d+)/.exec(page.url())![1]);
  }
  const statusBadge = (page: Page) => page.locator('main .article-status').first().textContent();

  beforeAll(async () => {
    // Started side by side, each kept as soon as it is up so afterAll can stop it if another fails.
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      (async () => {
        sink = await startSink();
        main = await startApp({ dialect: 'sqlite', clock, demo: true, env: { SMTP_URL: sink.url, MAIL_FROM: 'Test Gazette <news@example.org>' } });
        const accounts = main.t.services.accounts;
        // A site in use has an admin; the editor and the author are the newsroom's staff.
        await accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
        await accounts.createUser({ ...staff.editor, password: PASSWORD, role: 'editor' });
        await accounts.createUser({ ...staff.author, password: PASSWORD, role: 'author' });
      })(),
      startApp({ dialect: 'sqlite', demo: true }).then((s) => { fresh = s; }),
    ]);
  });
  afterAll(async () => {
    await closeContexts();
    await browser?.close();
    await Promise.all([stopApp(main), stopApp(fresh)]);
    await sink?.stop();
  });

  it('first-run set-up: /admin leads to /setup, which needs the code from the log, creates the signed-in admin and is then gone', async () => {
    const { page, errors } = await open();
    const { baseUrl, t } = fresh;
    try {
      expect(await t.services.accounts.countAdmins()).toBe(0);
      await page.goto(`${baseUrl}/admin`);
      expect(new URL(page.url()).pathname).toBe('/setup');
      expect(await page.locator('h1').textContent()).toBe('Set up your site');

      // Whoever opens the page first without the code gets nowhere.
      const form = page.locator('form[action="/setup"]');
      const fill = async () => {
        await form.locator('input[name=displayName]').fill('Sam Setup');
        await form.locator('input[name=email]').fill('sam@example.org');
        await form.locator('input[name=password]').fill(PASSWORD);
      };
      await form.locator('input[name=code]').fill('WXYZ-2345');
      await fill();
      await Promise.all([page.waitForLoadState(), form.getByRole('button', { name: 'Create the admin account' }).click()]);
      await poll(() => page.locator('.form-error').getAttribute('data-code')).toBe('SETUP_CODE_INVALID');
      expect(await t.services.accounts.countAdmins()).toBe(0);

      // The operator opens the address the server logged: the code is filled in.
      const logged = new URL((await t.firstRun.setupUrl())!);
      await page.goto(`${baseUrl}${logged.pathname}${logged.search}`);
      expect(await form.locator('input[name=code]').inputValue()).toBe(logged.searchParams.get('code'));
      await fill();
      await Promise.all([page.waitForURL(`${baseUrl}/admin`), form.getByRole('button', { name: 'Create the admin account' }).click()]);

      // Signed in: the dashboard with the admin's name, and every admin page in the navigation.
      expect(await page.locator('h1').textContent()).toBe('Dashboard');
      expect(await page.locator('.admin-user a[href="/account"]').textContent()).toBe('Sam Setup');
      expect(await page.locator('nav.admin-nav a').allTextContents()).toEqual(expect.arrayContaining(['Articles', 'Users', 'Settings']));
      const { users: [admin] } = await t.services.accounts.listPage({ role: 'admin' }, 1);
      expect(admin).toMatchObject({ email: 'sam@example.org', display_name: 'Sam Setup', status: 'active' });

      // The set-up page is gone, for this browser and for anyone else.
      expect((await page.goto(`${baseUrl}/setup`))?.status()).toBe(404);
      expect((await page.request.get(`${baseUrl}/setup`)).status()).toBe(404);
      const stranger = await open();
      expect((await stranger.page.goto(`${baseUrl}/setup`))?.status()).toBe(404);
      await stranger.page.goto(`${baseUrl}/admin`);
      expect(new URL(stranger.page.url()).pathname).toBe('/login');
      expect(errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });

  it('an editor writes an article with an image and schedules it; it appears when its time comes', async () => {
    const { page, errors } = await open();
    const { baseUrl, t } = main;
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 24, g: 88, b: 140 } } }).png().toBuffer();
    const title = 'Harbour lights return after forty years';
    const intro = 'The old harbour lamps were switched on again on Friday evening.';
    const alt = 'The harbour at dusk';
    try {
      await signIn(page, staff.editor.email);
      await page.goto(`${baseUrl}/admin/articles/new`);
      expect(await page.locator('h1').textContent()).toBe('New article');
      await page.locator('input[name=title]').fill(title);
      // The byline: the signed-in account first (its text is made of the names when none is typed).
      expect(await page.locator('select[name=author1] option:checked').textContent()).toBe(staff.editor.displayName);
      expect(await page.locator('input[name=authorName]').inputValue()).toBe('');
      const body = page.locator('textarea[name=bodyMarkdown]');
      await body.fill(`${intro}\n`);
      await body.press('End'); // the cursor at the end: the image goes there

      // "Insert image": the picker the script adds (the editor's tools appear once it has run).
      const insert = page.locator('[data-editor-tools]').getByRole('button', { name: 'Insert image' });
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), insert.click()]);
      expect(chooser.isMultiple()).toBe(true);
      await chooser.setFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: png });

      // The Markdown reference appears where the cursor was; the cursor waits between the brackets for a description.
      await poll(() => body.inputValue()).toMatch(/^The old harbour lamps .+\n\n!\[\]\(\/media\/images\/\d+\)\n$/);
      await poll(() => page.locator('[data-editor-status]').textContent()).toBe('Inserted harbour.png. Describe the image between the square brackets.');
      await page.keyboard.type(alt);
      const markdown = await body.inputValue();
      const imageId = Number(/!\[The harbour at dusk\]\(\/media\/images\/(\d+)\)/.exec(markdown)?.[1]);
      expect(imageId).toBeGreaterThan(0);

      // The live preview shows the thumbnail (960 px wide, loaded) with its description.
      const thumb = page.locator('[data-preview] figure.article-image img');
      await poll(() => thumb.getAttribute('alt')).toBe(alt);
      const thumbSrc = await thumb.getAttribute('src');
      expect(thumbSrc).toMatch(/^\/media\/thumbs\/[a-z0-9]+\.jpg$/);
      await poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && `${img.naturalWidth}x${img.naturalHeight}`)).toBe('960x540');
      expect(await page.locator('[data-preview] p').first().textContent()).toBe(intro);

      // Schedule for one hour from the server's now.
      const at = new Date(clock.now().getTime() + HOUR);
      await page.locator('input[name=publishedAt]').fill(datetimeLocal(at));
      const id = await press(page, 'Schedule', 'scheduled');
      expect(await page.locator('main p.notice-ok').textContent()).toMatch(/^Scheduled for .+ UTC\.$/);
      expect(await statusBadge(page)).toBe('Scheduled');
      const article = await t.services.articles.getById(id);
      expect(article).toMatchObject({ title, status: 'published', publishedAt: at.toISOString(), authorName: staff.editor.displayName });
      expect(article.bodyMarkdown).toBe(markdown);

      // Not on the site yet.
      const listed = page.locator('ol.article-list h2 a').filter({ hasText: title });
      await page.goto(`${baseUrl}/`);
      expect(await page.locator('ol.article-list h2 a').count()).toBeGreaterThan(0); // the demo article is
      expect(await listed.count()).toBe(0);
      expect((await page.request.get(`${baseUrl}/articles/${article.slug}`)).status()).toBe(404);

      // Two hours later (the server's clock): on the home page, and its page shows the figure.
      clock.advance(2 * HOUR);
      await page.reload();
      await listed.waitFor();
      expect(await page.locator('ol.article-list h2 a').first().textContent()).toBe(title); // newest first
      await Promise.all([page.waitForURL(`${baseUrl}/articles/${article.slug}`), listed.click()]);
      expect(await page.locator('h1#article-title').textContent()).toBe(title);
      const figure = page.locator('.article-body figure.article-image');
      expect(await figure.count()).toBe(1);
      const img = figure.locator('img');
      expect(await img.getAttribute('alt')).toBe(alt);
      expect(await img.getAttribute('src')).toBe(thumbSrc);
      await img.scrollIntoViewIfNeeded(); // loading="lazy"
      await poll(() => img.evaluate((el: HTMLImageElement) => el.complete && `${el.naturalWidth}x${el.naturalHeight}`)).toBe('960x540');
      const fullSize = figure.locator('figcaption a.full-size-link');
      expect(await fullSize.textContent()).toBe('Click to see full-size image');
      const original = await page.request.get(new URL((await fullSize.getAttribute('href'))!, baseUrl).toString());
      expect(original.status()).toBe(200);
      expect(await sharp(await original.body()).metadata()).toMatchObject({ format: 'png', width: 1600, height: 900 });
      expect(errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });

  it('a reader signs up, confirms their e-mail through the link they were sent, and comments under their name', async () => {
    const { page, errors } = await open();
    const { baseUrl, t } = main;
    const reader = { displayName: 'Rosa Reader', email: 'rosa@example.org' };
    const articleUrl = `${baseUrl}/articles/${demoArticle.slug}`;
    const islandReady = () => page.locator('#comments-island[data-ready="true"] section.comments').waitFor({ state: 'attached' });
    try {
      await page.goto(`${baseUrl}/signup`);
      await page.locator('input[name=displayName]').fill(reader.displayName);
      await page.locator('input[name=email]').fill(reader.email);
      await page.locator('input[name=password]').fill(PASSWORD);
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Create account' }).click()]);
      await poll(() => page.locator('h1').textContent()).toBe('Check your e-mail');
      expect(await page.locator('main').textContent()).toContain(reader.email);

      // Signing in before confirming works; the account says the address is not confirmed yet.
      await page.goto(`${baseUrl}/login`);
      await page.locator('input[name=email]').fill(reader.email);
      await page.locator('input[name=password]').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(await page.locator('.account-unverified').textContent()).toBe('Not confirmed yet');

      // Not confirmed yet: the article's comment form says so instead of taking a comment.
      await page.goto(articleUrl);
      await islandReady();
      expect(await page.locator('#comments p.comment-form.notice').textContent()).toMatch(/^Confirm your e-mail address to comment as Rosa Reader/);
      expect(await page.locator('#comment-form').count()).toBe(0);

      // The confirmation mail goes out when the job runs.
      const mine = () => sink.messages.filter((m) => m.to.includes(reader.email));
      expect(mine()).toHaveLength(0);
      await t.jobs.runDue();
      await poll(() => mine().length).toBe(1);
      const { headers, text } = parseMessage(mine()[0]!.raw);
      expect(headers.subject).toBe('Confirm your e-mail for The Test Gazette');
      const link = /https?:\/\/\S+\/account\/verify\?token=[A-Za-z0-9_%-]+/.exec(text)?.[0];
      expect(link, text).toBeDefined();
      expect(link!.startsWith(`${t.config.baseUrl}/account/verify?token=`)).toBe(true);
      // The link names the configured BASE_URL; this test's server listens on a random port.
      const { pathname, search } = new URL(link!);
      await page.goto(`${baseUrl}${pathname}${search}`);
      expect(await page.locator('h1').textContent()).toBe('E-mail confirmed');

      // The comment form knows who is writing: no name or e-mail fields.
      await page.goto(articleUrl);
      await islandReady();
      const form = page.locator('#comment-form');
      expect(await form.locator('.commenting-as').textContent()).toBe(`Commenting as ${reader.displayName}`);
      expect(await form.locator('input[name=authorName], input[name=authorEmail]').count()).toBe(0);
      const count = page.locator('section.comments .comment-count');
      const before = Number(await count.textContent());

      const body = 'Signed up, confirmed, and now commenting under my own name.';
      await form.locator('textarea[name=body]').fill(body);
      await form.getByRole('button', { name: 'Post comment' }).click();
      const posted = page.locator('section.comments ol.comment-list > li.comment').filter({ hasText: body });
      await posted.waitFor();
      expect(await posted.locator(':scope > article .comment-author').textContent()).toBe(reader.displayName);
      await poll(() => count.textContent()).toBe(String(before + 1));
      const id = Number(await posted.getAttribute('data-comment-id'));

      // It was stored: after a reload it is still there, with the account's name.
      await page.reload();
      await islandReady();
      const again = page.locator(`#comment-${id}`);
      expect(await again.locator(':scope > article .comment-body').textContent()).toBe(body);
      expect(await again.locator(':scope > article .comment-author').textContent()).toBe(reader.displayName);
      expect(await count.textContent()).toBe(String(before + 1));
      const user = (await t.services.accounts.listPage({ search: reader.email }, 1)).users[0]!;
      const row = await t.db.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ user_id: user.id, author_name: reader.displayName, status: 'published' });
      expect(errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });

  it('an author saves drafts and submits them for review, but cannot publish, not even with a crafted request', async () => {
    const { page, errors } = await open();
    const { baseUrl, t } = main;
    const title = 'Ferry timetable changes for the spring';
    try {
      await signIn(page, staff.author.email);
      await page.goto(`${baseUrl}/admin/articles/new`);
      const editor = page.locator('form[data-editor]');
      // No publishing controls for an author.
      for (const label of ['Publish now', 'Schedule']) expect(await editor.getByRole('button', { name: label }).count()).toBe(0);
      expect(await editor.locator('input[name=publishedAt]').count()).toBe(0);
      expect(await editor.getByRole('button', { name: 'Save draft' }).count()).toBe(1);
      expect(await editor.getByRole('button', { name: 'Submit for review' }).count()).toBe(1);

      await editor.locator('input[name=title]').fill(title);
      await editor.locator('textarea[name=bodyMarkdown]').fill('From April the first ferry leaves at 06:40.');
      const id = await press(page, 'Save draft', 'created');
      expect(await page.locator('main p.notice-ok').textContent()).toBe('Draft saved.');
      expect(await statusBadge(page)).toBe('Draft');
      const slug = (await t.services.articles.getById(id)).slug;

      // A crafted form post with this session's CSRF token: refused, nothing changes.
      const csrf = await editor.locator('input[name=_csrf]').inputValue();
      expect(csrf).not.toBe('');
      const craft = (url: string, intent: string) => page.request.post(`${baseUrl}${url}`, {
        form: {
          _csrf: csrf, intent, title: 'Published by an author', authorName: staff.author.displayName,
          bodyMarkdown: 'Should never be on the site.', updatedAt: '',
          ...(intent === 'save' ? {} : { publishedAt: datetimeLocal(new Date(clock.now().getTime() + (intent === 'schedule' ? HOUR : 0))) }),
        },
        maxRedirects: 0,
      });
      const articleCount = async () => (await t.db.db.selectFrom('articles').select('id').execute()).length;
      const countBefore = await articleCount();
      for (const intent of ['publish', 'schedule', 'unpublish']) {
        expect((await craft(`/admin/articles/${id}`, intent)).status(), intent).toBe(403);
      }
      expect((await craft('/admin/articles', 'publish')).status()).toBe(403);
      expect(await articleCount()).toBe(countBefore);
      expect(await t.services.articles.getById(id)).toMatchObject({ title, status: 'draft', publishedAt: null });
      // The token itself is good: the same request saving a draft goes through (so the 403 was the role).
      const save = await craft(`/admin/articles/${id}`, 'save');
      expect(save.status()).toBe(303);
      expect(await t.services.articles.getById(id)).toMatchObject({ title: 'Published by an author', status: 'draft' });
      expect((await page.request.get(`${baseUrl}/articles/${slug}`)).status()).toBe(404);

      // Submit for review through the editor.
      await page.reload();
      await editor.locator('input[name=title]').fill(title);
      await press(page, 'Submit for review', 'submitted');
      expect(await page.locator('main p.notice-ok').textContent()).toBe('Submitted for review: an editor will take it from here.');
      expect(await statusBadge(page)).toBe('In review');
      expect(await editor.getByRole('button', { name: 'Submit for review' }).count()).toBe(0);
      const submitted = await t.services.articles.getById(id);
      expect(submitted).toMatchObject({ title, status: 'draft', publishedAt: null });
      expect(submitted.reviewRequestedAt).not.toBeNull();
      expect((await craft(`/admin/articles/${id}`, 'publish')).status()).toBe(403);
      expect((await t.services.articles.getById(id)).status).toBe('draft');
      expect((await page.request.get(`${baseUrl}/articles/${slug}`)).status()).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      await closeContexts();
    }
  });
});
