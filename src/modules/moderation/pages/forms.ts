// What the moderators' forms and addresses accept (zod, with the messages the pages show beside the form).
// Hidden fields and query parameters are read leniently: a bad one counts as absent. The moderation
// settings form is in settings.form.ts.
import { z } from 'zod';
import { idText, parseDbId } from '../../../platform/http/input.js';
import { formField, lenient } from '../../../ui/admin/form-fields.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import { commentBody } from '../../comments/index.js';
import { QUEUES } from '../moderation.service.js';

/** At most this many comments in one bulk decision. */
export const MAX_BULK = 200;

/** A queue's name; any other value is the pending queue. */
export const queueName = lenient(z.enum(QUEUES), 'pending');
/** A row id (`before`, `next`), or undefined. */
export const optionalId = lenient(idText.optional(), undefined);
const optionalText = lenient(z.string().optional(), undefined);
/** A queue's filters: an article's slug and a search; empty or too long counts as absent. */
export const filterText = lenient(z.string().trim().min(1).max(200).optional(), undefined);

export const commentParams = pageIdParams('COMMENT_NOT_FOUND', 'Comment');
export const banParams = pageIdParams('BAN_NOT_FOUND', 'Ban');
export const blockParams = pageIdParams('BLOCK_NOT_FOUND', 'Block-list entry');
/** A notice after a redirect (`?notice=<code>`), looked up in the page's own messages. */
export const noticeQuery = z.object({ notice: optionalText });
export const queueQuery = z.object({ queue: queueName, article: filterText, q: filterText, before: optionalId, notice: optionalText, n: optionalText });
/** The queue a comment's page leads back to. */
export const commentQuery = z.object({ queue: queueName });

const issue = (ctx: z.RefinementCtx, code: string, message: string) => {
  ctx.addIssue({ code: 'custom', message, params: { code } });
  return z.NEVER;
};

/** The comments of a decision: ticked checkboxes send `ids` once per box (also accepted as `ids[]`). */
function withIds(body: unknown) {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return { ...fields, ids: [fields.ids, fields['ids[]']].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])) };
}

const commentIds = z.array(z.unknown()).transform((raw, ctx) => {
  const ids = raw.map((v) => (typeof v === 'string' ? parseDbId(v) : undefined));
  if (ids.some((id) => id === undefined)) return issue(ctx, 'INVALID_ID', 'ids: comment ids are whole numbers');
  if (ids.length === 0) return issue(ctx, 'REQUIRED', 'ids: select at least one comment');
  if (ids.length > MAX_BULK) return issue(ctx, 'TOO_MANY', `ids: at most ${MAX_BULK} comments at once`);
  return ids as number[];
});

/** One decision on one or more comments, from the queue (back to the same queue and page). */
export const decisionForm = z.preprocess(withIds, z.object({
  action: formField(z.enum(['approve', 'reject', 'spam', 'not-spam'], { error: 'action: choose approve, reject, spam or not spam' })),
  ids: commentIds,
  queue: queueName,
  article: filterText,
  q: filterText,
  before: optionalId,
  /** The comment after the decided one: where the moderator lands. */
  next: optionalId,
}));

export const editForm = z.object({ body: formField(commentBody), queue: queueName });

export const BAN_KINDS = ['account', 'email', 'ip'] as const;
export const BAN_DAYS = ['1', '7', '30', 'forever'] as const;

export const banForm = z.object({
  kind: formField(z.enum(BAN_KINDS, { error: 'kind: choose what to ban' })),
  days: formField(z.enum(BAN_DAYS, { error: 'days: choose 1, 7 or 30 days, or for ever' })),
  reason: formField(z.string().trim().min(1, 'reason: say why (the audit log keeps it)').max(200, 'reason: at most 200 characters')),
  queue: queueName,
});

export const BLOCK_KINDS = ['phrase', 'email', 'domain', 'ip_range'] as const;

/** A block-list entry; the service checks the value's form for its kind. */
export const blockForm = z.object({
  kind: formField(z.enum(BLOCK_KINDS, { error: 'kind: choose what to block' })),
  value: formField(z.string().max(200, 'value: at most 200 characters')),
});
