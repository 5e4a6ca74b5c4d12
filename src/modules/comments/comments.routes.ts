// Public JSON API for comments (v1).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { ensureReaderId, readerIdOf } from '../../platform/http/security.js';
import type { ArticlesService } from '../articles/articles.service.js';
import { slugParams } from '../articles/articles.schemas.js';
import type { Actor, CommentAccount, CommentsService } from './comments.service.js';
import type { CommentSort } from './comment-tree.js';
import {
  commentIdParams, commentListSchema, reportInput, commentSchema, editCommentInput, listQuery, newCommentInput, voteInput, voteResultSchema,
} from './comments.schemas.js';

export interface CommentRoutesDeps {
  api: ApiRegistry;
  articles: ArticlesService;
  comments: CommentsService;
  secureCookies: boolean;
  /** The acting person: a moderator, or a reader (cookie id, plus the account when signed in). */
  actorOf: (req: FastifyRequest) => Promise<Actor>;
  /** The signed-in commenter, if any (403 EMAIL_NOT_VERIFIED until the e-mail is confirmed). */
  accountOf: (req: FastifyRequest) => Promise<CommentAccount | undefined>;
  /** Files a reader's report (moderation holds a comment once enough readers report it). */
  report: (commentId: number, reporter: string, reason: z.output<typeof reportInput>['reason'], note: string | undefined) => Promise<unknown>;
  /** Who reports: the account when signed in, else the reader's network (one report per comment each). */
  reporterOf: (req: FastifyRequest, reply: FastifyReply) => Promise<string>;
  /** Refuses (429) votes and reports beyond a per-network rate: a fresh cookie per request buys nothing. */
  throttle: (req: FastifyRequest, action: 'vote' | 'report') => void;
}

export function registerCommentRoutes({ api, articles, comments, secureCookies, actorOf, accountOf, report, reporterOf, throttle }: CommentRoutesDeps) {

  api.add({
    method: 'GET', url: '/api/v1/articles/:slug/comments', tag: 'comments',
    summary: 'Top-level comment threads of an article with their replies, one page at a time',
    params: slugParams, query: listQuery, response: commentListSchema, errors: [404],
    handler: async ({ params, query, req }) => {
      const article = await articles.getPublic(params.slug);
      const actor = await actorOf(req);
      return comments.list(article, {
        sort: query.sort as CommentSort, cursor: query.cursor, limit: query.limit,
        readerId: readerIdOf(req), userId: actor.userId,
      });
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/articles/:slug/comments', tag: 'comments', status: 201,
    summary: 'Post a comment or a reply (parentId): as a guest with name and e-mail, or signed in as one\'s account',
    params: slugParams, body: newCommentInput, response: z.object({ comment: commentSchema }), errors: [404],
    handler: async ({ params, body, req, reply }) => {
      const article = await articles.getPublic(params.slug);
      const comment = await comments.create(article, body, ensureReaderId(req, reply, secureCookies), await accountOf(req), { ip: req.ip });
      return { comment };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/comments/:id/vote', tag: 'comments',
    summary: 'Vote on a comment: 1 up, -1 down, 0 to withdraw; one vote per reader',
    params: commentIdParams, body: voteInput, response: voteResultSchema, errors: [403, 404],
    handler: async ({ params, body, req, reply }) => {
      throttle(req, 'vote');
      const actor = await actorOf(req);
      return comments.vote(params.id, body.value, ensureReaderId(req, reply, secureCookies), actor.userId);
    },
  });

  api.add({
    method: 'PATCH', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Edit a comment (its author within the edit window, or a moderator: recorded as "Last edited by")',
    params: commentIdParams, body: editCommentInput, response: z.object({ comment: commentSchema }), errors: [403, 404],
    handler: async ({ params, body, req }) => ({ comment: await comments.edit(params.id, body.body, await actorOf(req), { ip: req.ip }) }),
  });

  api.add({
    method: 'DELETE', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Delete a comment (its author within the edit window, or a moderator)',
    params: commentIdParams, response: z.object({ deleted: z.literal(true) }), errors: [403, 404],
    handler: async ({ params, req }) => {
      await comments.remove(params.id, await actorOf(req));
      return { deleted: true as const };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/comments/:id/report', tag: 'comments', status: 202,
    summary: 'Report a comment to the moderators (once per reader); enough reports hold it for review',
    params: commentIdParams, body: reportInput, response: z.object({ reported: z.literal(true) }), errors: [404],
    handler: async ({ params, body, req, reply }) => {
      throttle(req, 'report');
      await report(params.id, await reporterOf(req, reply), body.reason, body.note);
      return { reported: true as const };
    },
  });
}
