import { z } from 'zod';
import { idText, idValue } from '../../platform/http/input.js';
import { COMMENT_SORTS } from './comment-tree.js';
import { CONTEXT_MAX, EXACT_MAX } from './anchors.js';

/** What a commenter may ask to be told of by e-mail (the comment form's "Notify of"). */
export const NOTIFY_CHOICES = ['none', 'replies', 'all'] as const;
export type NotifyChoice = (typeof NOTIFY_CHOICES)[number];

import { BODY_MAX, EMAIL_MAX, NAME_MAX, REPORT_NOTE_MAX, THREADS_PER_PAGE, THREADS_PER_PAGE_MAX } from './limits.js';


export const commentBody = z.string().trim().min(1).max(BODY_MAX);

/** A passage of the article as a W3C TextQuoteSelector: the quote, and a little text before and after it. */
export const anchorInput = z.strictObject({
  exact: z.string().trim().min(1).max(EXACT_MAX),
  prefix: z.string().max(CONTEXT_MAX).optional(),
  suffix: z.string().max(CONTEXT_MAX).optional(),
});

// Name and e-mail are required from guests (checked by the service); signed-in readers post as their account.
export const newCommentInput = z.strictObject({
  authorName: z.string().trim().min(1).max(NAME_MAX).optional(),
  authorEmail: z.string().trim().max(EMAIL_MAX).pipe(z.email()).optional(),
  body: commentBody,
  parentId: idValue.nullable().optional(),
  /** Inline feedback: the passage of the article the comment is about (top-level comments only). */
  anchor: anchorInput.optional(),
  /** E-mail about this discussion: nothing, replies to the poster's comments, or every new comment. */
  notify: z.enum(NOTIFY_CHOICES).optional(),
});

export const editCommentInput = z.strictObject({ body: commentBody });
export const voteInput = z.strictObject({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });

export const listQuery = z.object({
  sort: z.enum(COMMENT_SORTS as [string, ...string[]]).default('newest'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(THREADS_PER_PAGE_MAX).default(THREADS_PER_PAGE),
  /** Only inline feedback (comments on a passage): `1` or `true`. */
  inline: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true'),
});

export const commentSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  authorName: z.string(),
  /** The staff role of a signed-in author (admin, editor, author, moderator), shown as a badge. */
  authorRole: z.string().nullable(),
  bodyHtml: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  editedBy: z.string().nullable(),
  up: z.number().int(),
  down: z.number().int(),
  status: z.enum(['published', 'pending', 'spam', 'rejected', 'deleted']),
  /** For the poster of a held comment: why it waits for a moderator, in one fixed sentence. */
  heldNotice: z.string().optional(),
  myVote: z.union([z.literal(1), z.literal(-1), z.literal(0)]).optional(),
  canEdit: z.boolean().optional(),
  /** Inline feedback: the passage quoted, and whether it is still found in the article (placed). */
  anchor: z.object({ exact: z.string(), prefix: z.string(), suffix: z.string(), placed: z.boolean() }).optional(),
});

export type CommentThread = z.output<typeof commentSchema> & { replies: CommentThread[] };
export const commentThreadSchema: z.ZodType<CommentThread> = commentSchema.extend({
  get replies() { return z.array(commentThreadSchema); },
});

export const commentListSchema = z.object({
  comments: z.array(commentThreadSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const voteResultSchema = z.object({ up: z.number().int(), down: z.number().int(), myVote: z.number().int() });
export const commentIdParams = z.object({ id: idText });

export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const reportInput = z.strictObject({
  reason: z.enum(REPORT_REASONS),
  note: z.string().trim().max(REPORT_NOTE_MAX).optional(),
});
