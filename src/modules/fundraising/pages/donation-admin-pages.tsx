// The donations admin pages (donations.manage): the ledger with filters, totals and the manual donation
// form, the CSV export, the monthly donors, and the donation page's settings.
import { formText, noticeQuery } from '../../../platform/http/input.js';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import { AppError, fromZodError } from '../../../platform/http/errors.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import { currencyExponent } from '../../../ui/format.js';
import { noticeFrom, renderDoc, sendHtml } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import { donationSettingsSchema, type DonationSettings } from '../../settings/index.js';
import type { DonationCheckout } from '../donation-checkout.js';
import type { Donation, DonationsService } from '../donations.service.js';
import { donationFilter, manualDonationInput } from '../donations.schemas.js';
import { manualDonationOf } from '../manual-donation.js';
import { parseMajorAmount } from '../money-input.js';
import { currencyCode } from '../campaigns.schemas.js';
import { DonationList, DonationSettingsPage, MonthlyDonors, settingsValuesOf, type DonationSettingsValues, type ManualValues } from '../views/DonationAdmin.js';

export interface DonationAdminDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  donations: DonationsService;
  checkout: DonationCheckout;
  clock: Clock;
  settings: () => DonationSettings;
  saveSettings: (next: DonationSettings) => Promise<void>;
}

const access = { permission: 'donations.manage' };
const NOTICES = { recorded: 'Donation recorded.', voided: 'Donation voided: it no longer counts.', hidden: 'Hidden from the list of supporters.', saved: 'Donation page saved.' };
const donationParams = pageIdParams('DONATION_NOT_FOUND', 'Donation');
// A page ignores a filter value it does not know (each field on its own), where the API answers 400.
const listQuery = z.object({
  month: donationFilter.shape.month.catch(undefined),
  method: donationFilter.shape.method.catch(undefined),
  status: donationFilter.shape.status.catch(undefined),
  page: donationFilter.shape.page.catch(1),
  notice: formText,
});
const text = formText;
const manualForm = z.object({ method: text, amount: text, currency: text, receivedOn: text, name: text, email: text, note: text, anonymous: text })
  .transform((f): ManualValues => ({
    method: f.method ?? 'bank_transfer', amount: f.amount ?? '', currency: (f.currency ?? '').trim().toUpperCase(), receivedOn: (f.receivedOn ?? '').trim(),
    name: f.name ?? '', email: f.email ?? '', note: f.note ?? '', anonymous: f.anonymous !== undefined,
  }));
const settingsForm = z.object({ presets: text, maxAmount: text, showSupporters: text, bankTransfer: text, crypto: text, postal: text })
  .transform((f): DonationSettingsValues => ({
    presets: f.presets ?? '', maxAmount: f.maxAmount ?? '', showSupporters: f.showSupporters !== undefined,
    bankTransfer: f.bankTransfer ?? '', crypto: f.crypto ?? '', postal: f.postal ?? '',
  }));

