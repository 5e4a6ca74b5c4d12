// A reader gives, in a real browser (Debian chromium via playwright-core): from the article's "Support" box to
// /support, an amount, Stripe Checkout (the local Stripe stand-in's hosted page, the real SDK on Gazette's
// side), back to the thank-you page; the stand-in then delivers the signed webhook as Stripe does, and the
// fundraising bar on the article shows the new total. The monthly donation is made with JavaScript off: the
// form is a plain form.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticle } from '../../src/demo/demo-content.js';
import { startStripeStandIn, type StripeStandIn } from '../helpers/stripe-stand-in.js';
import { freePort, launchChromium, openPage, startApp, type RunningApp } from './browser.js';

const chromiumPath = inject('chromiumPath');
const WAIT = 10_000;
const SECRET = 'whsec_e2e_donations_0123456789';

describe.skipIf(!chromiumPath)('donating in chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let stripe: StripeStandIn;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath!);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    stripe = await startStripeStandIn({ webhook: { url: `${baseUrl}/webhooks/stripe`, secret: SECRET } });
    app = await startApp({ port, env: { BASE_URL: baseUrl, STRIPE_SECRET_KEY: 'sk_test_e2e', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: stripe.url } });
  });
  afterEach(async () => { await Promise.all(contexts.map((c) => c.close().catch(() => {}))); contexts = []; });
  afterAll(async () => { await browser?.close(); await app?.stop(); await stripe?.close(); });

  const articleUrl = () => `${app.baseUrl}/articles/${demoArticle.slug}`;
  const raisedOnBar = async (page: Page) => Number(await page.getByRole('progressbar', { name: 'Fundraising progress' }).getAttribute('aria-valuenow'));

  it('a reader gives once from the article and sees the bar move', async () => {
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await page.goto(articleUrl());
    const before = await raisedOnBar(page);
    expect(before).toBeGreaterThan(0); // the demo's recorded donations

    await page.getByRole('complementary', { name: 'Support The Test Gazette', exact: true }).getByRole('link', { name: 'Support The Test Gazette' }).click();
    await page.waitForURL(`${app.baseUrl}/support`);
    expect(await page.locator('h1').textContent()).toBe('Support The Test Gazette');
    // Typing another amount chooses it (a preset was chosen first).
    await page.getByRole('radio', { name: '$50' }).check();
    await page.getByRole('textbox', { name: 'Other amount in USD' }).fill('30');
    expect(await page.getByRole('radio', { name: 'Other amount' }).isChecked()).toBe(true);
    await page.locator('input[name=name]').fill('Rosa Reader');
    await page.locator('input[name=email]').fill('rosa@example.org');
    await page.locator('textarea[name=message]').fill('For the harbour stories.');
    await Promise.all([page.waitForURL(new RegExp(`^${stripe.url}/pay/cs_test_`)), page.getByRole('button', { name: 'Continue to secure payment' }).click()]);
    expect(await page.textContent('body')).toContain('30.00');

    await Promise.all([page.waitForURL(new RegExp(`^${app.baseUrl}/support/thanks\\?session_id=cs_test_`)), page.getByRole('button', { name: 'Pay' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Thank you, Rosa Reader!');
    expect(await page.locator('.thanks-amount').textContent()).toBe('Your donation of $30 to The Test Gazette.');
    expect(await page.textContent('main')).toContain('Your payment was received.');

    await page.goto(articleUrl());
    expect(await raisedOnBar(page)).toBe(before + 3000);
    expect(errors).toEqual([]);
    const receipt = (await app.t.mailer.list()).find((m) => m.to_address === 'rosa@example.org');
    expect(receipt?.subject).toBe('Your donation to The Test Gazette: $30');
  });

  it('a reader without JavaScript gives monthly from the bar, and an invalid amount is shown beside the form', async () => {
    const { page } = await openPage(browser, contexts, { timeout: WAIT, javaScriptEnabled: false });
    await page.goto(articleUrl());
    const before = await raisedOnBar(page);
    await page.getByRole('link', { name: 'Donate' }).click();
    await page.waitForURL(`${app.baseUrl}/support`);

    await page.getByRole('radio', { name: 'Every month' }).check();
    await page.getByRole('radio', { name: 'Other amount' }).check();
    await page.getByRole('textbox', { name: 'Other amount in USD' }).fill('0.10');
    await page.getByRole('button', { name: 'Continue to secure payment' }).click();
    expect(await page.locator('#amount-error').textContent()).toBe('amount: the smallest card donation is $0.50');
    expect(await page.getByRole('radio', { name: 'Every month' }).isChecked()).toBe(true);

    await page.getByRole('radio', { name: '$25' }).check();
    await page.getByRole('textbox', { name: 'Other amount in USD' }).fill('');
    await page.locator('input[name=email]').fill('monthly@example.org');
    await Promise.all([page.waitForURL(new RegExp(`^${stripe.url}/pay/`)), page.getByRole('button', { name: 'Continue to secure payment' }).click()]);
    await Promise.all([page.waitForURL(/\/support\/thanks/), page.getByRole('button', { name: 'Pay' }).click()]);
    expect(await page.locator('.thanks-amount').textContent()).toBe('You give $25 every month to The Test Gazette.');
    await page.goto(articleUrl());
    expect(await raisedOnBar(page)).toBe(before + 2500);
  });

  it("a monthly donor cancels from the link in their receipt, through Stripe's portal", async () => {
    // The previous test's monthly donor (the receipt is queued with the payment, in the webhook's transaction).
    const receipt = (await app.t.mailer.list()).find((m) => m.to_address === 'monthly@example.org')!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/support\/manage\/\S+)/.exec(receipt.text_body)![1]!;
    const { page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Your monthly donation');
    await Promise.all([page.waitForURL(new RegExp(`^${stripe.url}/portal/`)), page.getByRole('button', { name: 'Change or cancel at Stripe' }).click()]);
    await Promise.all([page.waitForURL(link), page.getByRole('button', { name: 'Cancel donation' }).click()]);
    expect(await page.textContent('main')).toContain('This monthly donation was cancelled');
    expect(errors).toEqual([]);
  });

  it('an admin records a bank transfer, voids a mistake and sets the other ways to give', async () => {
    const admin = await app.t.services.accounts.createUser({ email: 'ada@example.org', password: 'correct horse battery', displayName: 'Ada Admin', role: 'admin' });
    const session = await app.t.services.accounts.createSession(admin.id);
    const { context, page, errors } = await openPage(browser, contexts, { timeout: WAIT });
    await context.addCookies([{ name: 'gz_session', value: session.token, url: app.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const raised = async () => (await app.t.services.campaigns.current())!.raisedMinor;
    const before = await raised();

    await page.goto(`${app.baseUrl}/admin/donations`);
    const form = page.locator('#record-donation');
    await form.getByLabel('Method').selectOption('bank_transfer');
    await form.getByLabel("Amount (in the currency's main unit, e.g. 25 or 12.50)").fill('1,000');
    await form.getByLabel("Donor's name").fill('Harbour Trust');
    await form.getByLabel('Note (bank reference, wallet, …)').fill('Ref HT-2026');
    await Promise.all([page.waitForURL(/notice=recorded/), form.getByRole('button', { name: 'Record donation' }).click()]);
    expect(await page.locator('.notice, [role=status]').first().textContent()).toContain('Donation recorded.');
    expect(await raised()).toBe(before + 100_000);

    // A mistake, voided from the list.
    await form.getByLabel("Amount (in the currency's main unit, e.g. 25 or 12.50)").fill('10000');
    await Promise.all([page.waitForURL(/notice=recorded/), form.getByRole('button', { name: 'Record donation' }).click()]);
    expect(await raised()).toBe(before + 1_100_000);
    await Promise.all([page.waitForURL(/notice=voided/), page.getByRole('button', { name: /^Void the donation \d+ of \$10,000$/ }).click()]);
    expect(await raised()).toBe(before + 100_000);
    await page.getByLabel('Status').selectOption('voided');
    await Promise.all([page.waitForURL(/status=voided/), page.getByRole('button', { name: 'Filter' }).click()]);
    expect(await page.locator('#donation-count').textContent()).toBe('1 donation');

    await page.getByRole('link', { name: 'Donation page' }).click();
    await page.getByLabel('Bank transfer details (shown on /support when set)').fill('IBAN GB00 TEST 0000 0000\nThe Test Gazette Ltd');
    await page.getByLabel(/Show recent supporters/).check();
    await Promise.all([page.waitForURL(/notice=saved/), page.getByRole('button', { name: 'Save' }).click()]);
    await page.goto(`${app.baseUrl}/support`);
    expect(await page.locator('.other-ways').textContent()).toContain('IBAN GB00 TEST 0000 0000');
    expect(await page.locator('.supporters').textContent()).toContain('Harbour Trust');

    // Taken off the public list by an admin.
    await page.goto(`${app.baseUrl}/admin/donations?method=bank_transfer&status=succeeded`);
    await Promise.all([page.waitForURL(/notice=hidden/), page.getByRole('button', { name: /^Hide from supporters the donation \d+ of \$1,000$/ }).first().click()]);
    await page.goto(`${app.baseUrl}/support`);
    expect(await page.locator('.supporters').textContent()).not.toContain('Harbour Trust');
    expect(await page.locator('.supporters').textContent()).toContain('Rosa Reader');
    expect(await raised()).toBe(before + 100_000);
    expect(errors).toEqual([]);
  });
});
