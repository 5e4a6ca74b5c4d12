// The moderators' pages (comments.moderate): the queues (pending, spam, reported, all) with every reason the
// pipeline gave, per-comment and bulk decisions, editing a comment's text, bans, the block list and the audit
// log; plus the moderation settings (settings.manage). Server-rendered and complete without JavaScript: every
// action is a form post answered by a 303. With JavaScript, client/admin-moderation.ts adds keyboard shortcuts
// that press the same buttons.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Fragment, type ComponentChildren } from 'preact';
import type { Database } from '../../platform/db/schema.js';
import type { ApiRegistry } from '../../platform/http/api.js';
import { AppError, fromZodError, notFound } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import { AdminLayout, type AdminFrame } from '../../ui/admin/AdminLayout.js';
import { CsrfField, PostButton } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import type { AdminShell } from '../admin/admin.shell.js';
import { formError, formOf, idParam, sendHtml, TableScroll, Time } from '../admin/admin.routes.js';
import type { Auth } from '../accounts/auth.js';
import type { Caller as Principal } from '../accounts/caller.js';
import type { CommentsService } from '../comments/comments.service.js';
import { commentBody } from '../comments/comments.schemas.js';
import { moderationSettingsSchema, type ModerationSettings, type SettingsService } from '../settings/settings.service.js';
import type { ModerationRecord } from './pipeline.js';
import { type ModerationService, type ModeratorAction, type Queue, QUEUES } from './moderation.service.js';
import { registerModerationRoutes } from './moderation.routes.js';

export interface ModerationAdminDeps {
  shell: AdminShell;
  auth: Auth;
  api: ApiRegistry<Principal>;
  db: Kysely<Database>;
  moderation: ModerationService;
  comments: CommentsService;
  settings: SettingsService;
}

const BASE = '/admin/moderation';
const PAGE_SIZE = 50;
/** At most this many comments in one bulk decision. */
export const MAX_BULK = 200;

export const ACTIONS: readonly { action: ModeratorAction; label: string; key: string; done: string; danger?: true }[] = [
  { action: 'approve', label: 'Approve', key: 'a', done: 'approved' },
  { action: 'reject', label: 'Reject', key: 'r', done: 'rejected', danger: true },
  { action: 'spam', label: 'Spam', key: 's', done: 'marked spam', danger: true },
  { action: 'not-spam', label: 'Not spam', key: 'n', done: 'marked not spam and published' },
];
const isAction = (a: string | undefined): a is ModeratorAction => ACTIONS.some((x) => x.action === a);

const QUEUE_LABELS: Record<Queue, string> = { pending: 'Pending', spam: 'Spam', reported: 'Reported', all: 'All' };
const QUEUE_EMPTY: Record<Queue, string> = {
  pending: 'No comment is waiting for a moderator.',
  spam: 'No comment is marked spam.',
  reported: 'No comment has open reports.',
  all: 'There are no comments yet.',
};

const STATUS_LABELS: Record<string, string> = { published: 'published', pending: 'pending', spam: 'spam', rejected: 'rejected', deleted: 'deleted' };

const BAN_KINDS = { account: 'The account', email: 'The e-mail address', ip: 'The network (IP address)' } as const;
type BanKind = keyof typeof BAN_KINDS;
const BAN_DAYS = { '1': '1 day', '7': '7 days', '30': '30 days', forever: 'For ever' } as const;
type BanDays = keyof typeof BAN_DAYS;

const BLOCK_KINDS = {
  phrase: { label: 'Phrases', one: 'Phrase', help: 'matched as whole words of the text after undoing disguises ("c.a.s.i.n.o" is "casino")' },
  email: { label: 'E-mail addresses', one: 'E-mail address', help: 'the commenter’s exact address' },
  domain: { label: 'Domains', one: 'Domain', help: 'e-mail addresses at, and links to, the domain and its subdomains' },
  ip_range: { label: 'IP ranges', one: 'IP range', help: 'an address or a CIDR range: 203.0.113.0/24, 2001:db8::/32' },
} as const;
type BlockKind = keyof typeof BLOCK_KINDS;

const NOTICES: Record<string, string> = {
  edited: 'Comment edited: the article page shows who edited it, and the earlier text is kept (“earlier versions”).',
  banned: 'Ban added.',
  lifted: 'Ban lifted.',
  blocked: 'Added to the block list.',
  unblocked: 'Removed from the block list.',
  saved: 'Moderation settings saved.',
};

/** "3 comments marked spam" after a decision (?notice=<action>&n=<count>), else a fixed message by code. */
function noticeOf(req: FastifyRequest): string | undefined {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const code = typeof q.notice === 'string' ? q.notice : undefined;
  if (!code) return undefined;
  const act = ACTIONS.find((a) => a.action === code);
  if (act) {
    const n = typeof q.n === 'string' && /^\d{1,4}$/.test(q.n) ? Number(q.n) : 0;
    return `${n} ${n === 1 ? 'comment' : 'comments'} ${act.done}.`;
  }
  return Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
}

