// The admin dashboard (a greeting, counts of articles, comments, the campaign and the outbox, and only what
// the caller's role allows) and the campaign pages (this month's form, amounts in the currency's exponent,
// errors beside the form, editing, editors and admins only), as a browser without JavaScript uses them. The
// campaign tests follow the dashboard's, which creates this month's campaign. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { adminPagesSuite, type Person } from './admin.pages.test-kit.js';

describe.each(dialects())('admin pages on %s', (dialect) => {
  const kit = adminPagesSuite(dialect);
  const { clock, signIn, get, post, follow } = kit;
  let t: TestApp;
  let ada: Person;
  beforeAll(() => { ({ t, ada } = kit); });

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
      await t.services.campaigns.create({ month: '2026-03', goalMinor: 500_000, currency: 'USD' });
      await t.services.donations.recordManual({ method: 'bank_transfer', amountMinor: 125_000, currency: 'USD', receivedOn: '2026-03-10' }, {});

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

  describe('campaigns', () => {
    const fields = (f: Record<string, string>) => ({ month: '2026-04', goal: '100', currency: 'USD', ...f });

    it("offers this month's campaign form and converts decimal amounts with the currency's exponent", async () => {
      const page = await get('/admin/campaigns', ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="month" required pattern="\\d{4}-\\d{2}" placeholder="YYYY-MM" value="2026-03"');
      expect(page.body).toContain('<option value="JPY">JPY</option>');
      expect(page.body).toMatch(/aria-label="Edit MARCH 2026">MARCH 2026<\/a> <span class="badge">current<\/span>/);
      expect(page.body).toContain('<progress max="500000" value="125000"');

      expect(page.body).not.toContain('name="raised"');
      await t.services.donations.recordManual({ method: 'cash', amountMinor: 1200, currency: 'JPY', receivedOn: '2026-05-02' }, {});
      const usd = await post('/admin/campaigns', ada, fields({ month: '2026-04', goal: '12.50' }));
      expect(usd.headers.location).toBe('/admin/campaigns?notice=created');
      const jpy = await post('/admin/campaigns', ada, fields({ month: '2026-05', goal: '5000', currency: 'JPY', raised: '999' }));
      expect(jpy.statusCode).toBe(303);
      const list = await t.services.campaigns.list();
      expect(list.find((c) => c.month === '2026-04')).toMatchObject({ goalMinor: 1250, raisedMinor: 0, currency: 'USD' });
      // The amount raised is the month's donations; a typed one (an old form) is ignored.
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

    it('edits goal and currency (the amount raised follows the currency)', async () => {
      const c = (await t.services.campaigns.list()).find((x) => x.month === '2026-04')!;
      const page = await get(`/admin/campaigns/${c.id}`, ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="goal" inputmode="decimal" required value="12.50"');
      await t.services.donations.recordManual({ method: 'cheque', amountMinor: 750, currency: 'EUR', receivedOn: '2026-04-03' }, {});
      const res = await post(`/admin/campaigns/${c.id}`, ada, { goal: '2000', currency: 'eur' });
      expect(res.headers.location).toBe('/admin/campaigns?notice=updated');
      expect((await t.services.campaigns.list()).find((x) => x.id === c.id)).toMatchObject({ goalMinor: 200_000, raisedMinor: 750, currency: 'EUR' });
      const bad = await post(`/admin/campaigns/${c.id}`, ada, { goal: 'lots', currency: 'EUR' });
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
});
