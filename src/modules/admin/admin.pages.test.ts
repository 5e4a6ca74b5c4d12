// The newsroom admin pages (dashboard, outbox, campaigns, users, API tokens, settings) as a browser without
// JavaScript uses them: plain form posts with the session's CSRF token, 303 redirects, errors beside the form.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/permissions.js';
import type { User } from '../accounts/accounts.service.js';
import { FORM, form, multipart } from '../../../test/helpers/http.js';

interface Person { user: User; cookie: string; csrf: string }

describe.each(dialects())('admin pages on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let ada: Person; // the one admin
  let n = 0;

  const signIn = async (role: Role, displayName = `${role} ${++n}`): Promise<Person> => {
    const user = await t.services.accounts.createUser({ email: `${role}.${++n}@example.org`, password: 'correct horse battery', displayName, role });
    const s = await t.services.accounts.createSession(user.id);
    return { user, cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };
  const get = (url: string, who?: Person, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(who && { cookie: who.cookie }), ...headers } });
  const post = (url: string, who: Person, fields: Record<string, string | number> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...fields }) });
  const follow = async (res: { statusCode: number; headers: Record<string, unknown> }, who: Person) => {
    expect(res.statusCode).toBe(303);
    return get(String(res.headers.location), who);
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    ada = await signIn('admin', 'Ada <Admin>');
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('dashboard', () => {
    it('greets the caller and counts articles, comments, the campaign and the outbox', async () => {
      const published = await createArticle(t, { title: 'Dashboard published' });
      await createArticle(t, { title: 'Dashboard draft', status: 'draft', publishedAt: undefined });
      await createArticle(t, { title: 'Dashboard scheduled', publishedAt: '2027-01-01T00:00:00Z' });
      const review = await createArticle(t, { title: 'Dashboard in review', status: 'draft', publishedAt: undefined });
      await t.db.db.updateTable('articles').set({ review_requested_at: clock.now().toISOString() }).where('id', '=', review.id).execute();
      for (const body of ['First!', 'Second']) {
        const c = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${published.slug}/comments`, payload: { authorName: 'Grace', authorEmail: 'g@example.org', body } });
        expect(c.statusCode).toBe(201);
      }
      await t.services.campaigns.create({ month: '2026-03', goalMinor: 500_000, currency: 'USD', raisedMinor: 125_000 });

      const res = await get('/admin', ada);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      expect(html).toContain('Hello, Ada &lt;Admin>.');
      expect(html).not.toContain('Ada <Admin>');
      for (const href of ['/admin/articles', '/admin/campaigns', '/admin/users', '/admin/settings', '/admin/tokens', '/admin/outbox']) {
        expect(html).toContain(`<a href="${href}">`);
      }
      expect(html).toContain('<span data-status="published">1 published</span>');
      expect(html).toContain('<span data-status="scheduled">1 scheduled</span>');
      expect(html).toContain('<span data-status="draft">1 drafts</span>');
      expect(html).toContain('<span data-status="review">1 in review</span>');
      expect(html).toContain('<dd data-count="comments-24h">2</dd>');
      expect(html).toMatch(/\$1,250 raised of \$5,000 \(25 %\) for MARCH 2026/);
      expect(html).toContain('<span data-status="pending">0 pending</span>');
      // Comments older than a day no longer count.
      clock.advance(25 * 3600_000);
      expect((await get('/admin', ada)).body).toContain('<dd data-count="comments-24h">0</dd>');
    });

    it("shows only what the caller's role allows", async () => {
      const author = await signIn('author');
      const html = (await get('/admin', author)).body;
      expect(html).toContain('<a href="/admin/articles">');
      expect(html).toContain('<a href="/admin/tokens">');
      for (const href of ['/admin/campaigns', '/admin/users', '/admin/settings', '/admin/outbox']) expect(html).not.toContain(`href="${href}"`);
      expect(html).not.toContain('data-count="outbox"');

      const reader = await signIn('reader');
      expect((await get('/admin', reader)).statusCode).toBe(403);
      const anonymous = await get('/admin');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Fadmin');
    });
  });

  describe('users and the outbox', () => {
    it('invites by e-mail: the mail with the invitation link waits in the outbox', async () => {
      const res = await post('/admin/users/invite', ada, { email: ' New.Colleague@Example.org ', role: 'editor' });
      expect(res.headers.location).toBe('/admin/users?notice=invited');
      const page = await follow(res, ada);
      expect(page.body).toContain('Invitation queued');
      expect(page.body).toMatch(/<tr id="user-\d+" data-role="editor" data-status="invited">[\s\S]*?new.colleague@example.org/);

      const mail = (await t.mailer.list()).find((m) => m.to_address === 'new.colleague@example.org');
      expect(mail).toBeDefined();
      expect(mail!.status).toBe('pending');
      expect(mail!.text_body).toMatch(new RegExp(`${t.config.baseUrl.replace(/[.:/]/g, '\\$&')}/account/invite\\?token=[\\w%-]+`));
      expect(mail!.text_body).toContain('Ada <Admin> invited you');

      const outbox = await get('/admin/outbox', ada);
      expect(outbox.statusCode).toBe(200);
      expect(outbox.body).toContain('SMTP_URL');
      expect(outbox.body).toContain('mails are not sent but kept here');
      expect(outbox.body).toMatch(new RegExp(`<tr id="mail-${mail!.id}">[\\s\\S]*?new.colleague@example.org[\\s\\S]*?data-status="pending">pending<`));
      expect((await get('/admin', ada)).body).toContain('<span data-status="pending">1 pending</span>');

      await t.jobs.runDue();
      const sent = await get('/admin/outbox', ada);
      expect(sent.body).toMatch(new RegExp(`<tr id="mail-${mail!.id}">[\\s\\S]*?data-status="sent">sent \\(dev\\)<`));
      const detail = await get(`/admin/outbox/${mail!.id}`, ada);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('Ada &lt;Admin> invited you');
      expect(detail.body).not.toContain('Ada <Admin>');
      expect(detail.body).toContain('/account/invite?token=');
      expect((await get('/admin/outbox/999999', ada)).statusCode).toBe(404);
      expect((await get('/admin/outbox/abc', ada)).statusCode).toBe(404);
    });

    it('shows invitation errors beside the form with what was typed', async () => {
      const before = (await t.mailer.list()).length;
      const taken = await post('/admin/users/invite', ada, { email: 'new.colleague@example.org', role: 'author' });
      expect(taken.statusCode).toBe(409);
      expect(taken.body).toContain('An account with this e-mail already exists');
      expect(taken.body).toContain('value="new.colleague@example.org"');
      const bad = await post('/admin/users/invite', ada, { email: 'not an address', role: 'author' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('data-code="INVALID_FORMAT"');
      expect(bad.body).toContain('value="not an address"');
      const badRole = await post('/admin/users/invite', ada, { email: 'someone@example.org', role: 'emperor' });
      expect(badRole.statusCode).toBe(400);
      expect((await t.mailer.list()).length).toBe(before);
    });

    it('changes a role with a select and a button', async () => {
      const bob = await signIn('author');
      const page = (await get('/admin/users', ada)).body;
      expect(page).toMatch(new RegExp(`action="/admin/users/${bob.user.id}/role"[\\s\\S]*?<option value="author" selected>author</option>`));
      const res = await post(`/admin/users/${bob.user.id}/role`, ada, { role: 'editor' });
      expect(res.headers.location).toBe('/admin/users?notice=role');
      expect((await t.services.accounts.findById(bob.user.id))!.role).toBe('editor');
      // The new role applies at once to the running session.
      expect((await get('/admin/campaigns', bob)).statusCode).toBe(200);
      const bad = await post(`/admin/users/${bob.user.id}/role`, ada, { role: 'emperor' });
      expect(bad.statusCode).toBe(400);
      expect((await post('/admin/users/999999/role', ada, { role: 'editor' })).statusCode).toBe(404);
    });

    it('deactivates an account, ending its sessions and revoking its API tokens for good, and reactivates it', async () => {
      const carl = await signIn('moderator');
      expect((await get('/admin', carl)).statusCode).toBe(200);
      const { token } = await t.services.apiTokens.create(carl.user.id, 'script', 'comments');
      const withToken = () => t.app.inject({ url: '/api/v1/admin/moderation/queue', headers: { authorization: `Bearer ${token}` } });
      expect((await withToken()).statusCode).toBe(200);
      const res = await post(`/admin/users/${carl.user.id}/deactivate`, ada);
      expect(res.headers.location).toBe('/admin/users?notice=deactivated');
      expect((await follow(res, ada)).body).toMatch(new RegExp(`<tr id="user-${carl.user.id}" data-role="moderator" data-status="deactivated">`));
      const sessions = await t.db.db.selectFrom('sessions').select('id_hash').where('user_id', '=', carl.user.id).execute();
      expect(sessions).toEqual([]);
      const after = await get('/admin', carl);
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toMatch(/^\/login/);
      await expect(t.services.accounts.authenticate(carl.user.email, 'correct horse battery', 'net-1')).rejects.toMatchObject({ code: 'ACCOUNT_DEACTIVATED' });
      expect((await withToken()).statusCode).toBe(401);

      const back = await post(`/admin/users/${carl.user.id}/reactivate`, ada);
      expect(back.headers.location).toBe('/admin/users?notice=reactivated');
      expect((await t.services.accounts.findById(carl.user.id))!.status).toBe('active');
      expect((await get('/admin', carl)).statusCode).toBe(303); // the old session stays ended
      expect((await withToken()).statusCode, 'a reactivated account does not get its old tokens back').toBe(401);
      expect((await post('/admin/users/999999/deactivate', ada)).statusCode).toBe(404);
    });

    it('never lets the last admin be demoted or deactivated', async () => {
      const demote = await post(`/admin/users/${ada.user.id}/role`, ada, { role: 'editor' });
      expect(demote.statusCode).toBe(409);
      expect(demote.body).toContain('The last active admin cannot lose the role');
      const deactivate = await post(`/admin/users/${ada.user.id}/deactivate`, ada);
      expect(deactivate.statusCode).toBe(409);
      expect(deactivate.body).toContain('The last active admin cannot lose the role');
      expect(await t.services.accounts.findById(ada.user.id)).toMatchObject({ role: 'admin', status: 'active' });
      expect((await get('/admin', ada)).statusCode).toBe(200);

      // With a second admin one of them may step down (and is sent where their new role may go).
      const dora = await signIn('admin');
      const stepDown = await post(`/admin/users/${dora.user.id}/role`, dora, { role: 'editor' });
      expect(stepDown.statusCode).toBe(303);
      expect(stepDown.headers.location).toBe('/admin');
      expect((await get('/admin/users', dora)).statusCode).toBe(403);
    });
  });

  describe('API tokens', () => {
    it('creates a token shown once, which works within its scope until revoked', async () => {
      const eve = await signIn('editor');
      const res = await post('/admin/tokens', eve, { name: 'Fundraising script', scope: 'campaigns' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('shown only once');
      const token = /gzt_[\w-]+/.exec(res.body)?.[0];
      expect(token).toBeDefined();
      const bearer = { authorization: `Bearer ${token}` };

      const list = await get('/admin/tokens', eve);
      expect(list.body).toContain('Fundraising script');
      expect(list.body).not.toContain(token!);
      const [row] = await t.services.apiTokens.list(eve.user.id);
      expect(row).toMatchObject({ name: 'Fundraising script', scope: 'campaigns', revoked_at: null });

      const allowed = await t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: bearer, payload: { month: '2026-10', goalMinor: 100_000, currency: 'EUR' } });
      expect(allowed.statusCode).toBe(201);
      const outside = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: bearer, payload: { title: 'By token', bodyMarkdown: 'x', authorName: 'x' } });
      expect(outside.statusCode).toBe(403);
      expect((await get('/admin/tokens', eve)).body).toMatch(new RegExp(`<tr id="token-${row!.id}"[\\s\\S]*?<time`)); // last used

      const revoke = await post(`/admin/tokens/${row!.id}/revoke`, eve);
      expect(revoke.headers.location).toBe('/admin/tokens?notice=revoked');
      expect((await follow(revoke, eve)).body).toMatch(new RegExp(`<tr id="token-${row!.id}" data-revoked="true">`));
      const afterRevoke = await t.app.inject({ method: 'GET', url: '/api/v1/admin/campaigns', headers: bearer });
      expect(afterRevoke.statusCode).toBe(401);
      expect((await post(`/admin/tokens/${row!.id}/revoke`, eve)).statusCode).toBe(404);
      // Someone else's token cannot be revoked by guessing its id.
      const other = await t.services.apiTokens.create(ada.user.id, 'Ada script', 'read');
      expect((await post(`/admin/tokens/${other.id}/revoke`, eve)).statusCode).toBe(404);
      expect((await t.services.apiTokens.list(ada.user.id))[0]!.revoked_at).toBeNull();
    });

    it('asks for a name and a known scope', async () => {
      const fay = await signIn('author');
      const noName = await post('/admin/tokens', fay, { name: ' ', scope: 'read' });
      expect(noName.statusCode).toBe(400);
      expect(noName.body).toContain('give the token a name');
      const badScope = await post('/admin/tokens', fay, { name: 'x', scope: 'root' });
      expect(badScope.statusCode).toBe(400);
      expect(badScope.body).toContain('value="x"');
      expect(await t.services.apiTokens.list(fay.user.id)).toEqual([]);
    });

    it('explains that the bootstrap token has no account to hold tokens', async () => {
      const page = await get('/admin/tokens', undefined, admin);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="no-account"');
      expect(page.body).not.toContain('id="new-token"');
      const create = await t.app.inject({ method: 'POST', url: '/admin/tokens', headers: { ...admin, ...FORM, accept: 'text/html' }, payload: form({ name: 'x', scope: 'all' }) });
      expect(create.statusCode).toBe(400);
      expect(create.body).toContain('belongs to no account');
      // Without an account there is no form to correct: a bad form gets the same answer.
      const empty = await t.app.inject({ method: 'POST', url: '/admin/tokens', headers: { ...admin, ...FORM, accept: 'text/html' }, payload: form({ name: '', scope: 'all' }) });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('belongs to no account');
    });
  });

  describe('campaigns', () => {
    const fields = (f: Record<string, string>) => ({ month: '2026-04', goal: '100', currency: 'USD', raised: '0', ...f });

    it("offers this month's campaign form and converts decimal amounts with the currency's exponent", async () => {
      const page = await get('/admin/campaigns', ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="month" required pattern="\\d{4}-\\d{2}" placeholder="YYYY-MM" value="2026-03"');
      expect(page.body).toContain('<option value="JPY">JPY</option>');
      expect(page.body).toMatch(/aria-label="Edit MARCH 2026">MARCH 2026<\/a> <span class="badge">current<\/span>/);
      expect(page.body).toContain('<progress max="500000" value="125000"');

      const usd = await post('/admin/campaigns', ada, fields({ month: '2026-04', goal: '12.50', raised: '1.05' }));
      expect(usd.headers.location).toBe('/admin/campaigns?notice=created');
      const jpy = await post('/admin/campaigns', ada, fields({ month: '2026-05', goal: '5000', currency: 'JPY', raised: '1,200' }));
      expect(jpy.statusCode).toBe(303);
      const list = await t.services.campaigns.list();
      expect(list.find((c) => c.month === '2026-04')).toMatchObject({ goalMinor: 1250, raisedMinor: 105, currency: 'USD' });
      expect(list.find((c) => c.month === '2026-05')).toMatchObject({ goalMinor: 5000, raisedMinor: 1200, currency: 'JPY' });
      const html = (await follow(jpy, ada)).body;
      expect(html).toContain('Campaign created.');
      expect(html).toContain('<td class="goal">$12.50</td>');
      expect(html).toContain('<td class="goal">¥5,000</td>');
      expect(html).toContain('<td class="raised">¥1,200</td>');
    });

    it('shows bad amounts and a duplicate month beside the form, keeping what was typed', async () => {
      const before = (await t.services.campaigns.list()).length;
      const dup = await post('/admin/campaigns', ada, fields({ month: '2026-04', goal: '77' }));
      expect(dup.statusCode).toBe(409);
      expect(dup.body).toContain('A campaign for 2026-04 already exists');
      expect(dup.body).toContain('value="77"');
      const yen = await post('/admin/campaigns', ada, fields({ month: '2026-06', goal: '12.5', currency: 'JPY' }));
      expect(yen.statusCode).toBe(400);
      expect(yen.body).toContain('JPY amounts have no decimals');
      expect(yen.body).toContain('<option value="JPY" selected>JPY</option>');
      for (const goal of ['abc', '-5', '1.234', '', '0']) {
        const res = await post('/admin/campaigns', ada, fields({ month: '2026-06', goal }));
        expect(res.statusCode, goal).toBe(400);
        expect(res.body, goal).toMatch(/class="form-error" data-code="[A-Z_]+">goal: /);
      }
      const badMonth = await post('/admin/campaigns', ada, fields({ month: '2026-13' }));
      expect(badMonth.statusCode).toBe(400);
      const badCurrency = await post('/admin/campaigns', ada, fields({ month: '2026-06', currency: 'XYZ' }));
      expect(badCurrency.statusCode).toBe(400);
      expect(badCurrency.body).toContain('data-code="INVALID_CURRENCY"');
      expect((await t.services.campaigns.list()).length).toBe(before);
    });

    it('edits goal, currency and amount raised', async () => {
      const c = (await t.services.campaigns.list()).find((x) => x.month === '2026-04')!;
      const page = await get(`/admin/campaigns/${c.id}`, ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="goal" inputmode="decimal" required value="12.50"');
      const res = await post(`/admin/campaigns/${c.id}`, ada, { goal: '2000', currency: 'eur', raised: '7.5' });
      expect(res.headers.location).toBe('/admin/campaigns?notice=updated');
      expect((await t.services.campaigns.list()).find((x) => x.id === c.id)).toMatchObject({ goalMinor: 200_000, raisedMinor: 750, currency: 'EUR' });
      const bad = await post(`/admin/campaigns/${c.id}`, ada, { goal: '20', currency: 'EUR', raised: 'lots' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('value="lots"');
      expect((await get('/admin/campaigns/999999', ada)).statusCode).toBe(404);
    });

    it('is for editors and admins only', async () => {
      const editor = await signIn('editor');
      expect((await get('/admin/campaigns', editor)).statusCode).toBe(200);
      const author = await signIn('author');
      expect((await get('/admin/campaigns', author)).statusCode).toBe(403);
      const before = (await t.services.campaigns.list()).length;
      expect((await post('/admin/campaigns', author, fields({ month: '2026-08' }))).statusCode).toBe(403);
      expect((await t.services.campaigns.list()).length).toBe(before);
    });
  });

  describe('settings', () => {
    let slug: string;
    beforeAll(async () => { slug = (await createArticle(t, { title: 'Settings story' })).slug; });
    const save = (f: Record<string, string | number>) => post('/admin/settings', ada, {
      siteName: 'The Test Gazette', siteDescription: '', commentsOpenByDefault: '1', commentEditWindowMinutes: 15, ...f,
    });

    it('renames the site: the article page and the home page show the new name and description', async () => {
      const page = await get('/admin/settings', ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="siteName" required maxlength="80" value="The Test Gazette"');
      const res = await save({ siteName: 'The Valley <Ledger>', siteDescription: 'News for the valley & beyond' });
      expect(res.headers.location).toBe('/admin/settings?notice=saved');
      expect((await follow(res, ada)).body).toContain('Settings saved.');
      const article = await get(`/articles/${slug}`);
      expect(article.body).toContain('<a class="site-name" href="/">The Valley &lt;Ledger></a>');
      expect(article.body).toContain('<title>Settings story — The Valley &lt;Ledger></title>');
      const home = await get('/');
      expect(home.body).toContain('<a class="site-name" href="/">The Valley &lt;Ledger></a>');
      expect(home.body).toContain('<meta name="description" content="News for the valley &amp; beyond"/>');
      expect((await save({})).statusCode).toBe(303);
      expect((await get(`/articles/${slug}`)).body).toContain('<a class="site-name" href="/">The Test Gazette</a>');
    });

    it('keeps bad values out and shows them beside the form', async () => {
      for (const [f, field] of [
        [{ siteName: '  ' }, 'siteName'], [{ commentEditWindowMinutes: 1441 }, 'commentEditWindowMinutes'],
        [{ commentEditWindowMinutes: '-1' }, 'commentEditWindowMinutes'], [{ commentEditWindowMinutes: '2.5' }, 'commentEditWindowMinutes'],
        [{ siteDescription: 'x'.repeat(301) }, 'siteDescription'],
      ] as const) {
        const res = await save({ siteName: 'Typed name', ...f });
        expect(res.statusCode, field).toBe(400);
        expect(res.body, field).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
      }
      expect((await save({ commentEditWindowMinutes: 1441, siteName: 'Typed name' })).body).toContain('value="Typed name"');
      expect(t.services.settings.get()).toMatchObject({ siteName: 'The Test Gazette', commentEditWindowMinutes: 15 });
      // An unticked checkbox sends nothing: comments closed by default.
      expect((await post('/admin/settings', ada, { siteName: 'The Test Gazette', siteDescription: '', commentEditWindowMinutes: 15 })).statusCode).toBe(303);
      expect(t.services.settings.get().commentsOpenByDefault).toBe(false);
      expect((await get('/admin/settings', ada)).body).not.toMatch(/name="commentsOpenByDefault" value="1" checked/);
      expect((await save({})).statusCode).toBe(303);
      expect(t.services.settings.get().commentsOpenByDefault).toBe(true);
    });

    it('an edit window of 0 minutes stops authors editing even a brand-new comment', async () => {
      expect((await save({ commentEditWindowMinutes: 0 })).statusCode).toBe(303);
      const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'fresh' } });
      expect(posted.statusCode).toBe(201);
      const id = posted.json().comment.id;
      const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie: readerCookie(posted) }, payload: { body: 'changed' } });
      expect(edit.statusCode).toBe(403);
      expect(edit.json().error.code).toBe('EDIT_WINDOW_CLOSED');

      expect((await save({ commentEditWindowMinutes: 15 })).statusCode).toBe(303);
      const again = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie: readerCookie(posted) }, payload: { body: 'changed' } });
      expect(again.statusCode).toBe(200);
    });

    it('uploads a logo shown beside the site name, and removes it', async () => {
      const png = await sharp({ create: { width: 400, height: 100, channels: 3, background: '#aa2233' } }).png().toBuffer();
      const body = await multipart({ logo: { data: png, name: 'logo.png', type: 'image/png' } });
      const upload = (url: string, b = body) => t.app.inject({ method: 'POST', url, payload: b.payload, headers: { ...b.headers, accept: 'text/html', cookie: ada.cookie } });

      const page = await get('/admin/settings', ada);
      // The token is masked afresh on every page; the one in this form's address is taken.
      const inForm = /action="\/admin\/settings\/logo\?_csrf=([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1];
      expect(inForm).toBeDefined();
      expect((await upload(`/admin/settings/logo?_csrf=${inForm}`, await multipart({ logo: { data: Buffer.from('x'), name: 'x.png', type: 'image/png' } }))).statusCode).not.toBe(403);
      const noToken = await upload('/admin/settings/logo');
      expect(noToken.statusCode).toBe(403);
      expect(t.services.settings.get().logoImageId).toBeNull();

      const res = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings?notice=logo');
      const id = t.services.settings.get().logoImageId;
      expect(id).toEqual(expect.any(Number));
      const thumb = (await t.services.images.refs([id!])).get(id!)!.thumbUrl;
      expect((await follow(res, ada)).body).toContain(`<img src="${thumb}" alt="The current logo"`);
      for (const url of ['/', `/articles/${slug}`]) {
        const html = (await get(url)).body;
        expect(html).toMatch(new RegExp(`<a class="site-name" href="/"><img class="site-logo" src="${thumb}" alt width="160" height="40"[^>]*/>The Test Gazette</a>`));
      }
      const img = await t.app.inject({ url: thumb });
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/jpeg');

      const notImage = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`, await multipart({ logo: { data: Buffer.from('hello'), name: 'x.png', type: 'image/png' } }));
      expect(notImage.statusCode).toBe(415);
      expect(notImage.body).toContain('data-code="UNSUPPORTED_IMAGE"');
      expect(t.services.settings.get().logoImageId).toBe(id);
      const noFile = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`, await multipart({ other: 'x' }));
      expect(noFile.statusCode).toBe(400);

      const remove = await post('/admin/settings/logo/delete', ada);
      expect(remove.headers.location).toBe('/admin/settings?notice=logo-removed');
      expect(t.services.settings.get().logoImageId).toBeNull();
      expect((await get('/')).body).toContain('<a class="site-name" href="/">The Test Gazette</a>');
      expect((await get(`/articles/${slug}`)).body).not.toContain('site-logo');
    });

    it('is for admins only', async () => {
      const editor = await signIn('editor');
      expect((await get('/admin/settings', editor)).statusCode).toBe(403);
      expect((await post('/admin/settings', editor, { siteName: 'Hijacked', siteDescription: '', commentEditWindowMinutes: 5 })).statusCode).toBe(403);
      expect(t.services.settings.get().siteName).toBe('The Test Gazette');
    });
  });
});