const queueOf = (v: unknown): Queue => (typeof v === 'string' && (QUEUES as readonly string[]).includes(v) ? v as Queue : 'pending');
const positiveInt = (v: unknown): number | undefined => (typeof v === 'string' ? parseDbId(v) : undefined);

function queueUrl(queue: Queue, opts: { before?: number; notice?: string; n?: number; hash?: string } = {}) {
  const q = new URLSearchParams({ queue });
  if (opts.before) q.set('before', String(opts.before));
  if (opts.notice) q.set('notice', opts.notice);
  if (opts.n !== undefined) q.set('n', String(opts.n));
  return `${BASE}?${q.toString()}${opts.hash ?? ''}`;
}

/** The `ids` of a form: checkboxes send the field once per ticked box (also accepted as `ids[]`). */
function idsOf(req: FastifyRequest): number[] {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const raw = [body.ids, body['ids[]']].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]));
  const ids = raw.map((v) => positiveInt(v));
  if (ids.some((id) => id === undefined)) throw new AppError(400, 'INVALID_ID', 'ids: comment ids are whole numbers', 'ids');
  return ids as number[];
}

function FieldError({ error, field }: { error: AppError | undefined; field: string }) {
  return error?.field === field ? <p class="form-error" data-code={error.code}>{error.message}</p> : null;
}

const MOD_CSS = `
.mod-subnav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 1rem; font-size: 15px; }
.mod-subnav a[aria-current='page'] { font-weight: 700; color: var(--ink); }
.mod-tabs { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 1rem; }
.mod-tabs a { padding: .4rem .8rem; border: 1px solid var(--line); border-radius: 2rem; text-decoration: none; }
.mod-tabs a[aria-current='page'] { background: var(--ink); color: #fff; border-color: var(--ink); }
.mod-tabs .count { font-weight: 700; }
.mod-keys { color: var(--muted); font-size: 14px; }
.mod-keys kbd, .mod-help kbd { font: 13px/1 ui-monospace, monospace; border: 1px solid #c4c4cc; border-bottom-width: 2px; border-radius: .25rem; padding: .1rem .3rem; background: #fff; }
.mod-help { border: 2px solid var(--ink); border-radius: .4rem; padding: .75rem 1rem; background: #fff; margin: 0 0 1rem; }
.mod-help dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; margin: 0; }
.mod-bulk { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; padding: .5rem; background: var(--soft); border-radius: .4rem; margin: 0 0 1rem; }
.mod-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.mod-item { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; outline: none; }
.mod-item.is-current, .mod-item:focus-within { box-shadow: 0 0 0 3px var(--link); }
.mod-head { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; font-size: 15px; }
.mod-head input[type=checkbox] { width: 1.3rem; height: 1.3rem; }
.mod-email, .mod-body { overflow-wrap: anywhere; }
.mod-body { border-left: 3px solid var(--line); padding-left: .75rem; margin: .5rem 0; font-family: Georgia, serif; }
.mod-status { font: 600 12px/1.6 system-ui, sans-serif; text-transform: uppercase; border-radius: .25rem; padding: 0 .4rem; background: var(--soft); }
.mod-status.status-pending { background: #fff3cd; } .mod-status.status-spam, .mod-status.status-rejected { background: #fde2e1; } .mod-status.status-published { background: #e8f5e9; }
.mod-why { font-size: 14px; color: var(--muted); }
.mod-why ol, .mod-why ul { margin: .25rem 0; padding-left: 1.25rem; }
.mod-why strong { color: var(--ink); }
.mod-actions { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
.mod-actions .button, .mod-bulk .button { min-height: 2.5rem; }
.mod-revisions pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: .5rem; border-radius: .3rem; font: inherit; }
.mod-pager { display: flex; gap: 1rem; margin-top: 1rem; }
`;

function SubNav({ current, canSettings }: { current: string; canSettings: boolean }) {
  const links = [
    [BASE, 'Queue'], [`${BASE}/bans`, 'Bans'], [`${BASE}/block-list`, 'Block list'], [`${BASE}/log`, 'Audit log'],
    ...(canSettings ? [[`${BASE}/settings`, 'Settings']] : []),
  ] as [string, string][];
  return (
    <nav class="mod-subnav" aria-label="Moderation">
      {links.map(([href, label]) => <a key={href} href={href} aria-current={current === href ? 'page' : undefined}>{label}</a>)}
    </nav>
  );
}

