// Every reader and admin page scanned by axe-core in chromium: no serious or critical violation.
// The pages come from the app's own route table: a page the app serves but this file has no example
// for fails the suite, so a new page cannot go unscanned. The article page is scanned as the island
// renders it (JavaScript on) and as the server sends it (the site's script blocked) in each state.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { QUEUES } from '../../src/modules/moderation/moderation.service.js';
import { registeredRoutes } from '../helpers/routes.js';
import { callerFor } from '../helpers/test-app.js';
import { axeInEveryPage, severeViolations } from './axe.js';
import { launchChromium, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 15_000;
const PASSWORD = 'correct horse battery';
const slug = demoArticle.slug;

/** GET routes that are not pages a person looks at. */
/** A page to scan: its URL, and the status it answers with when that is not 200. */
type Target = string | { url: string; status: number };

// Feeds, sitemaps and robots.txt (modules/discovery) are XML or text, not pages.
const NOT_PAGES = /^\/(api\/|assets\/|media\/|healthz$|livez$|metrics$|account\/export$|admin\/donations\/export\.csv$|feed$|feed\.atom$|tags\/:tag\/feed$|authors\/:author\/feed$|articles\/:slug\/comments\/feed$|sitemap\.xml$|sitemaps\/|robots\.txt$)/;

// Each test scans page after page (5 to 30 of them, 0.3-2 s each on an idle machine): bounds for a busy runner,
// where the reader pages once took longer than the default 60 s.
describe.skipIf(!chromiumPath)('accessibility (axe-core) in chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: RunningApp;
  /** A site nobody has set up yet: the only one that shows /setup. */
  let fresh: RunningApp;
  let adminSession: string;
  let readerSession: string;
  let writerSession: string;
  let manageDonation: string;
  const notificationPages = { manage: '', unsubscribe: '', confirm: '' };
  /** Ids the admin pages with an :id need, made by the fixture below. */
  let archiveMonth = '';
  const ids = {} as Record<'article' | 'campaign' | 'mail' | 'comment' | 'published' | 'revision', number>;
  const contexts: BrowserContext[] = [];

  async function open(opts: { session?: string; siteScript?: boolean; base?: string } = {}): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    context.setDefaultTimeout(WAIT);
    await axeInEveryPage(context);
    const base = opts.base ?? server.baseUrl;
    if (opts.session) await context.addCookies([{ name: 'gz_session', value: opts.session, url: base, httpOnly: true, sameSite: 'Lax' }]);
    // The server's markup as a reader without JavaScript gets it (axe itself still needs JavaScript).
    if (opts.siteScript === false) await context.route(/\/assets\/[^/]+\.js$/, (r) => r.abort());
    return context.newPage();
  }

  /** Loads the page (expecting that status and no redirect), waits for the island if asked, scans. */
  async function scanUrl(page: Page, url: string, opts: { status?: number; island?: boolean } = {}) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(opts.status ?? 200);
    expect(new URL(page.url()).pathname, `${url} redirected`).toBe(new URL(url).pathname);
    if (opts.island) await page.locator('#comments-island[data-ready="true"]').waitFor({ state: 'attached' });
    return severeViolations(page);
  }

  /** Scans each page and returns only the pages with violations (so a failure lists them all at once). */
  async function scanAll(page: Page, urls: Target[], opts: { status?: number; island?: boolean } = {}) {
    const found: Record<string, string[]> = {};
    for (const target of urls) {
      const [url, status] = typeof target === 'string' ? [target, opts.status] : [target.url, target.status];
      const v = await scanUrl(page, url, { ...opts, status });
      if (v.length) found[url.replace(/^http:\/\/[^/]+/, '')] = v;
    }
    return found;
  }

  beforeAll(async () => {
    await Promise.all([
      launchChromium(chromiumPath!).then((b) => { browser = b; }),
      startApp().then((s) => { server = s; }),
      startApp().then((s) => { fresh = s; }),
    ]);
    const { services: s, db } = server.t;
    const admin = await s.accounts.createUser({ email: 'ada@example.org', password: PASSWORD, displayName: 'Ada Admin', role: 'admin' });
    adminSession = (await s.accounts.createSession(admin.id)).token;
    const reader = await s.accounts.createUser({ email: 'rosa@example.org', password: PASSWORD, displayName: 'Rosa Reader', role: 'reader' });
    readerSession = (await s.accounts.createSession(reader.id)).token;
    await s.apiTokens.create(admin.id, 'Newsletter export', 'read');
    await s.accounts.invite({ email: 'new.author@example.org', role: 'author', invitedBy: 'Ada Admin' });
    ids.mail = (await db.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id;
    ids.article = (await db.db.selectFrom('articles').select('id').executeTakeFirstOrThrow()).id;
    // A static page (its two addresses) and the demo article's month in the archive.
    await s.articles.create({ title: 'About us', slug: 'about', summary: 'Who we are.', bodyMarkdown: 'A newsroom by the harbour.', authorName: 'Ada Admin', tags: [], status: 'published', kind: 'page' });
    archiveMonth = (await s.articles.getById(ids.article)).publishedAt!.slice(0, 7).replace('-', '/');
    // The demo article's first revision (the seeder writes through the articles service, which keeps one per save).
    ids.revision = (await db.db.selectFrom('article_revisions').select('id').where('article_id', '=', ids.article).executeTakeFirstOrThrow()).id;
    ids.campaign = (await db.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
    // An author with a published article (their author page) and a bio.
    const writer = await s.accounts.createUser({ email: 'wes@example.org', password: PASSWORD, displayName: 'Wes Writer', role: 'author' });
    writerSession = (await s.accounts.createSession(writer.id)).token;
    await s.articles.create({ title: 'Written by Wes', bodyMarkdown: 'Text.', summary: '', tags: [], status: 'published', authorIds: [writer.id] });
    // A monthly donor, for their manage page.
    await s.donations.applyEvent('evt_a11y_subscription', 'invoice.paid', [{ kind: 'recurring', facts: { subscriptionId: 'sub_a11y', customerId: 'cus_a11y', amountMinor: 1500, currency: 'USD', at: new Date().toISOString() } }]);
    manageDonation = new URL(s.donations.manageUrl((await db.db.selectFrom('recurring_donations').select('id').executeTakeFirstOrThrow()).id)).pathname;
    // A reader following the article (their subscriptions page, an unsubscribe link) and a guest's confirmation link.
    const followed = await s.articles.getById(ids.article);
    await s.notifications.follow({ email: reader.email, userId: reader.id, verified: true }, followed, 'all');
    await s.notifications.follow({ email: 'guest@example.org', userId: null, verified: false }, followed, 'replies');
    const manageToken = await s.notifications.manageTokenOf(reader.email, reader.id);
    notificationPages.manage = `/notifications/manage/${manageToken}`;
    notificationPages.unsubscribe = new URL((await s.notifications.subscriberByToken(manageToken)).subscriptions[0]!.unsubscribeUrl).pathname;
    const confirmation = (await server.t.mailer.list()).find((m) => m.to_address === 'guest@example.org')!;
    notificationPages.confirm = /\/notifications\/confirm\/\S+/.exec(confirmation.text_body)![0];

    // Something in every moderation queue, a ban and a block-list entry.
    const post = async (body: string, n: number) => {
      const res = await server.t.app.inject({
        method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: `198.51.100.${n}`,
        payload: { authorName: `Poster ${n}`, authorEmail: `poster${n}@example.org`, body },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().comment.id as number;
    };
    await s.moderation.addBlock('phrase', 'cheap replica watches', callerFor('Ada Admin'));
    await post('Cheap replica watches, best prices, write to me.', 1);
    const moderation = s.settings.get().moderation;
    await s.settings.update({ moderation: { ...moderation, policy: 'all' } });
    ids.comment = await post('A held comment that waits for a moderator.', 2);
    await s.settings.update({ moderation });
    ids.published = await post('A published comment that a reader reports.', 3);
    // A held reply, so the queue shows a parent comment (and a link shown as text).
    await s.settings.update({ moderation: { ...moderation, policy: 'all' } });
    const reply = await server.t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: '198.51.100.4',
      payload: { authorName: 'Poster 4', authorEmail: 'poster4@example.org', body: 'A held reply with a link: https://example.org/source', parentId: ids.published },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await s.settings.update({ moderation });
    await s.moderation.report(ids.published, { ...callerFor('A reader', { role: 'reader' }), via: 'anonymous' }, 'abuse', 'Rude to other readers');
    await s.moderation.ban({ commentId: ids.comment, kind: 'email', days: 7, reason: 'Repeated spam' }, callerFor('Ada Admin'));
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await Promise.all([server?.stop(), fresh?.stop()]);
  });

  /** URLs for each page route the app registers; a route without an entry here fails the suite. */
  function pagesFor(area: 'reader' | 'admin'): { pattern: string; urls: Target[] | undefined }[] {
    const b = server.baseUrl;
    const examples: Record<string, Target[]> = {
      '/': [`${b}/`],
      '/articles/:slug': [], // scanned state by state in the tests below
      '/search': [`${b}/search`, `${b}/search?q=harbour`, `${b}/search?q=nothing-matches-this`],
      '/tags/:tag': [`${b}/tags/harbour`],
      '/archive/:year/:month': [`${b}/archive/${archiveMonth}`],
      '/pages/:slug': [`${b}/pages/about`],
      '/:slug': [`${b}/about`],
      '/login': [`${b}/login`],
      '/signup': [`${b}/signup`],
      '/setup': [], // only on a fresh site: its own test below
      '/account': [], // signed in: its own test below
      '/account/delete': [],
      '/account/password': [],
      '/account/profile': [], // an author's: scanned below
      '/authors/:slug': [`${b}/authors/wes-writer`],
      '/account/reset': [`${b}/account/reset`, `${b}/account/reset?token=no-such-token`],
      '/account/verify': [{ url: `${b}/account/verify?token=no-such-token`, status: 400 }],
      '/account/invite': [`${b}/account/invite?token=no-such-token`],
      '/support/manage/:token': [`${b}${manageDonation}`],
      '/account/notifications': [], // a redirect to the subscriptions page, scanned below
      '/notifications/manage/:token': [`${b}${notificationPages.manage}`, `${b}${notificationPages.manage}?notice=saved`],
      '/notifications/unsubscribe/:token': [`${b}${notificationPages.unsubscribe}`],
      '/notifications/confirm/:token': [`${b}${notificationPages.confirm}`],
      '/comments/:id': [], // a redirect to the comment on its article's page
      '/admin/articles/:id': [`${b}/admin/articles/${ids.article}`],
      '/admin/articles/:id/revisions': [`${b}/admin/articles/${ids.article}/revisions`, `${b}/admin/articles/${ids.article}/revisions?notice=restored`],
      '/admin/articles/:id/revisions/:revisionId': [`${b}/admin/articles/${ids.article}/revisions/${ids.revision}`],
      '/admin/campaigns/:id': [`${b}/admin/campaigns/${ids.campaign}`],
      '/admin/outbox/:id': [`${b}/admin/outbox/${ids.mail}`],
      '/admin/moderation': [...QUEUES.map((q) => `${b}/admin/moderation?queue=${q}`), `${b}/admin/moderation?queue=all&article=${slug}&q=held`],
      '/admin/moderation/comments/:id/edit': [`${b}/admin/moderation/comments/${ids.comment}/edit?queue=pending`],
      '/admin/moderation/comments/:id/ban': [`${b}/admin/moderation/comments/${ids.comment}/ban?queue=pending`],
    };
    return registeredRoutes(server.t)
      .filter((r) => r.method === 'GET' && !NOT_PAGES.test(r.url) && (area === 'admin') === r.url.startsWith('/admin'))
      .map((r) => ({ pattern: r.url, urls: examples[r.url] ?? (r.url.includes(':') ? undefined : [`${b}${r.url}`]) }));
  }

  it('finds the pages to scan in the app\'s routes', () => {
    const all = [...pagesFor('reader'), ...pagesFor('admin')];
    expect(all.filter((p) => p.urls === undefined).map((p) => p.pattern), 'page routes without an example URL').toEqual([]);
    const patterns = all.map((p) => p.pattern);
    for (const p of ['/', '/articles/:slug', '/login', '/signup', '/setup', '/account', '/admin', '/admin/moderation/log']) expect(patterns).toContain(p);
  });

  it('reader pages: home, sign-in, sign-up, password reset, links from e-mails, 404', async () => {
    const page = await open();
    const found = await scanAll(page, pagesFor('reader').flatMap((p) => p.urls ?? []));
    Object.assign(found, await scanAll(page, [`${server.baseUrl}/no-such-page`, `${server.baseUrl}/articles/no-such-article`], { status: 404 }));
    expect(found).toEqual({});
  });

  it('set-up page of a fresh site; account pages of a signed-in reader and of an author', async () => {
    const found = await scanAll(await open({ base: fresh.baseUrl }), [`${fresh.baseUrl}/setup`]);
    Object.assign(found, await scanAll(await open({ session: readerSession }), [`${server.baseUrl}/account`, `${server.baseUrl}/account/delete`, `${server.baseUrl}/account/password`]));
    Object.assign(found, await scanAll(await open({ session: writerSession }), [`${server.baseUrl}/account`, `${server.baseUrl}/account/profile`]));
    expect(found).toEqual({});
  });

  it('article page as the server sends it: default, sorted, all, reply and report forms, a form with an error', async () => {
    const page = await open({ siteScript: false });
    const a = `${server.baseUrl}/articles/${slug}`;
    const found = await scanAll(page, [a, `${a}?sort=votes`, `${a}?sort=oldest&all=1`, `${a}?replyTo=${ids.published}`, `${a}?report=${ids.published}`]);
    // The main form sent with a body of spaces: the page comes back (400) with the message beside the form.
    await page.goto(a);
    const form = page.locator('#comment-form');
    await form.locator('textarea[name=body]').fill('   ');
    await form.locator('input[name=authorName]').fill('Ellis');
    await form.locator('input[name=authorEmail]').fill('ellis@example.org');
    await Promise.all([page.waitForURL(`${a}/comments`), form.getByRole('button', { name: 'Post comment' }).click()]);
    await page.locator('#comment-form .form-error').waitFor();
    const v = await severeViolations(page);
    if (v.length) found['form with an error'] = v;
    expect(found).toEqual({});
  });

  it('article page with the island: anonymous, signed-in reader, reply and report forms open', async () => {
    const a = `${server.baseUrl}/articles/${slug}`;
    const anon = await open();
    const found = await scanAll(anon, [a, `${a}?sort=votes`], { island: true });
    const first = anon.locator('#comments li.comment').first();
    await first.locator(':scope > article').getByRole('button', { name: 'Reply' }).click();
    await first.locator('form.reply-form').waitFor();
    let v = await severeViolations(anon);
    if (v.length) found['island: reply form open'] = v;
    await first.locator(':scope > article').getByRole('button', { name: 'Report' }).click();
    await first.locator('form.report-form').waitFor();
    v = await severeViolations(anon);
    if (v.length) found['island: report form open'] = v;
    Object.assign(found, await scanAll(await open({ session: readerSession }), [`${a}#signed-in`], { island: true }));
    expect(found).toEqual({});
  });

  it('every admin page, for an admin', async () => {
    const page = await open({ session: adminSession });
    const urls = pagesFor('admin').flatMap((p) => p.urls ?? []);
    expect(urls.length).toBeGreaterThanOrEqual(20);
    expect(await scanAll(page, urls)).toEqual({});
  }); // some 30 pages scanned one after another (about 18 s on an idle machine)
});
