// The donation pages as a browser without JavaScript uses them: /support (the form, its errors, the other
// ways to give, the supporters list) and the admin's ledger (filters, totals, a donation recorded by hand,
// the CSV export, monthly donors, the donation page's settings), admins only. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { adminPagesSuite, type Person } from '../admin/admin.pages.test-kit.js';

describe.each(dialects())('donation pages on %s', (dialect) => {
  const kit = adminPagesSuite(dialect);
  const { signIn, get, post, follow } = kit;
  let t: TestApp;
  let ada: Person;
  beforeAll(async () => {
    ({ t, ada } = kit);
    await t.services.campaigns.create({ month: '2026-03', goalMinor: 100_000, currency: 'EUR' });
  });

  it('records a donation by hand: it counts toward its month, shows in the ledger and the totals', async () => {
    const page = await get('/admin/donations', ada);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Card donations are off');
    expect(page.body).toContain('name="currency" required maxlength="3" size="4" value="EUR"');
    expect(page.body).toContain('name="receivedOn" required value="2026-03-14"');

    const res = await post('/admin/donations', ada, { method: 'bank_transfer', amount: '1,250.50', currency: 'EUR', receivedOn: '2026-03-10', name: 'Bea <b>Bold</b>', email: 'bea@example.org', note: '=HYPERLINK("x")' });
    expect(res.headers.location).toBe('/admin/donations?notice=recorded');
    const html = (await follow(res, ada)).body;
    expect(html).toContain('Donation recorded.');
    expect(html).toContain('Bea &lt;b>Bold&lt;/b>');
    expect(html).toContain('€1,250.50');
    expect((await t.services.campaigns.current())!.raisedMinor).toBe(125_050);
    expect(html).toMatch(/<td class="raised">€1,250.50<\/td>/);

    await post('/admin/donations', ada, { method: 'cash', amount: '20', currency: 'EUR', receivedOn: '2026-02-27' });
    await post('/admin/donations', ada, { method: 'crypto', amount: '5', currency: 'USD', receivedOn: '2026-03-02', anonymous: '1' });
    expect((await t.services.campaigns.current())!.raisedMinor).toBe(125_050);
  });

  it('shows a bad amount, date or e-mail beside the form, keeping what was typed and recording nothing', async () => {
    const before = (await t.services.donations.list({})).total;
    for (const [fields, field] of [
      [{ amount: 'lots' }, 'amount'], [{ amount: '0' }, 'amount'], [{ amount: '1.234' }, 'amount'],
      [{ currency: 'XYZ' }, 'currency'], [{ receivedOn: '2026-03-15' }, 'receivedOn'], [{ receivedOn: '14/03/2026' }, 'receivedOn'],
      [{ email: 'nope' }, 'email'], [{ method: 'gold bars' }, 'method'],
    ] as const) {
      const res = await post('/admin/donations', ada, { method: 'cash', amount: '10', currency: 'EUR', receivedOn: '2026-03-01', name: 'Kept Name', ...fields });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      if (field !== 'method') expect(res.body, JSON.stringify(fields)).toMatch(new RegExp(`class="form-error" data-code="[A-Z_]+">${field}: `));
      expect(res.body).toContain('value="Kept Name"');
    }
    expect((await t.services.donations.list({})).total).toBe(before);
  });

  it('filters the ledger by month, method and status, and pages through it', async () => {
    const march = await get('/admin/donations?month=2026-03', ada);
    expect(march.body).toContain('<p class="muted" id="donation-count">2 donations</p>');
    const cash = await get('/admin/donations?method=cash', ada);
    expect(cash.body).toContain('id="donation-count">1 donation</p>');
    expect(cash.body).toContain('<option value="cash" selected>Cash</option>');
    expect((await get('/admin/donations?status=refunded', ada)).body).toContain('id="donation-count">0 donations</p>');
    // A bad filter value is ignored (the others still apply), an empty one is "any": as the filter form sends them.
    const mixed = await get('/admin/donations?month=March&status=lost&method=cash', ada);
    expect(mixed.body).toContain('id="donation-count">1 donation</p>');
    expect((await get('/admin/donations?month=&method=cash&status=', ada)).body).toContain('id="donation-count">1 donation</p>');

    for (let i = 0; i < 50; i++) await t.services.donations.recordManual({ method: 'other', amountMinor: 100 + i, currency: 'EUR', receivedOn: '2026-01-05' }, {});
    const first = await get('/admin/donations?month=2026-01', ada);
    expect(first.body).toContain('id="donation-count">50 donations</p>');
    expect(first.body).not.toContain('rel="next"');
    const all = await get('/admin/donations', ada);
    expect(all.body).toContain('Page 1 of 2');
    expect(all.body).toContain('<a rel="next" href="/admin/donations?page=2">');
    expect((await get('/admin/donations?page=2', ada)).body.match(/<tr id="donation-/g)).toHaveLength(3);
  });

  it('exports the ledger as CSV, with the filter, formulas made inert', async () => {
    const res = await get('/admin/donations/export.csv?month=2026-03', ada);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="donations-2026-03.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,paid_at,campaign_month,method,status,interval,amount,refunded,currency,counted,donor_name,donor_email,anonymous,message,reference,note');
    expect(lines).toHaveLength(3);
    const bea = lines.find((l) => l.includes('bea@example.org'))!;
    expect(bea).toContain(',2026-03,bank_transfer,succeeded,once,1250.50,0.00,EUR,1250.50,Bea <b>Bold</b>,bea@example.org,false,,,');
    expect(bea.endsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    const everything = await get('/admin/donations/export.csv', ada);
    expect(everything.body.trim().split('\r\n')).toHaveLength(1 + 53);
  });

  it('lists the totals and the ledger in the JSON API, and records a donation there', async () => {
    const totals = (await t.app.inject({ url: '/api/v1/admin/donations/totals', headers: admin })).json().totals;
    expect(totals.find((x: { month: string; currency: string }) => x.month === '2026-03' && x.currency === 'EUR')).toMatchObject({ raisedMinor: 125_050, succeeded: 1, payments: 1 });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/donations', headers: admin, payload: { method: 'cheque', amount: 4_950, name: 'Cleo', receivedOn: '2026-03-13' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().donation).toMatchObject({ method: 'cheque', amountMinor: 4_950, currency: 'EUR', status: 'succeeded', campaignMonth: '2026-03', countedMinor: 4_950 });
    expect((await t.app.inject({ url: '/api/v1/campaigns/current' })).json().campaign.raisedMinor).toBe(130_000);
    const listed = (await t.app.inject({ url: '/api/v1/admin/donations?month=2026-03&method=cheque', headers: admin })).json();
    expect(listed).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(listed.donations[0].donorName).toBe('Cleo');
    for (const [payload, code, field] of [
      [{ method: 'cheque', amount: 0 }, 'TOO_SMALL', 'amount'],
      [{ method: 'card', amount: 100 }, 'INVALID_VALUE', 'method'],
      [{ method: 'cash', amount: 100, receivedOn: '2026-04-01' }, 'DATE_IN_FUTURE', 'receivedOn'],
      [{ method: 'cash', amount: 100, raisedMinor: 5 }, 'UNKNOWN_FIELD', 'raisedMinor'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/donations', headers: admin, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code, field });
    }
    expect((await t.app.inject({ url: '/api/v1/admin/donations?status=maybe', headers: admin })).statusCode).toBe(400);
  });

  it('sets the donation page: presets, maximum, other ways to give and the supporters list', async () => {
    const page = await get('/admin/donations/settings', ada);
    expect(page.body).toContain('name="presets" required value="5, 10, 25, 50"');
    const bad = await post('/admin/donations/settings', ada, { presets: '5, ten', maxAmount: '100' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="5, ten"');
    const res = await post('/admin/donations/settings', ada, {
      presets: '3, 15, 40', maxAmount: '2000', showSupporters: '1', bankTransfer: 'IBAN DE00 1234\nThe Gazette e.V.', crypto: '', postal: '1 Press Lane',
    });
    expect(res.headers.location).toBe('/admin/donations/settings?notice=saved');
    expect(t.services.settings.get().donations).toMatchObject({ presets: [3, 15, 40], maxAmount: 2000, showSupporters: true, crypto: '' });

    const support = await get('/support');
    expect(support.statusCode).toBe(200);
    expect(support.body).toContain('<h1>Support The Test Gazette</h1>');
    expect(support.body).toContain('MARCH 2026:</strong> €1,300 raised of €1,000 (100 %)');
    expect(support.body).toContain('IBAN DE00 1234\nThe Gazette e.V.');
    expect(support.body).toContain('1 Press Lane');
    expect(support.body).not.toContain('<h3>Crypto</h3>');
    // Supporters: names and messages of those who gave one, never anonymous donors, amounts or addresses.
    expect(support.body).toContain('<h2 id="supporters-title">Recent supporters</h2>');
    expect(support.body).toContain('<strong>Cleo</strong>');
    expect(support.body).toContain('<strong>Bea &lt;b>Bold&lt;/b></strong>');
    expect(support.body).not.toContain('bea@example.org');
    // No Stripe on this site: no card form.
    expect(support.body).not.toContain('id="donation-form"');
  });

  it('is for admins only; editors, readers and guests are refused', async () => {
    const editor = await signIn('editor');
    for (const url of ['/admin/donations', '/admin/donations/monthly', '/admin/donations/settings', '/admin/donations/export.csv']) {
      expect((await get(url, editor)).statusCode, url).toBe(403);
      expect((await get(url)).statusCode, url).toBe(303);
    }
    expect((await post('/admin/donations', editor, { method: 'cash', amount: '10' })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/admin/donations' })).statusCode).toBe(401);
    expect((await get('/admin/donations/monthly', ada)).body).toContain('No monthly donors yet.');
  });

  it('voids a donation recorded by mistake: kept in the ledger, no longer counted; a card payment cannot be voided', async () => {
    const raised = async () => (await t.services.campaigns.current())!.raisedMinor;
    const before = await raised();
    const wrong = await t.services.donations.recordManual({ method: 'cash', amountMinor: 99_900, currency: 'EUR', receivedOn: '2026-03-14', note: 'typo' }, {});
    expect(await raised()).toBe(before + 99_900);
    const page = await get('/admin/donations?method=cash&month=2026-03', ada);
    expect(page.body).toContain(`action="/admin/donations/${wrong.id}/void"`);
    const res = await post(`/admin/donations/${wrong.id}/void`, ada);
    expect(res.headers.location).toBe('/admin/donations?notice=voided');
    expect((await follow(res, ada)).body).toContain('Donation voided: it no longer counts.');
    expect(await raised()).toBe(before);
    const row = (await t.services.donations.list({ status: 'voided' })).items.find((d) => d.id === wrong.id)!;
    expect(row.note).toBe('typo — Voided by Ada <Admin> on 2026-03-14');
    expect((await get('/admin/donations?status=voided', ada)).body).not.toContain(`action="/admin/donations/${wrong.id}/void"`);

    await t.services.donations.applyEvent('evt_pages_card', 'checkout.session.completed', [{ kind: 'payment', facts: {
      paymentId: 'pi_pages_card', isDonation: true, amountMinor: 500, currency: 'EUR', paid: true, paidAt: '2026-03-14T11:00:00.000Z',
    } }]);
    const card = (await t.services.donations.list({ method: 'card' })).items[0]!;
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/admin/donations/${card.id}/void`, headers: admin });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('NOT_MANUAL');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/donations/999999/void', headers: admin })).statusCode).toBe(404);
    expect((await post('/admin/donations/999999/void', ada)).statusCode).toBe(404);
  });

  it('takes a donation off the public list of supporters, keeping it counted', async () => {
    const raised = (await t.services.campaigns.current())!.raisedMinor;
    const cleo = (await t.services.donations.list({ method: 'cheque' })).items.find((d) => d.donorName === 'Cleo')!;
    expect((await get('/support')).body).toContain('<strong>Cleo</strong>');
    const res = await post(`/admin/donations/${cleo.id}/hide`, ada);
    expect(res.headers.location).toBe('/admin/donations?notice=hidden');
    expect((await get('/support')).body).not.toContain('<strong>Cleo</strong>');
    expect((await t.services.campaigns.current())!.raisedMinor).toBe(raised);
    expect((await t.services.donations.list({ method: 'cheque' })).items.find((d) => d.id === cleo.id)).toMatchObject({ anonymous: true, note: 'Hidden from supporters by Ada <Admin> on 2026-03-14' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/donations/999999/hide', headers: admin })).statusCode).toBe(404);
  });

  it('refuses a cross-site post of the support form', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/support', headers: { ...FORM, origin: 'https://evil.example' }, payload: form({ amount: '10', interval: 'once' }) });
    expect(res.statusCode).toBe(403);
  });
});