/** A CSV cell: quoted, and a leading = + - @ made inert so a spreadsheet never runs it as a formula. */
export function csvCell(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_COLUMNS = ['id', 'paid_at', 'campaign_month', 'method', 'status', 'interval', 'amount', 'refunded', 'currency', 'counted', 'donor_name', 'donor_email', 'anonymous', 'message', 'reference', 'note'] as const;

/** Minor units as the plain decimal of the currency ("12.50"), for spreadsheets. */
const decimal = (minor: number, currency: string) => {
  const exp = currencyExponent(currency);
  return (minor / 10 ** exp).toFixed(exp);
};

function csvRow(d: Donation): string {
  return [
    d.id, d.paidAt, d.campaignMonth, d.method, d.status, d.interval, decimal(d.amountMinor, d.currency), decimal(d.refundedMinor, d.currency),
    d.currency, decimal(d.countedMinor, d.currency), d.donorName, d.donorEmail, d.anonymous, d.message, d.providerPaymentId, d.note,
  ].map(csvCell).join(',');
}

export function registerDonationAdminPages(deps: DonationAdminDeps) {
  const { pages, frameOf, donations, checkout, clock } = deps;

  async function listPage(reply: FastifyReply, caller: Caller, q: z.output<typeof listQuery>, opts: { values?: ManualValues; error?: AppError; notice?: string } = {}) {
    const { page, notice: _n, ...filter } = q;
    const [list, totals] = await Promise.all([donations.list(filter, page), donations.totals()]);
    const values = opts.values ?? {
      method: 'bank_transfer', amount: '', currency: await checkout.defaultCurrency(), receivedOn: clock().toISOString().slice(0, 10),
      name: '', email: '', note: '', anonymous: false,
    };
    return sendHtml(reply, renderDoc(
      <DonationList frame={frameOf(caller)} items={list.items} total={list.total} page={list.page} pages={list.pages} filter={filter}
        totals={totals} values={values} error={opts.error} notice={opts.notice} cardsAvailable={checkout.available} />,
    ), opts.error?.status);
  }

  pages.add({
    method: 'GET', url: '/admin/donations', access, query: listQuery,
    handler: async ({ reply, caller, query }) => listPage(reply, caller, query, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: '/admin/donations', access, form: manualForm,
    handler: async ({ reply, caller, form }) => {
      const currency = currencyCode.safeParse(form.currency || (await checkout.defaultCurrency()));
      if (!currency.success) throw new AppError(400, 'INVALID_CURRENCY', 'currency: choose a known currency such as USD', 'currency');
      const amount = parseMajorAmount(form.amount, currency.data, 'amount', 'amount');
      const input = {
        method: form.method, amount, currency: currency.data, receivedOn: form.receivedOn || undefined, anonymous: form.anonymous,
        name: form.name, email: form.email, note: form.note,
      };
      const parsed = manualDonationInput.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
      await donations.recordManual(await manualDonationOf(parsed.data, checkout, clock()), { userId: caller.user?.id });
      return reply.redirect('/admin/donations?notice=recorded', 303);
    },
    invalid: async ({ reply, caller, typed }, error) => listPage(reply, caller, { page: 1 }, { values: manualForm.parse(typed), error }),
  });

  pages.add({
    method: 'POST', url: '/admin/donations/:id/void', access, params: donationParams,
    handler: async ({ reply, caller, params }) => {
      await donations.voidManual(params.id, { name: caller.name });
      return reply.redirect('/admin/donations?notice=voided', 303);
    },
  });

  pages.add({
    method: 'POST', url: '/admin/donations/:id/hide', access, params: donationParams,
    handler: async ({ reply, caller, params }) => {
      await donations.hideFromSupporters(params.id, { name: caller.name });
      return reply.redirect('/admin/donations?notice=hidden', 303);
    },
  });

  pages.add({
    method: 'GET', url: '/admin/donations/export.csv', access, query: listQuery,
    handler: async ({ reply, query }) => {
      const { page: _p, notice: _n, ...filter } = query;
      async function* lines() {
        yield `${CSV_COLUMNS.join(',')}\r\n`;
        for await (const d of donations.all(filter)) yield `${csvRow(d)}\r\n`;
      }
      const name = `donations${filter.month ? `-${filter.month}` : ''}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store').send(Readable.from(lines()));
    },
  });

  pages.add({
    method: 'GET', url: '/admin/donations/monthly', access,
    handler: async ({ reply, caller }) => sendHtml(reply, renderDoc(<MonthlyDonors frame={frameOf(caller)} donors={await donations.recurring()} />)),
  });

  const settingsPage = (reply: FastifyReply, caller: Caller, opts: { values?: DonationSettingsValues; error?: AppError; notice?: string } = {}) =>
    sendHtml(reply, renderDoc(
      <DonationSettingsPage frame={frameOf(caller)} values={opts.values ?? settingsValuesOf(deps.settings())} error={opts.error} notice={opts.notice} />,
    ), opts.error?.status);

  pages.add({
    method: 'GET', url: '/admin/donations/settings', access, query: noticeQuery,
    handler: async ({ reply, caller, query }) => settingsPage(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: '/admin/donations/settings', access, form: settingsForm,
    handler: async ({ reply, form }) => {
      const presets = form.presets.split(/[,;\s]+/).filter(Boolean).map(Number);
      if (presets.length === 0 || presets.some((n) => !Number.isFinite(n) || n <= 0)) {
        throw new AppError(400, 'INVALID_PRESETS', 'presets: enter amounts such as 5, 10, 25, 50', 'presets');
      }
      const maxAmount = Number(form.maxAmount.replace(/[\s,]/g, ''));
      const input = { ...form, presets, maxAmount };
      const parsed = donationSettingsSchema.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
      await deps.saveSettings(parsed.data);
      return reply.redirect('/admin/donations/settings?notice=saved', 303);
    },
    invalid: async ({ reply, caller, typed }, error) => settingsPage(reply, caller, { values: settingsForm.parse(typed), error }),
  });
}
