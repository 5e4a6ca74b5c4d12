// Public JSON API for comments (v1).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { ensureReaderId, readerIdOf } from '../../platform/http/security.js';
import type { ArticlesService } from '../articles/articles.service.js';
import { slugParams } from '../articles/articles.schemas.js';
import type { Actor, CommentsService } from './comments.service.js';
import type { CommentSort } from './comment-tree.js';
import {
  commentIdParams, commentListSchema, commentSchema, editCommentInput, listQuery, newCommentInput, voteInput, voteResultSchema,
} from './comments.schemas.js';

export interface CommentRoutesDeps {
  api: ApiRegistry;
  articles: ArticlesService;
  comments: CommentsService;
  secureCookies: boolean;
  isAdmin: (req: FastifyRequest) => boolean;
}

export function registerCommentRoutes({ api, articles, comments, secureCookies, isAdmin }: CommentRoutesDeps) {
  const actorOf = (req: FastifyRequest): Actor => (isAdmin(req) ? { kind: 'admin' } : { kind: 'reader', readerId: readerIdOf(req) });

  api.add({
    method: 'GET', url: '/api/v1/articles/:slug/comments', tag: 'comments',
    summary: 'Top-level comment threads of an article with their replies, one page at a time',
    params: slugParams, query: listQuery, response: commentListSchema, errors: [404],
    handler: async ({ params, query, req }) => {
      const article = await articles.getPublic(params.slug);
      return comments.list(article, { sort: query.sort as CommentSort, cursor: query.cursor, limit: query.limit, readerId: readerIdOf(req) });
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/articles/:slug/comments', tag: 'comments', status: 201,
    summary: 'Post a comment or a reply (parentId) as a guest',
    params: slugParams, body: newCommentInput, response: z.object({ comment: commentSchema }), errors: [404],
    handler: async ({ params, body, req, reply }) => {
      const article = await articles.getPublic(params.slug);
      const comment = await comments.create(article, body, ensureReaderId(req, reply, secureCookies));
      return { comment };
    },
  });

  api.add({
    method: 'POST', url: '/api/v1/comments/:id/vote', tag: 'comments',
    summary: 'Vote on a comment: 1 up, -1 down, 0 to withdraw; one vote per reader',
    params: commentIdParams, body: voteInput, response: voteResultSchema, errors: [403, 404],
    handler: async ({ params, body, req, reply }) => comments.vote(params.id, body.value, ensureReaderId(req, reply, secureCookies)),
  });

  api.add({
    method: 'PATCH', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Edit a comment (its author within the edit window, or the admin token)',
    params: commentIdParams, body: editCommentInput, response: z.object({ comment: commentSchema }), errors: [403, 404],
    handler: async ({ params, body, req }) => ({ comment: await comments.edit(params.id, body.body, actorOf(req)) }),
  });

  api.add({
    method: 'DELETE', url: '/api/v1/comments/:id', tag: 'comments',
    summary: 'Delete a comment (its author within the edit window, or the admin token)',
    params: commentIdParams, response: z.object({ deleted: z.literal(true) }), errors: [403, 404],
    handler: async ({ params, req }) => {
      await comments.remove(params.id, actorOf(req));
      return { deleted: true as const };
    },
  });
}
