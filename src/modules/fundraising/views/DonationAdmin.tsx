// The donations admin: the ledger with its filters and monthly totals, the form for a donation recorded by
// hand, the monthly donors, and the donation page's settings.
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, PostButton, TableScroll, Time } from '../../../ui/admin/form-parts.js';
import { formatMoney, monthLabel } from '../../../ui/format.js';
import type { AppError } from '../../../platform/http/errors.js';
import type { DonationSettings } from '../../settings/index.js';
import { DONATION_STATUSES, MANUAL_METHODS, METHOD_LABELS, type Donation, type RecurringDonation } from '../donations.service.js';

export interface DonationFilterValues { month?: string; method?: string; status?: string }
export interface ManualValues { method: string; amount: string; currency: string; receivedOn: string; name: string; email: string; note: string; anonymous: boolean }
export interface MonthTotal { month: string; currency: string; raisedFormatted: string; refundedMinor: number; succeeded: number; payments: number }

const query = (f: DonationFilterValues, page?: number) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
};

function Tabs({ current }: { current: 'ledger' | 'monthly' | 'settings' }) {
  const tab = (key: typeof current, href: string, label: string) =>
    <a href={href} class={current === key ? 'tab current' : 'tab'} aria-current={current === key ? 'page' : undefined}>{label}</a>;
  return (
    <nav class="tabs" aria-label="Donations">
      {tab('ledger', '/admin/donations', 'Ledger')} {tab('monthly', '/admin/donations/monthly', 'Monthly donors')} {tab('settings', '/admin/donations/settings', 'Donation page')}
    </nav>
  );
}

function Donor({ d }: { d: Donation }) {
  return (
    <>
      {d.donorName ?? <span class="muted">no name</span>}{d.anonymous && <> <span class="badge">anonymous</span></>}
      {d.donorEmail && <><br /><span class="muted">{d.donorEmail}</span></>}
    </>
  );
}

export interface DonationListProps {
  frame: AdminFrame;
  items: Donation[];
  total: number;
  page: number;
  pages: number;
  filter: DonationFilterValues;
  totals: MonthTotal[];
  values: ManualValues;
  error?: AppError;
  notice?: string;
  cardsAvailable: boolean;
}

