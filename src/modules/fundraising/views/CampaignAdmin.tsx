// The campaign admin pages: the list with progress and the new-campaign form, and one campaign's edit form.
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, TableScroll } from '../../../ui/admin/form-parts.js';
import { monthLabel } from '../../../ui/format.js';
import type { AppError } from '../../../platform/http/errors.js';
import type { Campaign } from '../campaigns.service.js';

/** What a campaign form's fields hold, as typed (shown again on an error). */
export interface CampaignValues { month: string; goal: string; currency: string }

/** The currencies offered in the select (a campaign in another valid currency keeps its own). */
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'INR', 'BRL', 'MXN', 'ZAR'] as const;

function CurrencySelect({ value }: { value: string }) {
  const options: string[] = [...COMMON_CURRENCIES];
  if (value && !options.includes(value)) options.unshift(value);
  return (
    <select name="currency" required>
      {options.map((c) => <option key={c} value={c} selected={c === value}>{c}</option>)}
    </select>
  );
}

function Progress({ c }: { c: Campaign }) {
  const pct = Math.round((c.raisedMinor / c.goalMinor) * 100);
  return (
    <span class="campaign-progress">
      <progress max={c.goalMinor} value={Math.min(c.raisedMinor, c.goalMinor)} aria-label={`${c.raisedFormatted} of ${c.goalFormatted}`}>{pct} %</progress>{' '}
      <span class="pct">{pct} %</span>
    </span>
  );
}

function AmountFields({ values, error }: { values: CampaignValues; error: AppError | undefined }) {
  return (
    <>
      <label>Currency
        <CurrencySelect value={values.currency} />
      </label>
      <FieldError error={error} field="currency" />
      <label>Goal (in the currency's main unit, e.g. 5000 or 12.50)
        <input name="goal" inputmode="decimal" required value={values.goal} aria-invalid={error?.field === 'goal' ? 'true' : undefined} />
      </label>
      <FieldError error={error} field="goal" />
      <p class="hint">The amount raised is the month's donations in this currency (card payments and those <a href="/admin/donations">recorded by hand</a>), less refunds.</p>
    </>
  );
}

export interface CampaignListProps {
  frame: AdminFrame;
  campaigns: Campaign[];
  /** This month (YYYY-MM): its campaign is marked current. */
  current: string;
  /** The new-campaign form's fields. */
  values: CampaignValues;
  error?: AppError;
  notice?: string;
}

export function CampaignList({ frame, campaigns: list, current, values, error, notice }: CampaignListProps) {
  return (
    <AdminLayout frame={frame} title="Campaigns" current="/admin/campaigns" notice={notice} error={error?.message}>
      {list.length === 0 ? <p>No campaigns yet. The fundraising bar appears on the site once this month has one.</p> : (
        <TableScroll>
          <table class="admin-table campaigns">
            <thead><tr><th>Month</th><th>Raised</th><th>Goal</th><th>Progress</th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} id={`campaign-${c.id}`}>
                  <td><a href={`/admin/campaigns/${c.id}`} aria-label={`Edit ${c.label}`}>{c.label}</a>{c.month === current && <> <span class="badge">current</span></>}</td>
                  <td class="raised">{c.raisedFormatted}</td>
                  <td class="goal">{c.goalFormatted}</td>
                  <td><Progress c={c} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>New campaign</h2>
      <form method="post" action="/admin/campaigns" class="admin-form" id="new-campaign">
        <CsrfField csrf={frame.csrf} />
        <label>Month
          <input type="month" name="month" required pattern="\d{4}-\d{2}" placeholder="YYYY-MM" value={values.month} aria-invalid={error?.field === 'month' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="month" />
        <AmountFields values={values} error={error} />
        <div class="form-actions"><button type="submit" class="button primary">Create campaign</button></div>
      </form>
    </AdminLayout>
  );
}

export function CampaignEdit({ frame, campaign: c, values, error }: { frame: AdminFrame; campaign: Campaign; values: CampaignValues; error?: AppError }) {
  return (
    <AdminLayout frame={frame} title={`Campaign for ${monthLabel(c.month)}`} current="/admin/campaigns" error={error?.message}>
      <p><a href="/admin/campaigns">← All campaigns</a></p>
      <p>{c.raisedFormatted} raised of {c.goalFormatted} <Progress c={c} /></p>
      <form method="post" action={`/admin/campaigns/${c.id}`} class="admin-form" id="edit-campaign">
        <CsrfField csrf={frame.csrf} />
        <AmountFields values={values} error={error} />
        <div class="form-actions"><button type="submit" class="button primary">Save</button></div>
      </form>
    </AdminLayout>
  );
}
