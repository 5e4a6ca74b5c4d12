// Monthly fundraising campaigns: the API and the bar on the article page, the amount raised derived from the
// donations ledger, on every dialect this machine has.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, recordDonation, type TestApp } from '../../../test/helpers/test-app.js';

/** The fundraising bar of a page, or undefined when none is rendered. */
const barOf = (html: string) => /<section class="fundraising"[\s\S]*?<\/section>/.exec(html)?.[0];
const scaleOf = (bar: string) => [...bar.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]);
const raisedOf = (bar: string) => /<span class="amount">([^<]*)<\/span> raised/.exec(bar)?.[1];

describe.each(dialects())('campaigns on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock(); // 2026-03-14
  const createCampaign = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: payload as object });
  const page = async () => {
    const res = await t.app.inject({ url: `/articles/${slug}` });
    expect(res.statusCode).toBe(200);
    return res;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    slug = (await createArticle(t, { title: 'Fundraising under test' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('renders no bar and returns null while the site has no campaign for this month or before', async () => {
    const current = await t.app.inject({ url: '/api/v1/campaigns/current' });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual({ campaign: null });
    // A campaign for a later month does not count (an earlier one would start this month's: see the last test).
    expect((await createCampaign({ month: '2026-09', goalMinor: 100000 })).statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json()).toEqual({ campaign: null });
    const html = (await page()).body;
    expect(barOf(html)).toBeUndefined();
    expect(html).not.toContain('SEPTEMBER 2026');
    expect(barOf((await t.app.inject({ url: '/' })).body)).toBeUndefined();
  });

  it('keeps the absence of a campaign in memory too: one added by hand shows after 30 s', async () => {
    const current = async () => (await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign as { goalMinor: number } | null;
    expect(await current()).toBeNull();
    const at = clock.now().toISOString();
    await sql`insert into campaigns (month, goal_minor, raised_minor, currency, created_at, updated_at) values ('2026-03', ${4242}, ${0}, 'USD', ${at}, ${at})`.execute(t.db.db);
    expect(await current()).toBeNull(); // kept
    expect(barOf((await t.app.inject({ url: '/' })).body)).toBeUndefined();
    clock.advance(31_000);
    expect((await current())?.goalMinor).toBe(4242);
    await sql`delete from campaigns where month = '2026-03'`.execute(t.db.db);
    clock.advance(31_000);
    expect(await current()).toBeNull();
  });

  it('creates the current month and shows it in the API and as a bar on the page', async () => {
    // A donation that arrived before the campaign was created counts toward it.
    await recordDonation(t, { amount: 100000, currency: 'USD', receivedOn: '2026-03-02' });
    const res = await createCampaign({ month: '2026-03', goalMinor: 500000, currency: 'usd' });
    expect(res.statusCode).toBe(201);
    expect(res.json().campaign).toMatchObject({ month: '2026-03', goalMinor: 500000, raisedMinor: 100000, currency: 'USD' });
    // Only this month's donations in the campaign's currency count.
    await recordDonation(t, { amount: 23456, currency: 'USD', receivedOn: '2026-03-14' });
    await recordDonation(t, { amount: 99999, currency: 'EUR', receivedOn: '2026-03-14' });
    await recordDonation(t, { amount: 77777, currency: 'USD', receivedOn: '2026-02-28' });
    const { campaign } = (await t.app.inject({ url: '/api/v1/campaigns/current' })).json();
    expect(campaign).toMatchObject({
      month: '2026-03', label: 'MARCH 2026', goalMinor: 500000, raisedMinor: 123456, currency: 'USD',
      goalFormatted: '$5,000', raisedFormatted: '$1,234.56',
    });

    const bar = barOf((await page()).body);
    expect(bar).toBeDefined();
    expect(bar).toContain('<strong class="fundraising-month">MARCH 2026</strong>');
    expect(scaleOf(bar!)).toEqual(['$0', '$2,500', '$5,000']);
    expect(raisedOf(bar!)).toBe('$1,234.56');
    expect(bar).toContain('aria-valuenow="123456"');
    expect(barOf((await t.app.inject({ url: '/' })).body)).toContain('MARCH 2026');

    const all = await t.app.inject({ url: '/api/v1/admin/campaigns', headers: admin });
    expect(all.json().campaigns.map((c: { month: string }) => c.month)).toEqual(['2026-09', '2026-03']);
  });

  it('updates the bar on the (cached) page when a donation is recorded', async () => {
    await page();
    expect((await page()).headers['x-page-cache']).toBe('hit');
    // Same instant as the creation: the page must not depend on the clock moving to refresh.
    await recordDonation(t, { amount: 126544, receivedOn: '2026-03-14' });
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign).toMatchObject({ raisedMinor: 250000, raisedFormatted: '$2,500', goalFormatted: '$5,000' });
    const after = await page();
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(raisedOf(barOf(after.body)!)).toBe('$2,500');
    expect(barOf(after.body)).toContain('width:50.00%');

    clock.advance(60_000);
    await recordDonation(t, { amount: 350000, method: 'cash', receivedOn: '2026-03-14' });
    const over = barOf((await page()).body)!;
    expect(raisedOf(over)).toBe('$6,000');
    expect(over).toContain('width:100.00%');

    const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/campaigns/999999', headers: admin, payload: { goalMinor: 1 } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
  });

  it('keeps the month\'s campaign in memory: a change made by hand shows after 30 s, a change through the app at once', async () => {
    const current = async () => (await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign as { goalMinor: number; raisedMinor: number };
    const before = await current();
    await sql`update campaigns set goal_minor = ${777_700} where month = '2026-03'`.execute(t.db.db);
    expect((await current()).goalMinor).toBe(before.goalMinor); // kept
    await recordDonation(t, { amount: 100, receivedOn: '2026-03-14' }); // an event about the campaign: read again
    const after = await current();
    expect(after.goalMinor).toBe(777_700);
    expect(after.raisedMinor).toBe(before.raisedMinor + 100);
    await sql`update campaigns set goal_minor = ${888_800} where month = '2026-03'`.execute(t.db.db);
    expect((await current()).goalMinor).toBe(777_700);
    clock.advance(31_000);
    expect((await current()).goalMinor).toBe(888_800);
    await sql`update campaigns set goal_minor = ${before.goalMinor} where month = '2026-03'`.execute(t.db.db);
    clock.advance(31_000);
  });

  it('refuses a second campaign for the same month', async () => {
    const res = await createCampaign({ month: '2026-03', goalMinor: 1000 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CAMPAIGN_EXISTS', field: 'month' });
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign.goalMinor).toBe(500000);
  });

  it.each([
    ['month 13', { month: '2026-13', goalMinor: 1000 }, 'INVALID_FORMAT', 'month'],
    ['month without zero', { month: '2026-4', goalMinor: 1000 }, 'INVALID_FORMAT', 'month'],
    ['missing month', { goalMinor: 1000 }, 'REQUIRED', 'month'],
    ['negative goal', { month: '2027-01', goalMinor: -500 }, 'TOO_SMALL', 'goalMinor'],
    ['zero goal', { month: '2027-01', goalMinor: 0 }, 'TOO_SMALL', 'goalMinor'],
    ['fractional goal', { month: '2027-01', goalMinor: 100.5 }, 'INVALID_TYPE', 'goalMinor'],
    ['goal as a string', { month: '2027-01', goalMinor: '1000' }, 'INVALID_TYPE', 'goalMinor'],
    ['an amount raised (it comes from the donations)', { month: '2027-01', goalMinor: 1000, raisedMinor: 5 }, 'UNKNOWN_FIELD', 'raisedMinor'],
    ['unknown currency', { month: '2027-01', goalMinor: 1000, currency: 'XYZ' }, 'INVALID_CURRENCY', 'currency'],
    ['malformed currency', { month: '2027-01', goalMinor: 1000, currency: 'US' }, 'INVALID_FORMAT', 'currency'],
    ['unknown field', { month: '2027-01', goalMinor: 1000, donors: 3 }, 'UNKNOWN_FIELD', 'donors'],
  ])('rejects %s with 400', async (_name, payload, code, field) => {
    const res = await createCampaign(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
    const months = (await t.app.inject({ url: '/api/v1/admin/campaigns', headers: admin })).json().campaigns.map((c: { month: string }) => c.month);
    expect(months).not.toContain('2027-01');
  });

  it.each([
    ['zero goal', { goalMinor: 0 }, 'TOO_SMALL', 'goalMinor'],
    ['an amount raised', { raisedMinor: 125 }, 'UNKNOWN_FIELD', 'raisedMinor'],
    ['unknown currency', { currency: 'XYZ' }, 'INVALID_CURRENCY', 'currency'],
    ['month change', { month: '2026-04' }, 'UNKNOWN_FIELD', 'month'],
  ])('rejects a patch with %s', async (_name, payload, code, field) => {
    const before = (await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/campaigns/${before.id}`, headers: admin, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign).toEqual(before);
  });

  it('formats currencies without a minor unit (JPY) and switches the bar to them, counting that currency only', async () => {
    const next = await createCampaign({ month: '2026-05', goalMinor: 5000, currency: 'JPY' });
    expect(next.statusCode).toBe(201);
    expect(next.json().campaign).toMatchObject({ label: 'MAY 2026', goalFormatted: '¥5,000', raisedFormatted: '¥0' });

    const id = (await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign.id;
    const jpy = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/campaigns/${id}`, headers: admin, payload: { currency: 'JPY', goalMinor: 5000 } });
    // March's donations were in dollars: none is in yen.
    expect(jpy.json().campaign).toMatchObject({ currency: 'JPY', goalFormatted: '¥5,000', raisedMinor: 0 });
    await recordDonation(t, { amount: 1000, currency: 'JPY', receivedOn: '2026-03-14' });
    const bar = barOf((await page()).body)!;
    expect(scaleOf(bar)).toEqual(['¥0', '¥2,500', '¥5,000']);
    expect(raisedOf(bar)).toBe('¥1,000');

    const eur = await createCampaign({ month: '2026-06', goalMinor: 1000050, currency: 'EUR' });
    expect(eur.json().campaign).toMatchObject({ label: 'JUNE 2026', goalFormatted: '€10,000.50', raisedFormatted: '€0' });
  });

  it('keeps amounts beyond 2^31 minor units (up to the 10^12 the API allows), as large goals in small units need', async () => {
    // 100 billion Indonesian rupiah in sen: more than PostgreSQL's 32-bit integer holds.
    const res = await createCampaign({ month: '2027-12', goalMinor: 10_000_000_000, currency: 'IDR' });
    expect(res.statusCode).toBe(201);
    expect(res.json().campaign).toMatchObject({ goalMinor: 10_000_000_000, raisedMinor: 0 });
    for (const amountMinor of [3_000_000_000, 1e12]) {
      await t.services.donations.recordManual({ method: 'bank_transfer', amountMinor, currency: 'IDR', receivedOn: '2027-12-01' }, {});
    }
    const all = (await t.app.inject({ url: '/api/v1/admin/campaigns', headers: admin })).json().campaigns as { month: string; goalMinor: number; raisedMinor: number }[];
    expect(all.find((c) => c.month === '2027-12')).toMatchObject({ goalMinor: 10_000_000_000, raisedMinor: 1e12 + 3_000_000_000 });
  });

  it("follows the clock into the next month, starting a month without a campaign from the last one's goal", async () => {
    clock.advance(20 * 24 * 3600_000); // into April 2026: no campaign was created for it
    const april = (await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign;
    expect(april).toMatchObject({ month: '2026-04', goalMinor: 5000, currency: 'JPY', raisedMinor: 0 });
    expect(barOf((await page()).body)).toContain('APRIL 2026');
    clock.advance(31 * 24 * 3600_000); // May 2026 has its own
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign.label).toBe('MAY 2026');
    expect(barOf((await page()).body)).toContain('MAY 2026');
  });
});
