// Public JSON API for comments (v1).
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { clientAddress } from '../../platform/http/proxy-trust.js';
import type { Caller } from '../accounts/index.js';
import type { ArticlesService } from '../articles/index.js';
import { slugParams } from '../articles/index.js';
import type { CommentsService } from './comments.service.js';
import type { CommentSort } from './comment-tree.js';
import type { ReaderActions } from './reader-actions.js';
import {
  commentIdParams, commentListSchema, reportInput, commentSchema, editCommentInput, listQuery, newCommentInput, voteInput, voteResultSchema,
} from './comments.schemas.js';

export interface CommentRoutesDeps {
  api: ApiRegistry<Caller>;
  articles: ArticlesService;
  comments: CommentsService;
  actions: ReaderActions;
}

export function registerCommentRoutes({ api, articles, comments, actions }: CommentRoutesDeps) {

  api.add({
    method: 'GET', url: '/api/v1/articles/:slug/comments', tag: 'comments',
    summary: 'Top-level comment threads of an article with their replies, one page at a time; `inline=1`: only inline feedback, each with its anchor',
    params: slugParams, query: listQuery, response: commentListSchema, errors: [404],
    handler: async ({ params, query, caller }) => {
      const article = await articles.getPublic(params.slug);
      return comments.list(article, { sort: query.sort as CommentSort, cursor: query.cursor, limit: query.limit, caller, inline: query.inline });
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/articles/:slug/comments', tag: 'comments', status: 201,
    summary: 'Post a comment or a reply (parentId): as a guest with name and e-mail, or signed in as one\'s account; `anchor` makes it inline feedback on a passage (422 ANCHOR_NOT_FOUND when the article has no such passage)',
    params: slugParams, body: newCommentInput, response: z.object({ comment: commentSchema }), errors: [404, 422],
    handler: async ({ params, body, req, reply, caller }) => {
      const article = await articles.getPublic(params.slug);
      const comment = await comments.create(article, body, actions.withReader(caller, req, reply), { ip: clientAddress(req) });
      return { comment };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/comments/:id/vote', tag: 'comments',
    summary: 'Vote on a comment: 1 up, -1 down, 0 to withdraw; one vote per reader',
    params: commentIdParams, body: voteInput, response: voteResultSchema, errors: [403, 404],
    handler: async ({ params, body, req, reply, caller }) => {
      await actions.throttle(caller, 'vote');
      return comments.vote(params.id, body.value, actions.withReader(caller, req, reply));
    },
  });

  api.add({
    method: 'PATCH', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Edit a comment (its author within the edit window, or a moderator: recorded as "Last edited by")',
    params: commentIdParams, body: editCommentInput, response: z.object({ comment: commentSchema }), errors: [403, 404],
    handler: async ({ params, body, req, caller }) => ({ comment: await comments.edit(params.id, body.body, caller, { ip: clientAddress(req) }) }),
  });

  api.add({
    method: 'DELETE', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Delete a comment (its author within the edit window, or a moderator)',
    params: commentIdParams, response: z.object({ deleted: z.literal(true) }), errors: [403, 404],
    handler: async ({ params, caller }) => {
      await comments.remove(params.id, caller);
      return { deleted: true as const };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/comments/:id/report', tag: 'comments', status: 202,
    summary: 'Report a comment to the moderators (once per reader); enough reports hold it for review',
    params: commentIdParams, body: reportInput, response: z.object({ reported: z.literal(true) }), errors: [404],
    handler: async ({ params, body, caller }) => {
      await actions.throttle(caller, 'report');
      await actions.report(params.id, caller, body.reason, body.note);
      return { reported: true as const };
    },
  });
}
