// One comment's pages: editing its text (the earlier versions are kept and listed), and banning its
// author's account, e-mail address or network for some days or for ever.
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../platform/http/errors.js';
import { CsrfField, FieldError, Time } from '../../../ui/admin/form-parts.js';
import type { Caller } from '../../accounts/index.js';
import { BODY_MAX } from '../../comments/index.js';
import type { Queue } from '../moderation.service.js';
import { CommentSummary, type ModeratedComment } from '../views/CommentSummary.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION, queueUrl } from '../views/paths.js';
import { BAN_DAYS, BAN_KINDS, banForm, commentParams, commentQuery, editForm, queueName } from './forms.js';
import { MODERATE, type ModerationPageKit } from './kit.js';

type BanKind = (typeof BAN_KINDS)[number];
type BanDays = (typeof BAN_DAYS)[number];
const BAN_KIND_LABELS: Record<BanKind, string> = { account: 'The account', email: 'The e-mail address', ip: 'The network (IP address)' };
const BAN_DAYS_LABELS: Record<BanDays, string> = { '1': '1 day', '7': '7 days', '30': '30 days', forever: 'For ever' };

interface BanTyped { kind: string; days: string; reason: string }

function BackToQueue({ queue, id }: { queue: Queue; id: number }) {
  return <p><a href={queueUrl(queue, { hash: `#c-${id}` })}>← Back to the queue</a></p>;
}

export function registerCommentPages(kit: ModerationPageKit) {
  const { pages, moderation, comments } = kit;

  const showEdit = async (reply: FastifyReply, caller: Caller, row: ModeratedComment,
    opts: { queue: Queue; body?: string; error?: AppError; status?: number }) => {
    const revisions = await moderation.revisions(row.id);
    const { error } = opts;
    return kit.send(reply, (
      <ModerationPage {...kit.chrome(caller)} title={`Edit comment #${row.id}`} sub="" error={error?.message}>
        <BackToQueue queue={opts.queue} id={row.id} />
        <CommentSummary row={row} />
        <form method="post" action={`${MODERATION}/comments/${row.id}/edit`} class="admin-form" id="edit-comment">
          <CsrfField csrf={caller.csrf} />
          <input type="hidden" name="queue" value={opts.queue} />
          <label>Text (plain text; the article page shows “Last edited … by {caller.name}”)
            <textarea name="body" rows={10} required maxLength={BODY_MAX} aria-invalid={error?.field === 'body' ? 'true' : undefined}>{opts.body ?? row.body}</textarea>
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
      </ModerationPage>
    ), opts.status);
  };

  const showBan = (reply: FastifyReply, caller: Caller, row: ModeratedComment,
    opts: { queue: Queue; typed?: BanTyped; error?: AppError; status?: number }) => {
    const { error } = opts;
    const available: Record<BanKind, boolean> = { account: row.user_id !== null, email: row.author_email !== '', ip: row.ip_hash !== null };
    const typed = opts.typed ?? { kind: available.account ? 'account' : 'email', days: '7', reason: '' };
    const what: Record<BanKind, string> = {
      account: row.user_id !== null ? `account #${row.user_id}` : 'no account (a guest)',
      email: row.author_email || 'no e-mail',
      ip: row.ip_hash ? `network ${row.ip_hash.slice(0, 8)}… (the address itself is not stored)` : 'no network recorded',
    };
    return kit.send(reply, (
      <ModerationPage {...kit.chrome(caller)} title={`Ban the author of comment #${row.id}`} sub="" error={error?.message}>
        <BackToQueue queue={opts.queue} id={row.id} />
        <CommentSummary row={row} />
        <div class="mod-body comment-body" dangerouslySetInnerHTML={{ __html: row.body_html }} />
        <form method="post" action={`${MODERATION}/comments/${row.id}/ban`} class="admin-form" id="ban">
          <CsrfField csrf={caller.csrf} />
          <input type="hidden" name="queue" value={opts.queue} />
          <fieldset>
            <legend>Ban</legend>
            {BAN_KINDS.map((k) => (
              <label key={k} style="display:flex;gap:.5rem;align-items:center;font-weight:400">
                <input type="radio" name="kind" value={k} checked={typed.kind === k} disabled={!available[k]} style="width:auto" />
                {BAN_KIND_LABELS[k]}: {what[k]}
              </label>
            ))}
          </fieldset>
          <FieldError error={error} field="kind" />
          <label>For
            <select name="days">
              {BAN_DAYS.map((d) => <option key={d} value={d} selected={typed.days === d}>{BAN_DAYS_LABELS[d]}</option>)}
            </select>
          </label>
          <FieldError error={error} field="days" />
          <label>Reason (for the moderators and the audit log)
            <input name="reason" required maxLength={200} value={typed.reason} aria-invalid={error?.field === 'reason' ? 'true' : undefined} />
          </label>
          <FieldError error={error} field="reason" />
          <div class="form-actions"><button type="submit" class="button primary">Ban</button></div>
        </form>
      </ModerationPage>
    ), opts.status);
  };

  // ---- Edit --------------------------------------------------------------------------------------------

  pages.add({
    method: 'GET', url: `${MODERATION}/comments/:id/edit`, access: MODERATE, params: commentParams, query: commentQuery,
    handler: async ({ reply, caller, params, query }) => showEdit(reply, caller, await moderation.comment(params.id), { queue: query.queue }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/comments/:id/edit`, access: MODERATE, params: commentParams, form: editForm,
    handler: async ({ reply, caller, params, form }) => {
      await comments.edit(params.id, form.body, caller);
      return reply.redirect(queueUrl(form.queue, { notice: 'edited', hash: `#c-${params.id}` }), 303);
    },
    // Every refusal is about the text: shown beside it.
    invalid: async ({ reply, caller, params, typed }, err) => showEdit(reply, caller, await moderation.comment(params.id), {
      queue: queueName.parse(typed.queue), body: typed.body ?? '', status: err.status,
      error: err.field ? err : new AppError(err.status, err.code, err.message, 'body'),
    }),
  });

  // ---- Ban ---------------------------------------------------------------------------------------------

  pages.add({
    method: 'GET', url: `${MODERATION}/comments/:id/ban`, access: MODERATE, params: commentParams, query: commentQuery,
    handler: async ({ reply, caller, params, query }) => showBan(reply, caller, await moderation.comment(params.id), { queue: query.queue }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/comments/:id/ban`, access: MODERATE, params: commentParams, form: banForm,
    handler: async ({ reply, caller, params, form }) => {
      await moderation.ban({ commentId: params.id, kind: form.kind, days: form.days === 'forever' ? null : Number(form.days), reason: form.reason }, caller);
      return reply.redirect(`${MODERATION}/bans?notice=banned`, 303);
    },
    invalid: async ({ reply, caller, params, typed }, error) => showBan(reply, caller, await moderation.comment(params.id), {
      queue: queueName.parse(typed.queue), error, status: error.status,
      typed: { kind: typed.kind ?? '', days: typed.days ?? '', reason: (typed.reason ?? '').trim() },
    }),
  });
}
