// Campaign admin pages (campaigns.manage): the list with progress, this month's campaign, edits.
// Amounts are typed in major units ("5000", "12.50") and stored in integer minor units of the currency.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { AdminLayout, type AdminFrame } from '../../ui/admin/AdminLayout.js';
import { CsrfField } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import { currencyExponent, monthLabel, monthOf } from '../../ui/format.js';
import type { AdminShell } from '../admin/admin.shell.js';
import { formError, formOf, idParam, noticeOf, sendHtml, TableScroll } from '../admin/admin.routes.js';
import type { Campaign, CampaignsService } from './campaigns.service.js';
import { campaignInput, campaignPatch } from './campaigns.schemas.js';

export interface CampaignAdminDeps {
  shell: AdminShell;
  campaigns: CampaignsService;
  clock: Clock;
}

/** The currencies offered in the select (a campaign in another valid currency keeps its own). */
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'INR', 'BRL', 'MXN', 'ZAR'] as const;
const KNOWN = new Set(Intl.supportedValuesOf('currency'));
const MAX_MINOR = 1e12;

function checkCurrency(raw: string | undefined): string {
  const c = (raw ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || !KNOWN.has(c)) throw new AppError(400, 'INVALID_CURRENCY', 'currency: choose a known currency such as USD', 'currency');
  return c;
}

/**
 * "5000", "12.50", "1,250.75" (major units) → integer minor units of the currency.
 * More decimals than the currency has (a cent fraction, any decimals for JPY) are refused, not rounded.
 */
