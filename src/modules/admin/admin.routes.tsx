// The newsroom admin's own pages: the dashboard and the mail outbox. Also the small helpers every admin
// page module shares (HTML replies that are never cached, form fields, ids, notices after a redirect).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxTable } from '../../platform/db/schema.js';
import { AppError, toAppError } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import type { Clock } from '../../platform/clock.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { AdminLayout } from '../../ui/admin/AdminLayout.js';
import { PostButton } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import { sendHtml } from '../../ui/admin/render.js';
import { TableScroll, Time } from '../../ui/admin/form-parts.js';
import type { CampaignsService } from '../fundraising/campaigns.service.js';
import type { AdminShell } from './admin.shell.js';

// ---------------------------------------------------------------------------------------------------
// Shared helpers (moving to ui/admin and the page registry)

export { sendHtml } from '../../ui/admin/render.js';
export { TableScroll, Time } from '../../ui/admin/form-parts.js';

/** The string fields of a urlencoded form (a repeated field keeps its last value). */
export function formOf(req: FastifyRequest): Record<string, string> {
  const body = req.body;
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[v.length - 1] === 'string') out[k] = v[v.length - 1] as string;
  }
  return out;
}

/** The numeric :id of the URL, or a 404 with the given code. */
export function idParam(req: FastifyRequest, code: string, what: string): number {
  const id = parseDbId((req.params as Record<string, string | undefined>).id);
  if (id === undefined) throw new AppError(404, code, `${what} not found`);
  return id;
}

/** A notice after a redirect: `?notice=<code>`, looked up in the page's own messages (no free text). */
export function noticeOf(req: FastifyRequest, messages: Record<string, string>): string | undefined {
  const code = (req.query as Record<string, unknown> | undefined)?.notice;
  return typeof code === 'string' && Object.hasOwn(messages, code) ? messages[code] : undefined;
}

/** A form's failure as an AppError to show beside the form; server errors are thrown on. */
export function formError(err: unknown): AppError {
  const e = toAppError(err);
  if (e.status >= 500) throw err;
  return e;
}

// ---------------------------------------------------------------------------------------------------
// Dashboard and outbox

export interface AdminPagesDeps {
  shell: AdminShell;
  db: Kysely<Database>;
  mailer: Mailer;
  campaigns: CampaignsService;
  clock: Clock;
}


type OutboxRow = Selectable<OutboxTable>;

function MailStatus({ m }: { m: OutboxRow }) {
  const label = m.status === 'sent' ? `sent (${m.transport ?? 'dev'})` : m.status;
  return <span class={`mail-status mail-${m.status}`} data-status={m.status}>{label}</span>;
}

function SmtpExplanation({ smtp }: { smtp: boolean }) {
  return smtp
    ? <p>Mail is delivered through the SMTP server configured in <code>SMTP_URL</code>. Failed deliveries are retried for <code>MAIL_RETRY_HOURS</code> (48 hours by default), then shown as failed; the last error is shown here. A failed mail can be sent again: it keeps its Message-ID, so a receiver that got it after all drops the copy.</p>
    : <p class="notice"><strong>No SMTP server is configured</strong> (the <code>SMTP_URL</code> environment variable is not set): mails are not sent but kept here, so you can read them (for example to copy an invitation link). They are marked “sent (dev)”.</p>;
}

/** After a resend (?notice=resent&n=<count>): how many mails were queued again. */
function resentNotice(req: FastifyRequest): string | undefined {
  const q = (req.query ?? {}) as Record<string, unknown>;
  if (q.notice !== 'resent') return undefined;
  const n = typeof q.n === 'string' && /^\d{1,6}$/.test(q.n) ? Number(q.n) : 0;
  return n === 0 ? 'No failed mail to send again.' : `${n} ${n === 1 ? 'mail is' : 'mails are'} queued again.`;
}