export function DonationList(p: DonationListProps) {
  const { frame, items, filter, error } = p;
  const invalid = (f: string) => (error?.field === f ? 'true' : undefined);
  return (
    <AdminLayout frame={frame} title="Donations" current="/admin/donations" notice={p.notice} error={error?.message}>
      <Tabs current="ledger" />
      {!p.cardsAvailable && <p class="hint">Card donations are off: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (see the README). Donations recorded by hand still count.</p>}
      <h2>Totals by month</h2>
      {p.totals.length === 0 ? <p>No donations yet.</p> : (
        <TableScroll>
          <table class="admin-table donation-totals">
            <thead><tr><th>Month</th><th>Currency</th><th>Raised</th><th>Refunded</th><th>Payments</th></tr></thead>
            <tbody>
              {p.totals.map((t) => (
                <tr key={`${t.month}-${t.currency}`}>
                  <td><a href={`/admin/donations${query({ month: t.month })}`}>{monthLabel(t.month)}</a></td>
                  <td>{t.currency}</td>
                  <td class="raised">{t.raisedFormatted}</td>
                  <td>{t.refundedMinor ? formatMoney(t.refundedMinor, t.currency) : '—'}</td>
                  <td>{t.succeeded} of {t.payments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2>Ledger</h2>
      <form method="get" action="/admin/donations" class="filters" id="donation-filters">
        <label>Month <input type="month" name="month" value={filter.month ?? ''} /></label>
        <label>Method
          <select name="method">
            <option value="">any</option>
            {['card', ...MANUAL_METHODS].map((m) => <option key={m} value={m} selected={filter.method === m}>{METHOD_LABELS[m]}</option>)}
          </select>
        </label>
        <label>Status
          <select name="status">
            <option value="">any</option>
            {DONATION_STATUSES.map((s) => <option key={s} value={s} selected={filter.status === s}>{s}</option>)}
          </select>
        </label>
        <button type="submit" class="button">Filter</button> <a href="/admin/donations">Clear</a>{' '}
        <a href={`/admin/donations/export.csv${query(filter)}`} class="button" download>Export CSV</a>
      </form>
      <p class="muted" id="donation-count">{p.total} {p.total === 1 ? 'donation' : 'donations'}</p>
      {items.length > 0 && (
        <TableScroll>
          <table class="admin-table donations">
            <thead><tr><th>Paid</th><th>Donor</th><th>Amount</th><th>Method</th><th>Status</th><th>Campaign</th><th>Reference / note</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} id={`donation-${d.id}`}>
                  <td><Time iso={d.paidAt} /></td>
                  <td><Donor d={d} />{d.message && <><br /><q>{d.message}</q></>}</td>
                  <td class="amount">{d.amountFormatted}{d.interval === 'month' && ' / month'}{d.refundedMinor > 0 && <><br /><span class="muted">refunded {formatMoney(d.refundedMinor, d.currency)}</span></>}</td>
                  <td>{METHOD_LABELS[d.method] ?? d.method}</td>
                  <td class="status"><span class={`badge status-${d.status}`}>{d.status}</span></td>
                  <td>{d.campaignMonth}</td>
                  <td>{d.providerPaymentId ?? d.note ?? ''}</td>
                  <td class="actions">
                    {d.provider === null && d.status === 'succeeded' && (
                      <PostButton action={`/admin/donations/${d.id}/void`} csrf={frame.csrf} label="Void" ariaLabel={`Void the donation ${d.id} of ${d.amountFormatted}`} danger />
                    )}
                    {!d.anonymous && d.donorName && (
                      <PostButton action={`/admin/donations/${d.id}/hide`} csrf={frame.csrf} label="Hide from supporters" ariaLabel={`Hide from supporters the donation ${d.id} of ${d.amountFormatted}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {p.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {p.page > 1 && <a rel="prev" href={`/admin/donations${query(filter, p.page - 1)}`}>← Previous</a>}{' '}
          <span>Page {p.page} of {p.pages}</span>{' '}
          {p.page < p.pages && <a rel="next" href={`/admin/donations${query(filter, p.page + 1)}`}>Next →</a>}
        </nav>
      )}

      <h2>Record a donation</h2>
      <p class="hint">For money that did not come through Stripe: a bank transfer, cash, crypto, a cheque. It counts toward the campaign of the month it arrived in.</p>
      <form method="post" action="/admin/donations" class="admin-form" id="record-donation">
        <CsrfField csrf={frame.csrf} />
        <label>Method
          <select name="method" required>
            {MANUAL_METHODS.map((m) => <option key={m} value={m} selected={p.values.method === m}>{METHOD_LABELS[m]}</option>)}
          </select>
        </label>
        <label>Amount (in the currency's main unit, e.g. 25 or 12.50)
          <input name="amount" inputmode="decimal" required value={p.values.amount} aria-invalid={invalid('amount')} />
        </label>
        <FieldError error={error} field="amount" />
        <label>Currency <input name="currency" required maxLength={3} size={4} value={p.values.currency} aria-invalid={invalid('currency')} /></label>
        <FieldError error={error} field="currency" />
        <label>Received on <input type="date" name="receivedOn" required value={p.values.receivedOn} aria-invalid={invalid('receivedOn')} /></label>
        <FieldError error={error} field="receivedOn" />
        <label>Donor's name <input name="name" maxLength={80} value={p.values.name} /></label>
        <label>Donor's e-mail <input type="email" name="email" maxLength={254} value={p.values.email} aria-invalid={invalid('email')} /></label>
        <FieldError error={error} field="email" />
        <label>Note (bank reference, wallet, …) <input name="note" maxLength={500} value={p.values.note} /></label>
        <label class="checkbox"><input type="checkbox" name="anonymous" value="1" checked={p.values.anonymous} /> Anonymous (never in the public list of supporters)</label>
        <div class="form-actions"><button type="submit" class="button primary">Record donation</button></div>
      </form>
    </AdminLayout>
  );
}

export function MonthlyDonors({ frame, donors }: { frame: AdminFrame; donors: RecurringDonation[] }) {
  return (
    <AdminLayout frame={frame} title="Monthly donors" current="/admin/donations">
      <Tabs current="monthly" />
      {donors.length === 0 ? <p>No monthly donors yet.</p> : (
        <TableScroll>
          <table class="admin-table monthly-donors">
            <thead><tr><th>Donor</th><th>Amount</th><th>Status</th><th>Since</th><th>Ended</th><th>Subscription</th></tr></thead>
            <tbody>
              {donors.map((d) => (
                <tr key={d.id} id={`monthly-${d.id}`}>
                  <td>{d.donorName ?? <span class="muted">no name</span>}{d.donorEmail && <><br /><span class="muted">{d.donorEmail}</span></>}</td>
                  <td>{d.amountFormatted} / month</td>
                  <td class="status"><span class={`badge status-${d.status}`}>{d.status}</span></td>
                  <td><Time iso={d.startedAt} /></td>
                  <td><Time iso={d.canceledAt} /></td>
                  <td>{d.subscriptionId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </AdminLayout>
  );
}

export interface DonationSettingsValues { presets: string; maxAmount: string; showSupporters: boolean; bankTransfer: string; crypto: string; postal: string }

export const settingsValuesOf = (s: DonationSettings): DonationSettingsValues => ({
  presets: s.presets.join(', '), maxAmount: String(s.maxAmount), showSupporters: s.showSupporters,
  bankTransfer: s.bankTransfer, crypto: s.crypto, postal: s.postal,
});

export function DonationSettingsPage({ frame, values, error, notice }: { frame: AdminFrame; values: DonationSettingsValues; error?: AppError; notice?: string }) {
  const invalid = (f: string) => (error?.field === f ? 'true' : undefined);
  return (
    <AdminLayout frame={frame} title="Donation page" current="/admin/donations" notice={notice} error={error?.message}>
      <Tabs current="settings" />
      <form method="post" action="/admin/donations/settings" class="admin-form" id="donation-settings">
        <CsrfField csrf={frame.csrf} />
        <label>Preset amounts (main unit of the campaign's currency, separated by commas)
          <input name="presets" required value={values.presets} aria-invalid={invalid('presets')} />
        </label>
        <FieldError error={error} field="presets" />
        <label>Largest card donation <input name="maxAmount" inputmode="decimal" required value={values.maxAmount} aria-invalid={invalid('maxAmount')} /></label>
        <FieldError error={error} field="maxAmount" />
        <label class="checkbox"><input type="checkbox" name="showSupporters" value="1" checked={values.showSupporters} /> Show recent supporters (name and message; never anonymous donors, never amounts or e-mail addresses) on /support</label>
        <label>Bank transfer details (shown on /support when set)
          <textarea name="bankTransfer" rows={4} maxLength={2000}>{values.bankTransfer}</textarea>
        </label>
        <label>Crypto addresses
          <textarea name="crypto" rows={3} maxLength={2000}>{values.crypto}</textarea>
        </label>
        <label>Postal address for cheques
          <textarea name="postal" rows={3} maxLength={2000}>{values.postal}</textarea>
        </label>
        <div class="form-actions"><button type="submit" class="button primary">Save</button></div>
      </form>
    </AdminLayout>
  );
}