function Page(props: { frame: AdminFrame; principal: Principal; title: string; sub: string; notice?: string; error?: string; children: ComponentChildren }) {
  return (
    <AdminLayout frame={props.frame} title={props.title} current={BASE} notice={props.notice} error={props.error}>
      <style>{MOD_CSS}</style>
      <SubNav current={props.sub} canSettings={props.principal.permissions.has('settings.manage')} />
      {props.children}
    </AdminLayout>
  );
}

type QueueItem = Awaited<ReturnType<ModerationService['queue']>>['items'][number];

function Reasons({ record, score }: { record: ModerationRecord | null; score: number | null }) {
  return (
    <div class="mod-why">
      <p style="margin:.25rem 0">
        Spam score <strong data-spam-score>{score === null ? '—' : score.toFixed(3)}</strong>
        {record && <> · pipeline verdict <strong data-verdict={record.verdict}>{record.verdict}</strong> by stage <strong data-decided-by={record.decidedBy}>{record.decidedBy}</strong></>}
      </p>
      {record && record.reasons.length > 0 && (
        <ol class="mod-reasons" aria-label="Reasons">
          {record.reasons.map((r, i) => <li key={i} data-stage={r.stage}><strong>{r.stage}</strong>: {r.reason}</li>)}
        </ol>
      )}
    </div>
  );
}

function QueueEntry({ c, queue, before, next, csrf }: { c: QueueItem; queue: Queue; before?: number; next?: number; csrf: string | undefined }) {
  const articleHref = `/articles/${encodeURIComponent(c.article_slug)}${c.status === 'published' ? `#comment-${c.id}` : ''}`;
  return (
    <li class="mod-item" id={`c-${c.id}`} data-comment-id={c.id} data-status={c.status} tabindex={-1}>
      <div class="mod-head">
        <input type="checkbox" name="ids" value={c.id} form="bulk" data-select aria-label={`Select comment #${c.id} by ${c.author_name}`} />
        <strong class="mod-author">{c.author_name}</strong>
        <a class="mod-email" href={`mailto:${c.author_email}`}>{c.author_email}</a>
        <Time iso={c.created_at} />
        <span class={`mod-status status-${c.status}`} data-status={c.status}>{STATUS_LABELS[c.status] ?? c.status}</span>
      </div>
      <p class="mod-why" style="margin:.25rem 0">On <a href={articleHref}>{c.article_title}</a> · comment #{c.id}</p>
      <div class="mod-body comment-body" dangerouslySetInnerHTML={{ __html: c.body_html }} />
      {c.edited_at && (
        <p class="mod-why mod-edited">
          Last edited <Time iso={c.edited_at} /> by {c.edited_by ?? 'its author'} · <a href={`${BASE}/comments/${c.id}/edit?queue=${queue}#revisions`}>earlier versions</a>
        </p>
      )}
      <Reasons record={c.moderation} score={c.spam_score} />
      {c.reports.length > 0 && (
        <div class="mod-why mod-reports">
          <strong>{c.reports.length} open {c.reports.length === 1 ? 'report' : 'reports'}</strong>
          <ul>
            {c.reports.map((r, i) => <li key={i} data-reason={r.reason}><strong>{r.reason}</strong>{r.note ? <>: “{r.note}”</> : null} · <Time iso={r.created_at} /></li>)}
          </ul>
        </div>
      )}
      <form method="post" action={`${BASE}/decide`} class="mod-actions">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="ids" value={c.id} />
        <input type="hidden" name="queue" value={queue} />
        {before && <input type="hidden" name="before" value={before} />}
        {next && <input type="hidden" name="next" value={next} />}
        {ACTIONS.map((a) => (
          <button key={a.action} type="submit" name="action" value={a.action} data-key={a.key}
            class={`button${a.danger ? ' danger' : ''}`} aria-label={`${a.label}: comment #${c.id} by ${c.author_name}`}>{a.label}</button>
        ))}
        <a class="button" data-key="e" href={`${BASE}/comments/${c.id}/edit?queue=${queue}`}>Edit</a>
        <a class="button danger" href={`${BASE}/comments/${c.id}/ban?queue=${queue}`}>Ban</a>
      </form>
    </li>
  );
}

const KEYS: [string, string][] = [
  ['j / k', 'next / previous comment'], ['a', 'approve'], ['s', 'spam'], ['n', 'not spam'], ['r', 'reject'],
  ['e', 'edit'], ['x', 'select for a bulk decision'], ['?', 'show or hide this help'],
];

