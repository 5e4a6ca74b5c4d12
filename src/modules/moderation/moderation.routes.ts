// JSON API for moderators (comments.moderate): the queues and decisions, as the admin pages offer them.
// Commenters' e-mail addresses stay out of every API response (an invariant of the OpenAPI document, see
// platform.test.ts); moderators see them on the admin pages.
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { idText, idValue } from '../../platform/http/input.js';
import type { Caller } from '../accounts/index.js';
import { type ModerationService, QUEUES } from './moderation.service.js';
import { explainRecord } from './views/plain-reasons.js';

/** At most this many comments in one decision. */
const MAX_IDS = 200;

const verdict = z.enum(['published', 'pending', 'spam', 'rejected']);

export const moderationRecordSchema = z.object({
  verdict,
  decidedBy: z.string(),
  reasons: z.array(z.object({ stage: z.string(), reason: z.string() })),
  spamScore: z.number().nullable(),
});

export const queueItemSchema = z.object({
  id: z.number().int(),
  articleId: z.number().int(),
  articleTitle: z.string(),
  articleSlug: z.string(),
  authorName: z.string(),
  userId: z.number().int().nullable(),
  body: z.string(),
  bodyHtml: z.string(),
  status: z.enum(['published', 'pending', 'spam', 'rejected', 'deleted']),
  spamScore: z.number().nullable(),
  reportCount: z.number().int(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  editedBy: z.string().nullable(),
  /** What the pipeline decided and why: the deciding stage and every stage's note before it. */
  moderation: moderationRecordSchema.nullable(),
  /** Reports no moderator has acted on yet. */
  reports: z.array(z.object({ reason: z.string(), note: z.string().nullable(), createdAt: z.string() })),
  /** The pipeline's reasons in plain words (as the queue page shows them), the deciding one marked. */
  reasons: z.array(z.object({ stage: z.string(), label: z.string(), sentence: z.string(), deciding: z.boolean() })),
  /** The comment this one replies to (null for a top-level comment). */
  parent: z.object({ id: z.number().int(), authorName: z.string(), excerpt: z.string(), deleted: z.boolean() }).nullable(),
  /** The author's comments so far by status and their first one (by account, else e-mail, else reader cookie). */
  authorRecord: z.object({
    published: z.number().int(), pending: z.number().int(), spam: z.number().int(), rejected: z.number().int(), firstSeen: z.string(),
  }).nullable(),
});

const queueQuery = z.object({
  queue: z.enum(QUEUES as unknown as ['pending', 'spam', 'reported', 'all']).default('pending'),
  before: idText.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Only this article's comments (its slug). */
  article: z.string().trim().min(1).max(200).optional(),
  /** Only comments whose text or author name contains this (any case). */
  q: z.string().trim().min(1).max(200).optional(),
});

const countsSchema = z.object({ pending: z.number().int(), spam: z.number().int(), reported: z.number().int(), all: z.number().int() });

const decideInput = z.strictObject({
  ids: z.array(idValue).min(1).max(MAX_IDS),
  action: z.enum(['approve', 'reject', 'spam', 'not-spam']),
});

export function registerModerationRoutes({ api, moderation }: { api: ApiRegistry<Caller>; moderation: ModerationService }) {
  api.add({
    method: 'GET', url: '/api/v1/admin/moderation/queue', tag: 'moderation', permission: 'comments.moderate',
    summary: 'A moderation queue (pending, spam, reported or all), newest first, optionally one article\'s (`article`) or matching a search (`q`); page with `before` = the previous page\'s nextBefore',
    query: queueQuery,
    response: z.object({ items: z.array(queueItemSchema), nextBefore: z.number().int().nullable(), counts: countsSchema }),
    handler: async ({ query }) => {
      const [page, counts] = await Promise.all([moderation.queue(query.queue, { before: query.before, limit: query.limit, article: query.article, search: query.q }), moderation.counts()]);
      return {
        items: page.items.map((c) => ({
          id: c.id, articleId: c.article_id, articleTitle: c.article_title, articleSlug: c.article_slug,
          authorName: c.author_name, userId: c.user_id, body: c.body, bodyHtml: c.body_html,
          status: c.status, spamScore: c.spam_score, reportCount: c.report_count, createdAt: c.created_at,
          editedAt: c.edited_at, editedBy: c.edited_by, moderation: c.moderation,
          reports: c.reports.map((r) => ({ reason: r.reason, note: r.note, createdAt: r.created_at })),
          reasons: c.moderation ? explainRecord(c.moderation, c.body).reasons : [],
          parent: c.parent,
          authorRecord: c.author,
        })),
        nextBefore: page.nextBefore,
        counts,
      };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/admin/moderation/decide', tag: 'moderation', permission: 'comments.moderate',
    summary: 'Approve, reject, or mark as spam / not spam one or more comments (spam and not spam teach the spam filter)',
    body: decideInput, response: z.object({ changed: z.number().int() }), errors: [404],
    handler: async ({ body, caller }) => ({ changed: await moderation.decide(body.ids, body.action, caller) }),
  });
}