export function parseMajorAmount(raw: string | undefined, currency: string, field: string, label: string): number {
  const s = (raw ?? '').trim().replace(/[\s_']/g, '');
  if (s === '') throw new AppError(400, 'REQUIRED', `${field}: enter the ${label}`, field);
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new AppError(400, 'INVALID_AMOUNT', `${field}: the ${label} must be a number such as 5000 or 12.50`, field);
  const exp = currencyExponent(currency);
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) {
    throw new AppError(400, 'INVALID_AMOUNT', exp === 0
      ? `${field}: ${currency} amounts have no decimals`
      : `${field}: ${currency} amounts have at most ${exp} decimals`, field);
  }
  const minor = BigInt(m[1]!.replace(/,/g, '')) * 10n ** BigInt(exp) + BigInt(fraction.padEnd(exp, '0') || '0');
  if (minor > BigInt(MAX_MINOR)) throw new AppError(400, 'TOO_LARGE', `${field}: the ${label} is too large`, field);
  return Number(minor);
}

/** Integer minor units → the plain decimal an admin types ("12.50", "5000"). */
export function minorToMajorInput(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** A schema error names the API field (goalMinor); the form calls it goal. */
function formField(e: AppError): AppError {
  const names: Record<string, [string, string]> = { goalMinor: ['goal', 'the goal'], raisedMinor: ['raised', 'the amount raised'] };
  const n = e.field ? names[e.field] : undefined;
  if (!n) return e;
  const message = e.code === 'TOO_SMALL' ? `${n[0]}: ${n[1]} must be more than zero` : `${n[0]}: ${e.message.replace(/^\w+: /, '')}`;
  return new AppError(e.status, e.code, message, n[0]);
}

interface Values { month: string; goal: string; currency: string; raised: string }

const NOTICES = { created: 'Campaign created.', updated: 'Campaign saved.' };

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

function FieldError({ error, field }: { error: AppError | undefined; field: string }) {
  return error?.field === field ? <p class="form-error" data-code={error.code}>{error.message}</p> : null;
}

function AmountFields({ values, error }: { values: Values; error: AppError | undefined }) {
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
      <label>Amount raised so far
        <input name="raised" inputmode="decimal" value={values.raised} aria-invalid={error?.field === 'raised' ? 'true' : undefined} />
      </label>
      <FieldError error={error} field="raised" />
    </>
  );
}

export function registerCampaignAdmin(app: FastifyInstance, deps: CampaignAdminDeps) {
  const { shell, campaigns, clock } = deps;

  const listPage = async (reply: FastifyReply, frame: AdminFrame, opts: { values?: Values; error?: AppError; notice?: string; status?: number }) => {
    const list = await campaigns.list();
    const current = monthOf(clock());
    const values = opts.values ?? { month: current, goal: '', currency: list[0]?.currency ?? 'USD', raised: '0' };
    const { error } = opts;
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Campaigns" current="/admin/campaigns" notice={opts.notice} error={error?.message}>
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
      </AdminLayout>,
    ), opts.status ?? 200);
  };

  const editPage = (reply: FastifyReply, frame: AdminFrame, c: Campaign, opts: { values?: Values; error?: AppError; status?: number }) => {
    const values = opts.values ?? { month: c.month, goal: minorToMajorInput(c.goalMinor, c.currency), currency: c.currency, raised: minorToMajorInput(c.raisedMinor, c.currency) };
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title={`Campaign for ${monthLabel(c.month)}`} current="/admin/campaigns" error={opts.error?.message}>
        <p><a href="/admin/campaigns">← All campaigns</a></p>
        <p>{c.raisedFormatted} raised of {c.goalFormatted} <Progress c={c} /></p>
        <form method="post" action={`/admin/campaigns/${c.id}`} class="admin-form" id="edit-campaign">
          <CsrfField csrf={frame.csrf} />
          <AmountFields values={values} error={opts.error} />
          <div class="form-actions"><button type="submit" class="button primary">Save</button></div>
        </form>
      </AdminLayout>,
    ), opts.status ?? 200);
  };

  const find = async (id: number) => {
    const c = (await campaigns.list()).find((x) => x.id === id);
    if (!c) throw new AppError(404, 'CAMPAIGN_NOT_FOUND', 'Campaign not found');
    return c;
  };

  const valuesOf = (req: FastifyRequest, month = ''): Values => {
    const f = formOf(req);
    return { month: (f.month ?? month).trim(), goal: f.goal ?? '', currency: (f.currency ?? '').trim().toUpperCase(), raised: f.raised ?? '' };
  };

  app.get('/admin/campaigns', async (req, reply) => {
    const { frame } = await shell.page(req, 'campaigns.manage');
    return listPage(reply, frame, { notice: noticeOf(req, NOTICES) });
  });

  app.post('/admin/campaigns', async (req, reply) => {
    const { frame } = await shell.page(req, 'campaigns.manage');
    const values = valuesOf(req);
    try {
      const currency = checkCurrency(values.currency);
      const input = {
        month: values.month,
        goalMinor: parseMajorAmount(values.goal, currency, 'goal', 'goal'),
        currency,
        raisedMinor: values.raised.trim() === '' ? 0 : parseMajorAmount(values.raised, currency, 'raised', 'amount raised'),
      };
      const parsed = campaignInput.safeParse(input);
      if (!parsed.success) throw formField(fromZodError(parsed.error, 'body', input));
      await campaigns.create(parsed.data);
      return reply.redirect('/admin/campaigns?notice=created', 303);
    } catch (err) {
      const error = formError(err);
      return listPage(reply, frame, { values, error, status: error.status });
    }
  });

  app.get('/admin/campaigns/:id', async (req, reply) => {
    const { frame } = await shell.page(req, 'campaigns.manage');
    const c = await find(idParam(req, 'CAMPAIGN_NOT_FOUND', 'Campaign'));
    return editPage(reply, frame, c, {});
  });

  app.post('/admin/campaigns/:id', async (req, reply) => {
    const { frame } = await shell.page(req, 'campaigns.manage');
    const c = await find(idParam(req, 'CAMPAIGN_NOT_FOUND', 'Campaign'));
    const values = valuesOf(req, c.month);
    try {
      const currency = checkCurrency(values.currency);
      const patch = {
        goalMinor: parseMajorAmount(values.goal, currency, 'goal', 'goal'),
        currency,
        raisedMinor: values.raised.trim() === '' ? 0 : parseMajorAmount(values.raised, currency, 'raised', 'amount raised'),
      };
      const parsed = campaignPatch.safeParse(patch);
      if (!parsed.success) throw formField(fromZodError(parsed.error, 'body', patch));
      await campaigns.update(c.id, parsed.data);
      return reply.redirect('/admin/campaigns?notice=updated', 303);
    } catch (err) {
      const error = formError(err);
      return editPage(reply, frame, c, { values, error, status: error.status });
    }
  });
}