export function registerAdminPages(app: FastifyInstance, deps: AdminPagesDeps) {
  const { shell, db, mailer, campaigns, clock } = deps;

  app.get('/admin', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'admin.access');
    const now = clock();
    const nowIso = now.toISOString();
    const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
    const can = (p: Parameters<typeof principal.permissions.has>[0]) => principal.permissions.has(p);

    // One aggregate query (FILTER works on SQLite ≥ 3.30 and PostgreSQL), not a row per article.
    const counted = await db.selectFrom('articles').select((eb) => [
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '=', 'published'), w.or([w('published_at', 'is', null), w('published_at', '<=', nowIso)])])).as('published'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '=', 'published'), w('published_at', '>', nowIso)])).as('scheduled'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '=', 'draft'), w('review_requested_at', 'is not', null)])).as('review'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '=', 'draft'), w('review_requested_at', 'is', null)])).as('draft'),
    ]).executeTakeFirstOrThrow();
    const articles = { published: Number(counted.published), scheduled: Number(counted.scheduled), review: Number(counted.review), draft: Number(counted.draft) };
    const comments = Number((await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', '>=', since).where('status', '=', 'published').executeTakeFirstOrThrow()).n);
    const campaign = await campaigns.current();
    let mail: { pending: number; failed: number } | undefined;
    if (can('outbox.read')) {
      const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      mail = { pending: n('pending'), failed: n('failed') };
    }
    const links = frame.nav.filter((n) => n.description !== undefined);
    const pct = campaign ? Math.round((campaign.raisedMinor / campaign.goalMinor) * 100) : 0;

    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Dashboard" current="/admin">
        <p class="greeting">Hello, {principal.name}. You are signed in as <strong>{principal.role}</strong>.</p>
        {links.length > 0 && (
          <nav aria-label="Sections">
            <ul class="admin-sections">
              {links.map((l) => <li key={l.href}><a href={l.href}>{l.label}</a> — {l.description}</li>)}
            </ul>
          </nav>
        )}
        <h2>At a glance</h2>
        <dl class="admin-counts">
          <dt>Articles</dt>
          <dd data-count="articles">
            <span data-status="published">{articles.published} published</span>, <span data-status="scheduled">{articles.scheduled} scheduled</span>,{' '}
            <span data-status="review">{articles.review} in review</span>, <span data-status="draft">{articles.draft} drafts</span>
          </dd>
          <dt>Comments in the last 24 hours</dt>
          <dd data-count="comments-24h">{comments}</dd>
          <dt>This month's campaign</dt>
          <dd data-count="campaign">
            {campaign ? (
              <>
                {campaign.raisedFormatted} raised of {campaign.goalFormatted} ({pct} %) for {campaign.label}{' '}
                <progress max={campaign.goalMinor} value={Math.min(campaign.raisedMinor, campaign.goalMinor)}>{pct} %</progress>
              </>
            ) : (
              <>No campaign for this month yet.{can('campaigns.manage') && <> <a href="/admin/campaigns">Create it</a>.</>}</>
            )}
          </dd>
          {mail && (
            <>
              <dt>Outbox</dt>
              <dd data-count="outbox">
                <a href="/admin/outbox"><span data-status="pending">{mail.pending} pending</span>, <span data-status="failed">{mail.failed} failed</span></a>
              </dd>
            </>
          )}
        </dl>
      </AdminLayout>,
    ));
  });

  app.get('/admin/outbox', async (req, reply) => {
    const { frame } = await shell.page(req, 'outbox.read');
    const [mails, failed] = await Promise.all([mailer.list(200), mailer.failedCount()]);
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Outbox" current="/admin/outbox" notice={resentNotice(req)}>
        <SmtpExplanation smtp={mailer.usesSmtp} />
        {failed > 0 && (
          <PostButton action="/admin/outbox/resend" id="resend-failed" csrf={frame.csrf} label={`Send all ${failed} failed ${failed === 1 ? 'mail' : 'mails'} again`} />
        )}
        {mails.length === 0 ? <p>No mail has been queued yet.</p> : (
          <TableScroll>
            <table class="admin-table outbox">
              <thead><tr><th>Created</th><th>To</th><th>Subject</th><th>Status</th><th class="wide">Attempts</th><th class="wide">Last error</th></tr></thead>
              <tbody>
                {mails.map((m) => (
                  <tr key={m.id} id={`mail-${m.id}`}>
                    <td><Time iso={m.created_at} /></td>
                    <td>{m.to_address}</td>
                    <td><a href={`/admin/outbox/${m.id}`}>{m.subject}</a></td>
                    <td>
                      <MailStatus m={m} />
                      {m.status === 'failed' && (
                        <PostButton action={`/admin/outbox/${m.id}/resend`} csrf={frame.csrf} label="Send again" ariaLabel={`Send the mail to ${m.to_address} again: ${m.subject}`} />
                      )}
                    </td>
                    <td class="wide">{m.attempts}</td>
                    <td class="wide">{m.last_error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {mails.length === 200 && <p class="muted">Showing the newest 200 mails.</p>}
      </AdminLayout>,
    ));
  });

  app.get('/admin/outbox/:id', async (req, reply) => {
    const { frame } = await shell.page(req, 'outbox.read');
    const id = idParam(req, 'MAIL_NOT_FOUND', 'Mail');
    const m = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m) throw new AppError(404, 'MAIL_NOT_FOUND', 'Mail not found');
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title={m.subject} current="/admin/outbox" notice={resentNotice(req)}>
        <p><a href="/admin/outbox">← All mails</a></p>
        <dl class="mail-headers">
          <dt>To</dt><dd>{m.to_address}</dd>
          <dt>Created</dt><dd><Time iso={m.created_at} /></dd>
          <dt>Status</dt><dd><MailStatus m={m} />{m.sent_at && <> at <Time iso={m.sent_at} /></>}</dd>
          <dt>Attempts</dt><dd>{m.attempts}</dd>
          {m.last_error && <><dt>Last error</dt><dd>{m.last_error}</dd></>}
        </dl>
        {m.status === 'failed' && <PostButton action={`/admin/outbox/${m.id}/resend`} id="resend" csrf={frame.csrf} label="Send this mail again" />}
        <pre class="mail-text" style="white-space:pre-wrap;overflow-wrap:anywhere">{m.text_body}</pre>
        {!mailer.usesSmtp && <p class="notice">Without <code>SMTP_URL</code> this mail is kept here instead of being sent.</p>}
      </AdminLayout>,
    ));
  });

  // Sending failed mail again is part of looking after the outbox: the same people (outbox.read, admins),
  // the same mail to the same address, nothing new is written.
  app.post('/admin/outbox/resend', async (req, reply) => {
    await shell.page(req, 'outbox.read');
    const ids = await mailer.resendFailed();
    return reply.redirect(`/admin/outbox?notice=resent&n=${ids.length}`, 303);
  });

  app.post('/admin/outbox/:id/resend', async (req, reply) => {
    await shell.page(req, 'outbox.read');
    const id = idParam(req, 'MAIL_NOT_FOUND', 'Mail');
    if ((await mailer.resendFailed([id])).length === 0) {
      const m = await db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirst();
      if (!m) throw new AppError(404, 'MAIL_NOT_FOUND', 'Mail not found');
      throw new AppError(409, 'MAIL_NOT_FAILED', `Only a failed mail can be sent again; this one is ${m.status}`);
    }
    return reply.redirect(`/admin/outbox/${id}?notice=resent&n=1`, 303);
  });
}