export function registerModerationAdmin(app: FastifyInstance, deps: ModerationAdminDeps) {
  const { shell, db, moderation, comments, settings } = deps;
  registerModerationRoutes({ api: deps.api, moderation });

  // ---- Queues ------------------------------------------------------------------------------------------

  const queuePage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal,
    opts: { queue: Queue; before?: number; notice?: string; error?: AppError; status?: number }) => {
    const { queue, before } = opts;
    const [{ items, nextBefore }, counts] = await Promise.all([moderation.queue(queue, { before, limit: PAGE_SIZE }), moderation.counts()]);
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title="Moderation" sub={BASE} notice={opts.notice} error={opts.error?.message}>
        <nav class="mod-tabs" aria-label="Queues">
          {QUEUES.map((q) => (
            <a key={q} href={queueUrl(q)} data-queue={q} aria-current={q === queue ? 'page' : undefined}>
              {QUEUE_LABELS[q]} <span class="count" data-count={q}>{counts[q]}</span>
            </a>
          ))}
        </nav>
        <p class="mod-keys" id="mod-keys">
          Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> approve · <kbd>s</kbd> spam · <kbd>n</kbd> not spam ·{' '}
          <kbd>r</kbd> reject · <kbd>e</kbd> edit · <kbd>x</kbd> select · <kbd>?</kbd> help
        </p>
        <div class="mod-help" id="mod-help" role="dialog" aria-label="Keyboard shortcuts" hidden>
          <dl>{KEYS.map(([k, v]) => <Fragment key={k}><dt><kbd>{k}</kbd></dt><dd style="margin:0">{v}</dd></Fragment>)}</dl>
          <p style="margin:.5rem 0 0" class="mod-keys">Press <kbd>?</kbd> or <kbd>Esc</kbd> to close.</p>
        </div>
        {items.length === 0 ? <p class="mod-empty">{before ? 'No older comments in this queue.' : QUEUE_EMPTY[queue]}</p> : (
          <>
            <form method="post" action={`${BASE}/decide`} id="bulk" class="mod-bulk" aria-label="Decide on the selected comments">
              <CsrfField csrf={frame.csrf} />
              <input type="hidden" name="queue" value={queue} />
              {before && <input type="hidden" name="before" value={before} />}
              <span>Selected comments:</span>
              {ACTIONS.map((a) => (
                <button key={a.action} type="submit" name="action" value={a.action} class={`button${a.danger ? ' danger' : ''}`}>{a.label}</button>
              ))}
            </form>
            <ol class="mod-list" data-moderation-queue={queue}>
              {items.map((c, i) => <QueueEntry key={c.id} c={c} queue={queue} before={before} next={items[i + 1]?.id} csrf={frame.csrf} />)}
            </ol>
          </>
        )}
        <nav class="mod-pager" aria-label="Pages">
          {before && <a href={queueUrl(queue)}>Newest</a>}
          {nextBefore !== null && <a rel="next" href={queueUrl(queue, { before: nextBefore })}>Older</a>}
        </nav>
      </Page>,
    ), opts.status ?? 200);
  };

  app.get(BASE, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    const q = (req.query ?? {}) as Record<string, unknown>;
    return queuePage(reply, frame, principal, { queue: queueOf(q.queue), before: positiveInt(q.before), notice: noticeOf(req) });
  });

  app.post(`${BASE}/decide`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    const f = formOf(req);
    const queue = queueOf(f.queue);
    const before = positiveInt(f.before);
    try {
      if (!isAction(f.action)) throw new AppError(400, 'INVALID_VALUE', 'action: choose approve, reject, spam or not spam', 'action');
      const ids = idsOf(req);
      if (ids.length === 0) throw new AppError(400, 'REQUIRED', 'ids: select at least one comment', 'ids');
      if (ids.length > MAX_BULK) throw new AppError(400, 'TOO_MANY', `ids: at most ${MAX_BULK} comments at once`, 'ids');
      const n = await moderation.decide(ids, f.action, principal);
      const next = positiveInt(f.next);
      return reply.redirect(queueUrl(queue, { before, notice: f.action, n, hash: next ? `#c-${next}` : undefined }), 303);
    } catch (err) {
      const error = formError(err);
      return queuePage(reply, frame, principal, { queue, before, error, status: error.status });
    }
  });

  // ---- One comment: edit, ban --------------------------------------------------------------------------

  const commentRow = async (id: number) => {
    const row = await db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
      .select(['comments.id', 'comments.author_name', 'comments.author_email', 'comments.user_id', 'comments.ip_hash', 'comments.body',
        'comments.body_html', 'comments.status', 'comments.created_at', 'articles.title as article_title', 'articles.slug as article_slug'])
      .where('comments.id', '=', id).executeTakeFirst();
    if (!row || row.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', 'Comment');
    return row;
  };
  type Row = Awaited<ReturnType<typeof commentRow>>;

  const Summary = ({ row }: { row: Row }) => (
    <p class="mod-why">
      Comment #{row.id} by <strong>{row.author_name}</strong> ({row.author_email}) on{' '}
      <a href={`/articles/${encodeURIComponent(row.article_slug)}`}>{row.article_title}</a>, <Time iso={row.created_at} />,{' '}
      <span class={`mod-status status-${row.status}`}>{row.status}</span>
    </p>
  );

  const editPage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal, row: Row,
    opts: { queue: Queue; body?: string; error?: AppError; status?: number }) => {
    const revisions = await moderation.revisions(row.id);
    const { error } = opts;
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title={`Edit comment #${row.id}`} sub="" error={error?.message}>
        <p><a href={queueUrl(opts.queue, { hash: `#c-${row.id}` })}>← Back to the queue</a></p>
        <Summary row={row} />
        <form method="post" action={`${BASE}/comments/${row.id}/edit`} class="admin-form" id="edit-comment">
          <CsrfField csrf={frame.csrf} />
          <input type="hidden" name="queue" value={opts.queue} />
          <label>Text (plain text; the article page shows “Last edited … by {principal.name}”)
            <textarea name="body" rows={10} required maxLength={5000} aria-invalid={error?.field === 'body' ? 'true' : undefined}>{opts.body ?? row.body}</textarea>
          </label>
          <FieldError error={error} field="body" />
          <div class="form-actions"><button type="submit" class="button primary">Save the text</button></div>
        </form>
        <section class="mod-revisions" id="revisions" aria-labelledby="revisions-title">
          <h2 id="revisions-title">Earlier versions</h2>
          {revisions.length === 0 ? <p>This comment has not been edited.</p> : (
            <ol>
              {revisions.map((r) => (
                <li key={r.id} data-revision={r.id}>
                  Replaced <Time iso={r.replaced_at} /> by {r.replaced_by}
                  <pre>{r.body}</pre>
                </li>
              ))}
            </ol>
          )}
        </section>
      </Page>,
    ), opts.status ?? 200);
  };

  /** A moderator's page about one comment: the caller (checked) and the comment. */
  const commentPage = async (req: FastifyRequest) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    return { principal, frame, row: await commentRow(idParam(req, 'COMMENT_NOT_FOUND', 'Comment')) };
  };

  app.get(`${BASE}/comments/:id/edit`, async (req, reply) => {
    const { principal, frame, row } = await commentPage(req);
    return editPage(reply, frame, principal, row, { queue: queueOf((req.query as Record<string, unknown>)?.queue) });
  });

  app.post(`${BASE}/comments/:id/edit`, async (req, reply) => {
    const { principal, frame, row } = await commentPage(req);
    const f = formOf(req);
    const queue = queueOf(f.queue);
    try {
      const body = commentBody.safeParse(f.body ?? '');
      if (!body.success) throw fromZodError(body.error, 'body', { body: f.body });
      await comments.edit(row.id, body.data, principal);
      return reply.redirect(queueUrl(queue, { notice: 'edited', hash: `#c-${row.id}` }), 303);
    } catch (err) {
      const error = formError(err);
      return editPage(reply, frame, principal, row, { queue, body: f.body ?? '', error: error.field ? error : new AppError(error.status, error.code, error.message, 'body'), status: error.status });
    }
  });

  const banPage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal, row: Row,
    opts: { queue: Queue; typed?: { kind: string; days: string; reason: string }; error?: AppError; status?: number }) => {
    const { error } = opts;
    const available: Record<BanKind, boolean> = { account: row.user_id !== null, email: row.author_email !== '', ip: row.ip_hash !== null };
    const typed = opts.typed ?? { kind: available.account ? 'account' : 'email', days: '7', reason: '' };
    const what: Record<BanKind, string> = {
      account: row.user_id !== null ? `account #${row.user_id}` : 'no account (a guest)',
      email: row.author_email || 'no e-mail',
      ip: row.ip_hash ? `network ${row.ip_hash.slice(0, 8)}… (the address itself is not stored)` : 'no network recorded',
    };
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title={`Ban the author of comment #${row.id}`} sub="" error={error?.message}>
        <p><a href={queueUrl(opts.queue, { hash: `#c-${row.id}` })}>← Back to the queue</a></p>
        <Summary row={row} />
        <div class="mod-body comment-body" dangerouslySetInnerHTML={{ __html: row.body_html }} />
        <form method="post" action={`${BASE}/comments/${row.id}/ban`} class="admin-form" id="ban">
          <CsrfField csrf={frame.csrf} />
          <input type="hidden" name="queue" value={opts.queue} />
          <fieldset>
            <legend>Ban</legend>
            {(Object.keys(BAN_KINDS) as BanKind[]).map((k) => (
              <label key={k} style="display:flex;gap:.5rem;align-items:center;font-weight:400">
                <input type="radio" name="kind" value={k} checked={typed.kind === k} disabled={!available[k]} style="width:auto" />
                {BAN_KINDS[k]}: {what[k]}
              </label>
            ))}
          </fieldset>
          <FieldError error={error} field="kind" />
          <label>For
            <select name="days">
              {(Object.keys(BAN_DAYS) as BanDays[]).map((d) => <option key={d} value={d} selected={typed.days === d}>{BAN_DAYS[d]}</option>)}
            </select>
          </label>
          <FieldError error={error} field="days" />
          <label>Reason (for the moderators and the audit log)
            <input name="reason" required maxLength={200} value={typed.reason} aria-invalid={error?.field === 'reason' ? 'true' : undefined} />
          </label>
          <FieldError error={error} field="reason" />
          <div class="form-actions"><button type="submit" class="button primary">Ban</button></div>
        </form>
      </Page>,
    ), opts.status ?? 200);
  };

  app.get(`${BASE}/comments/:id/ban`, async (req, reply) => {
    const { principal, frame, row } = await commentPage(req);
    return banPage(reply, frame, principal, row, { queue: queueOf((req.query as Record<string, unknown>)?.queue) });
  });

  app.post(`${BASE}/comments/:id/ban`, async (req, reply) => {
    const { principal, frame, row } = await commentPage(req);
    const f = formOf(req);
    const queue = queueOf(f.queue);
    const typed = { kind: f.kind ?? '', days: f.days ?? '', reason: (f.reason ?? '').trim() };
    try {
      if (!Object.hasOwn(BAN_KINDS, typed.kind)) throw new AppError(400, 'INVALID_VALUE', 'kind: choose what to ban', 'kind');
      if (!Object.hasOwn(BAN_DAYS, typed.days)) throw new AppError(400, 'INVALID_VALUE', 'days: choose 1, 7 or 30 days, or for ever', 'days');
      if (!typed.reason) throw new AppError(400, 'REQUIRED', 'reason: say why (the audit log keeps it)', 'reason');
      if (typed.reason.length > 200) throw new AppError(400, 'TOO_LONG', 'reason: at most 200 characters', 'reason');
      await moderation.ban({
        commentId: row.id, kind: typed.kind as BanKind, days: typed.days === 'forever' ? null : Number(typed.days), reason: typed.reason,
      }, principal.name);
      return reply.redirect(`${BASE}/bans?notice=banned`, 303);
    } catch (err) {
      const error = formError(err);
      return banPage(reply, frame, principal, row, { queue, typed, error, status: error.status });
    }
  });

  // ---- Bans ----------------------------------------------------------------------------------------------

  const bansPage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal, opts: { notice?: string; error?: AppError; status?: number }) => {
    const bans = await moderation.bans();
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title="Bans" sub={`${BASE}/bans`} notice={opts.notice} error={opts.error?.message}>
        <p>Banned authors cannot comment (they are told so). To ban someone, use “Ban” on one of their comments in the queue.</p>
        {bans.length === 0 ? <p class="mod-empty">No active bans.</p> : (
          <TableScroll>
            <table class="admin-table bans">
              <thead><tr><th>Who</th><th>Reason</th><th>Until</th><th class="wide">By</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {bans.map((b) => (
                  <tr key={b.id} id={`ban-${b.id}`} data-kind={b.kind}>
                    <td style="overflow-wrap:anywhere">
                      {b.kind === 'account' ? `account #${b.value}` : b.kind === 'email' ? b.value : `network ${b.value.slice(0, 8)}…`}
                    </td>
                    <td>{b.reason}</td>
                    <td>{b.expires_at ? <Time iso={b.expires_at} /> : 'for ever'}</td>
                    <td class="wide">{b.created_by}, <Time iso={b.created_at} /></td>
                    <td>
                      <form method="post" action={`${BASE}/bans/${b.id}/lift`}>
                        <CsrfField csrf={frame.csrf} />
                        <button type="submit" class="button" aria-label={`Lift ban #${b.id}`}>Lift</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Page>,
    ), opts.status ?? 200);
  };

  app.get(`${BASE}/bans`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    return bansPage(reply, frame, principal, { notice: noticeOf(req) });
  });

  app.post(`${BASE}/bans/:id/lift`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    try {
      await moderation.liftBan(idParam(req, 'BAN_NOT_FOUND', 'Ban'), principal.name);
      return reply.redirect(`${BASE}/bans?notice=lifted`, 303);
    } catch (err) {
      const error = formError(err);
      return bansPage(reply, frame, principal, { error, status: error.status });
    }
  });

  // ---- Block list ----------------------------------------------------------------------------------------

  const blockPage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal,
    opts: { notice?: string; error?: AppError; typed?: { kind: string; value: string }; status?: number }) => {
    const entries = await moderation.blockList();
    const { error } = opts;
    const typed = opts.typed ?? { kind: 'phrase', value: '' };
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title="Block list" sub={`${BASE}/block-list`} notice={opts.notice} error={error?.message}>
        <p>New comments that match an entry are marked spam at once.</p>
        <form method="post" action={`${BASE}/block-list`} class="admin-form" id="add-block">
          <CsrfField csrf={frame.csrf} />
          <label>Kind
            <select name="kind">
              {(Object.keys(BLOCK_KINDS) as BlockKind[]).map((k) => <option key={k} value={k} selected={typed.kind === k}>{`${BLOCK_KINDS[k].one} — ${BLOCK_KINDS[k].help}`}</option>)}
            </select>
          </label>
          <FieldError error={error} field="kind" />
          <label>Block
            <input name="value" required maxLength={200} value={typed.value} autocomplete="off" aria-invalid={error?.field === 'value' ? 'true' : undefined} />
          </label>
          <FieldError error={error} field="value" />
          <div class="form-actions"><button type="submit" class="button primary">Add to the block list</button></div>
        </form>
        {(Object.keys(BLOCK_KINDS) as BlockKind[]).map((k) => {
          const list = entries.filter((e) => e.kind === k);
          return (
            <section key={k} id={`block-${k}`}>
              <h2>{BLOCK_KINDS[k].label}</h2>
              {list.length === 0 ? <p class="mod-empty">None.</p> : (
                <TableScroll>
                  <table class="admin-table block-list">
                    <thead><tr><th>{BLOCK_KINDS[k].one}</th><th class="wide">Added</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                    <tbody>
                      {list.map((e) => (
                        <tr key={e.id} id={`block-entry-${e.id}`} data-kind={e.kind}>
                          <td style="overflow-wrap:anywhere"><code>{e.value}</code></td>
                          <td class="wide">{e.created_by}, <Time iso={e.created_at} /></td>
                          <td>
                            <PostButton action={`${BASE}/block-list/${e.id}/delete`} csrf={frame.csrf} label="Remove" ariaLabel={`Remove ${e.value}`} danger />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
          );
        })}
      </Page>,
    ), opts.status ?? 200);
  };

  app.get(`${BASE}/block-list`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    return blockPage(reply, frame, principal, { notice: noticeOf(req) });
  });

  app.post(`${BASE}/block-list`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    const f = formOf(req);
    const typed = { kind: f.kind ?? '', value: f.value ?? '' };
    try {
      if (!Object.hasOwn(BLOCK_KINDS, typed.kind)) throw new AppError(400, 'INVALID_VALUE', 'kind: choose what to block', 'kind');
      if (typed.value.length > 200) throw new AppError(400, 'TOO_LONG', 'value: at most 200 characters', 'value');
      await moderation.addBlock(typed.kind as BlockKind, typed.value, principal.name);
      return reply.redirect(`${BASE}/block-list?notice=blocked`, 303);
    } catch (err) {
      const error = formError(err);
      return blockPage(reply, frame, principal, { error, typed, status: error.status });
    }
  });

  app.post(`${BASE}/block-list/:id/delete`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    try {
      await moderation.removeBlock(idParam(req, 'BLOCK_NOT_FOUND', 'Block-list entry'), principal.name);
      return reply.redirect(`${BASE}/block-list?notice=unblocked`, 303);
    } catch (err) {
      const error = formError(err);
      return blockPage(reply, frame, principal, { error, status: error.status });
    }
  });

  // ---- Audit log -----------------------------------------------------------------------------------------

  app.get(`${BASE}/log`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'comments.moderate');
    const entries = await moderation.log(200);
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title="Audit log" sub={`${BASE}/log`}>
        <p>Every moderator action, newest first (“system” holds comments that readers reported).</p>
        {entries.length === 0 ? <p class="mod-empty">Nothing has happened yet.</p> : (
          <TableScroll>
            <table class="admin-table moderation-log">
              <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Comment</th><th>Detail</th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} id={`log-${e.id}`} data-action={e.action}>
                    <td><Time iso={e.created_at} /></td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.comment_id !== null ? <a href={`${BASE}/comments/${e.comment_id}/edit?queue=all`}>#{e.comment_id}</a> : '—'}</td>
                    <td style="overflow-wrap:anywhere">{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {entries.length === 200 && <p class="muted">Showing the newest 200 entries.</p>}
      </Page>,
    ));
  });

  // ---- Settings (settings.manage) --------------------------------------------------------------------------

  type Typed = Record<keyof ModerationSettings, string | boolean>;
  const NUMBERS: { key: keyof ModerationSettings; label: string; step?: string }[] = [
    { key: 'burstPerMinute', label: 'Comments per minute from one network or author, at most' },
    { key: 'perHour', label: 'Comments per hour from one network or author, at most' },
    { key: 'minFillSeconds', label: 'Seconds a person needs at least to fill in the comment form (faster: held for review; 0: off)' },
    { key: 'duplicateWindowHours', label: 'Hours in which the same text posted again is spam (0: off)' },
    { key: 'maxLinks', label: 'Links in one comment, at most (more: held)' },
    { key: 'spamThreshold', label: 'Spam probability from which the filter marks a comment spam (0.5–1)', step: '0.001' },
    { key: 'holdThreshold', label: 'Spam probability from which the filter holds a comment (0.3–1)', step: '0.001' },
    { key: 'reportsToHold', label: 'Reports by different readers that hold a published comment' },
  ];
  const CHECKS: { key: keyof ModerationSettings; label: string }[] = [
    { key: 'holdFirstTimeLinks', label: 'Hold comments with links from first-time commenters' },
    { key: 'useClassifier', label: 'Let the spam filter decide (otherwise it only scores, for the moderators)' },
  ];
  const POLICIES: Record<ModerationSettings['policy'], string> = {
    none: 'Publish what passes the checks',
    'first-time': 'Hold every first-time commenter’s comment',
    links: 'Hold every comment with a link',
    all: 'Hold every comment (pre-moderate everything)',
  };

  const settingsPage = async (reply: FastifyReply, frame: AdminFrame, principal: Principal,
    opts: { typed?: Typed; error?: AppError; notice?: string; status?: number }) => {
    const s = settings.get().moderation;
    const typed: Typed = opts.typed ?? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)])) as Typed;
    const { error } = opts;
    return sendHtml(reply, renderDoc(
      <Page frame={frame} principal={principal} title="Moderation settings" sub={`${BASE}/settings`} notice={opts.notice} error={error?.message}>
        <form method="post" action={`${BASE}/settings`} class="admin-form" id="moderation-settings">
          <CsrfField csrf={frame.csrf} />
          <label>Pre-moderation
            <select name="policy">
              {(Object.keys(POLICIES) as ModerationSettings['policy'][]).map((p) => <option key={p} value={p} selected={typed.policy === p}>{POLICIES[p]}</option>)}
            </select>
          </label>
          <FieldError error={error} field="policy" />
          {NUMBERS.map((n) => (
            <Fragment key={n.key}>
              <label>{n.label}
                <input type="number" name={n.key} required step={n.step ?? '1'} inputmode={n.step ? 'decimal' : 'numeric'} value={String(typed[n.key])}
                  aria-invalid={error?.field === n.key ? 'true' : undefined} />
              </label>
              <FieldError error={error} field={n.key} />
            </Fragment>
          ))}
          {CHECKS.map((c) => (
            <label key={c.key} style="display:flex;gap:.5rem;align-items:center">
              <input type="checkbox" name={c.key} value="1" checked={typed[c.key] === true} style="width:auto" />
              {c.label}
            </label>
          ))}
          <div class="form-actions"><button type="submit" class="button primary">Save moderation settings</button></div>
        </form>
      </Page>,
    ), opts.status ?? 200);
  };

  app.get(`${BASE}/settings`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'settings.manage');
    return settingsPage(reply, frame, principal, { notice: noticeOf(req) });
  });

  app.post(`${BASE}/settings`, async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'settings.manage');
    const f = formOf(req);
    const typed = { policy: f.policy ?? '' } as Typed;
    for (const n of NUMBERS) typed[n.key] = (f[n.key] ?? '').trim();
    for (const c of CHECKS) typed[c.key] = f[c.key] !== undefined && f[c.key] !== '0';
    try {
      const input: Record<string, unknown> = { ...typed };
      for (const n of NUMBERS) {
        const raw = typed[n.key] as string;
        if (!/^\d{1,6}(\.\d{1,4})?$/.test(raw)) throw new AppError(400, 'INVALID_NUMBER', `${n.key}: enter a number`, n.key);
        input[n.key] = Number(raw);
      }
      const parsed = moderationSettingsSchema.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
      if (parsed.data.holdThreshold > parsed.data.spamThreshold) {
        throw new AppError(400, 'INVALID_VALUE', 'holdThreshold: holding must start at or below the spam threshold', 'holdThreshold');
      }
      const before = settings.get().moderation;
      await settings.update({ moderation: parsed.data });
      const changed = (Object.keys(parsed.data) as (keyof ModerationSettings)[]).filter((k) => parsed.data[k] !== before[k]);
      await moderation.logAction({ actor: principal.name, action: 'settings', commentId: null, detail: changed.length ? changed.map((k) => `${k}: ${before[k]} → ${parsed.data[k]}`).join(', ') : 'no change' });
      return reply.redirect(`${BASE}/settings?notice=saved`, 303);
    } catch (err) {
      const error = formError(err);
      return settingsPage(reply, frame, principal, { typed, error, status: error.status });
    }
  });
}
