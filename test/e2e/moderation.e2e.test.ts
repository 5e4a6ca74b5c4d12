// The moderation queue in a real browser (Debian chromium via playwright-core): a moderator signs in, sees the
// held comments with their reasons, approves one with the keyboard (j, then a) and marks another as spam with
// its button; filters the queue by article and search, ticks "select all on this page" and approves them in
// bulk. The page must also fit a phone's width.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTestApp, callerFor, createArticle, type TestApp } from '../helpers/test-app.js';
import { launchChromium } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;

describe.skipIf(!chromiumPath)('moderation queue in chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let baseUrl: string;
  let slug: string;
  let session: { token: string };
  const contexts: BrowserContext[] = [];

  let ips = 10;
  const post = async (body: string, authorName: string, onSlug = slug) => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/articles/${onSlug}/comments`, remoteAddress: `203.0.113.${ips++}`,
      payload: { authorName, authorEmail: `${authorName.toLowerCase().replace(/\W+/g, '.')}@example.org`, body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().comment.id as number;
  };
  const statusOf = async (id: number) => (await t.db.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** A browser context signed in as the moderator (the session cookie set directly). */
  async function moderator(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext(options);
    contexts.push(context);
    context.setDefaultTimeout(WAIT);
    await context.addCookies([{ name: 'gz_session', value: session.token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      (async () => {
        t = await buildTestApp({ dialect: 'sqlite', moderation: { policy: 'all' } });
        await t.app.listen({ port: 0, host: '127.0.0.1' });
      })(),
    ]);
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    slug = (await createArticle(t, { title: 'Harbour wall repairs' })).slug;
    // A site has its admin (without one, the admin pages lead to the first-run set-up form).
    await t.services.accounts.createUser({ email: 'ada@example.org', password: 'correct horse battery', displayName: 'Ada Admin', role: 'admin' });
    const user = await t.services.accounts.createUser({ email: 'mia@example.org', password: 'correct horse battery', displayName: 'Mia Moderator', role: 'moderator' });
    session = await t.services.accounts.createSession(user.id);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await t?.close();
    await t?.dropDatabase();
  });

  it('approves a held comment with the keyboard (j, a) and marks another as spam with its button', async () => {
    const spammy = await post('Cheap harbour tours, message me for a discount code.', 'Tour Seller');
    const good = await post('The harbour wall has needed this repair for years. Glad it is finally happening.', 'Nell Fisher');
    const { page, errors } = await moderator();

    // The article page shows neither comment yet.
    await page.goto(`${baseUrl}/articles/${slug}`);
    expect(await page.locator(`#comment-${good}`).count()).toBe(0);

    await page.goto(`${baseUrl}/admin/moderation`);
    expect(await page.locator('h1').textContent()).toBe('Moderation');
    const item = page.locator(`#c-${good}`);
    await item.waitFor();
    // Newest first, with its reasons and the author's e-mail (moderators only).
    expect(await page.locator('.mod-item').first().getAttribute('id')).toBe(`c-${good}`);
    expect(await item.locator('li[data-stage="site-policy"]').textContent()).toBe('Site policy: The site pre-moderates every comment');
    expect(await item.locator('li[data-stage="classifier"]').textContent()).toMatch(/^Spam filter: The spam filter rates it .+ likely spam/);
    expect(await item.locator('.mod-email').textContent()).toBe('nell.fisher@example.org');
    expect(await page.locator('[data-count="pending"]').textContent()).toBe('2');
    expect(await page.locator('#mod-keys').isVisible()).toBe(true);
    expect(await page.locator('#mod-keys').textContent()).toMatch(/^Keyboard: j\/k next\/previous · a approve · s spam/);

    // ? shows the help, Esc hides it.
    await page.keyboard.press('?');
    await page.locator('#mod-help').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('#mod-help').waitFor({ state: 'hidden' });

    // j selects the first comment, x ticks it for the bulk buttons, j/k move.
    await page.keyboard.press('j');
    await expect.poll(() => item.getAttribute('class')).toContain('is-current');
    await page.keyboard.press('x');
    expect(await item.locator('input[data-select]').isChecked()).toBe(true);
    await page.keyboard.press('x');
    expect(await item.locator('input[data-select]').isChecked()).toBe(false);
    await page.keyboard.press('j');
    await expect.poll(() => page.locator(`#c-${spammy}`).getAttribute('class')).toContain('is-current');
    await page.keyboard.press('k');
    await expect.poll(() => item.getAttribute('class')).toContain('is-current');

    // a approves the current comment by pressing its Approve button (a plain form post).
    await Promise.all([page.waitForURL(/notice=approve&n=1/), page.keyboard.press('a')]);
    expect(await page.locator('.notice-ok').textContent()).toBe('1 comment approved.');
    expect(await statusOf(good)).toBe('published');
    expect(await page.locator(`#c-${good}`).count()).toBe(0);
    // Back on the queue, the comment that came next is the current one.
    await expect.poll(() => page.locator(`#c-${spammy}`).getAttribute('class')).toContain('is-current');

    // The other one: marked spam with its button.
    await Promise.all([page.waitForURL(/notice=spam&n=1/), page.locator(`#c-${spammy} button[value="spam"]`).click()]);
    expect(await page.locator('.notice-ok').textContent()).toBe('1 comment marked spam.');
    expect(await page.locator('.mod-empty').textContent()).toBe('No comment is waiting for a moderator.');
    expect(await statusOf(spammy)).toBe('spam');
    // The filter learns both decisions when the job runner gets to them (every second in production).
    await t.jobs.runDue();
    expect(await t.services.learner.examples()).toBeGreaterThanOrEqual(2);

    // The approved comment is on the article page; the spam is not.
    await page.goto(`${baseUrl}/articles/${slug}`);
    await page.locator(`#comment-${good}`).waitFor();
    expect(await page.locator(`#comment-${good} .comment-body`).textContent()).toContain('Glad it is finally happening.');
    expect(await page.locator(`#comment-${spammy}`).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('filters by article and search, selects all on the page and approves them in bulk', async () => {
    const other = await createArticle(t, { title: 'Ferry timetable' });
    const wanted = [
      await post('Pelicans nest on the harbour wall every spring.', 'Ola Birder'),
      await post('The pelican colony needs the wall, see https://example.org/pelicans for the survey.', 'Per Survey'),
      await post('More PELICANS than last year, I counted them.', 'Kim Counter'),
    ];
    const elsewhere = await post('A pelican flew over the ferry this morning.', 'Ferry Rider', other.slug);
    const unrelated = await post('The harbour lights are too bright at night.', 'Night Owl');
    const { page, errors } = await moderator();
    await page.goto(`${baseUrl}/admin/moderation`);
    await page.locator(`#c-${unrelated}`).waitFor();

    // The filter form: the article and a search, kept in the address.
    await page.locator('.mod-filters select[name="article"]').selectOption(slug);
    await page.locator('.mod-filters input[name="q"]').fill('pelican');
    await Promise.all([page.waitForURL(/q=pelican/), page.locator('.mod-filters button[type="submit"]').click()]);
    expect(new URL(page.url()).searchParams.get('article')).toBe(slug);
    expect((await page.locator('.mod-item').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-comment-id'))))).sort()).toEqual([...wanted].sort());
    expect(await page.locator('.mod-filters input[name="q"]').inputValue()).toBe('pelican');
    // A link in a queued comment is text: visible, not clickable.
    const linked = page.locator(`#c-${wanted[1]} .mod-body`);
    expect(await linked.textContent()).toContain('https://example.org/pelicans');
    expect(await linked.locator('a').count()).toBe(0);

    // "Select all on this page" ticks every comment; one unticked makes it "some"; ticked again, all.
    const all = page.locator('input[data-select-all]');
    await all.check();
    for (const id of wanted) expect(await page.locator(`#c-${id} input[data-select]`).isChecked()).toBe(true);
    await page.locator(`#c-${wanted[0]} input[data-select]`).uncheck();
    expect(await all.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await all.check();
    expect(await page.locator(`#c-${wanted[0]} input[data-select]`).isChecked()).toBe(true);

    // The bulk bar approves the three, and the queue comes back with the same filters.
    await Promise.all([page.waitForURL(/notice=approve&n=3/), page.locator('#bulk button[value="approve"]').click()]);
    expect(await page.locator('.notice-ok').textContent()).toBe('3 comments approved.');
    const back = new URL(page.url()).searchParams;
    expect([back.get('article'), back.get('q')]).toEqual([slug, 'pelican']);
    expect(await page.locator('.mod-empty').textContent()).toBe('No comment in this queue matches the filters.');
    for (const id of wanted) expect(await statusOf(id)).toBe('published');
    expect(await statusOf(elsewhere)).toBe('pending');
    expect(await statusOf(unrelated)).toBe('pending');

    // Clearing the filters shows the rest; the dashboard counts them and leads here.
    await page.locator('a', { hasText: 'Clear filters' }).click();
    await page.locator(`#c-${elsewhere}`).waitFor();
    await page.goto(`${baseUrl}/admin`);
    expect(await page.locator('[data-count="moderation"] [data-status="pending"]').textContent()).toBe('2 held');
    await Promise.all([page.waitForURL(/\/admin\/moderation\?queue=pending$/), page.locator('[data-count="moderation"] a').first().click()]);
    await page.locator(`#c-${unrelated}`).waitFor();
    await t.services.moderation.decide([elsewhere, unrelated], 'reject', callerFor('Mia Moderator'));
    expect(errors).toEqual([]);
  });

  it('fits a phone: no sideways scrolling, buttons large enough to tap, works without JavaScript', async () => {
    const id = await post('A long unbroken link https://example.org/' + 'a'.repeat(150) + ' in a held comment.', 'Wide Writer');
    const { page, errors } = await moderator({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    await page.goto(`${baseUrl}/admin/moderation`);
    await page.locator(`#c-${id}`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const approve = page.locator(`#c-${id} button[value="approve"]`);
    const box = (await approve.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(36);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    // Without JavaScript the bulk form still works: tick the box, press "Reject" in the bulk bar.
    await page.locator(`#c-${id} input[data-select]`).check();
    await Promise.all([page.waitForURL(/notice=reject&n=1/), page.locator('#bulk button[value="reject"]').click()]);
    expect(await statusOf(id)).toBe('rejected');
    expect(errors).toEqual([]);
  });
});
