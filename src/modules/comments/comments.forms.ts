// The comment actions as plain HTML form posts (JavaScript off): POST, then redirect (303) to the page.
// On bad input the article page is rendered again with the message and what the reader typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import { ensureReaderId } from '../../platform/http/security.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { ArticlePageState } from '../site/site.routes.js';
import type { Actor, CommentAccount, CommentsService } from './comments.service.js';
import type { CommentRoutesDeps } from './comments.routes.js';
import type { CommentSort } from './comment-tree.js';
import { commentBody, newCommentInput, reportInput } from './comments.schemas.js';

export interface CommentFormDeps {
  articles: ArticlesService;
  comments: CommentsService;
  secureCookies: boolean;
  actorOf: (req: FastifyRequest) => Promise<Actor>;
  accountOf: (req: FastifyRequest) => Promise<CommentAccount | undefined>;
  report: CommentRoutesDeps['report'];
  reporterOf: CommentRoutesDeps['reporterOf'];
  throttle: CommentRoutesDeps['throttle'];
  showArticle: (req: FastifyRequest, reply: FastifyReply, slug: string, state: ArticlePageState, status?: number) => Promise<unknown>;
}

const str = z.string().optional().catch(undefined);
const form = z.object({
  body: str, authorName: str, authorEmail: str, parentId: str, sort: str, value: str, website: str, renderedAt: str,
  reason: str, note: str,
});
const sortOf = (s: string | undefined): CommentSort => (s === 'oldest' || s === 'votes' ? s : 'newest');
// A redirect that points at one comment opens the full list (all=1) unless the comment is sure to be on
// the first page (a new top-level comment under Newest), so the reader lands where they acted.
const pageUrl = (slug: string, sort: CommentSort, hash: string, all = true) => {
  const q = [sort === 'newest' ? '' : `sort=${sort}`, all ? 'all=1' : ''].filter(Boolean).join('&');
  return `/articles/${encodeURIComponent(slug)}${q ? `?${q}` : ''}${hash}`;
};

export function registerCommentForms(app: FastifyInstance, deps: CommentFormDeps) {
  const { articles, comments } = deps;
  const fields = (req: FastifyRequest) => form.parse(typeof req.body === 'object' && req.body !== null ? req.body : {});
  const commentId = (req: FastifyRequest) => {
    const id = parseDbId((req.params as { id?: string }).id);
    if (id === undefined) throw new AppError(404, 'COMMENT_NOT_FOUND', 'Comment not found');
    return id;
  };
  const slugOfComment = async (id: number) => (await articles.getById(await comments.articleIdOf(id))).slug;

  app.post<{ Params: { slug: string } }>('/articles/:slug/comments', async (req, reply) => {
    const f = fields(req);
    const sort = sortOf(f.sort);
    // A parentId that is no id names no comment: the same answer as for one that was deleted.
    const parentId = f.parentId ? parseDbId(f.parentId) ?? 0 : null;
    const values = { authorName: f.authorName ?? '', authorEmail: f.authorEmail ?? '', body: f.body ?? '' };
    const at = parentId ? `reply-${parentId}` : 'main';
    const article = await articles.getPublic(req.params.slug);
    try {
      const account = await deps.accountOf(req);
      const input = account
        ? { body: values.body, parentId }
        : { ...values, parentId };
      if (parentId === 0) throw new AppError(400, 'PARENT_NOT_FOUND', 'The comment you reply to does not exist', 'parentId');
      const parsed = newCommentInput.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
      const renderedAt = Number(f.renderedAt);
      const c = await comments.create(article, parsed.data, ensureReaderId(req, reply, deps.secureCookies), account, {
        ip: req.ip,
        form: { honeypot: f.website ?? '', renderedAt: Number.isSafeInteger(renderedAt) && renderedAt > 0 ? renderedAt : null },
      });
      return reply.redirect(pageUrl(article.slug, sort, `#comment-${c.id}`, c.parentId !== null || sort !== 'newest'), 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      // Without its parent there is no reply form to show the error beside: use the main form.
      const parentGone = err.code === 'PARENT_NOT_FOUND' || err.code === 'PARENT_OTHER_ARTICLE';
      return deps.showArticle(req, reply, article.slug, {
        sort, values, replyTo: parentGone ? undefined : parentId ?? undefined,
        error: { at: parentGone ? 'main' : at, error: { code: err.code, message: err.message, field: err.field } },
      }, err.status);
    }
  });

  app.post<{ Params: { id: string } }>('/comments/:id/vote', async (req, reply) => {
    const id = commentId(req);
    const f = fields(req);
    const wanted = f.value === '1' ? 1 : f.value === '-1' ? -1 : undefined;
    if (!wanted) throw new AppError(400, 'INVALID_VALUE', 'value must be 1 or -1', 'value');
    deps.throttle(req, 'vote');
    const readerId = ensureReaderId(req, reply, deps.secureCookies);
    // A form button toggles: pressing the vote you already gave withdraws it.
    const actor = await deps.actorOf(req);
    const userId = actor.userId;
    const current = await comments.myVote(id, readerId, userId);
    await comments.vote(id, current === wanted ? 0 : wanted, readerId, userId);
    return reply.redirect(pageUrl(await slugOfComment(id), sortOf(f.sort), `#comment-${id}`), 303);
  });

  app.post<{ Params: { id: string } }>('/comments/:id/edit', async (req, reply) => {
    const id = commentId(req);
    const f = fields(req);
    const sort = sortOf(f.sort);
    const slug = await slugOfComment(id);
    try {
      const body = commentBody.safeParse(f.body ?? '');
      if (!body.success) throw fromZodError(body.error, 'body', { body: f.body });
      await comments.edit(id, body.data, await deps.actorOf(req), { ip: req.ip });
      return reply.redirect(pageUrl(slug, sort, `#comment-${id}`), 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return deps.showArticle(req, reply, slug, {
        sort, edit: id, values: { authorName: '', authorEmail: '', body: f.body ?? '' },
        error: { at: `edit-${id}`, error: { code: err.code, message: err.message, field: 'body' } },
      }, err.status);
    }
  });

  app.post<{ Params: { id: string } }>('/comments/:id/delete', async (req, reply) => {
    const id = commentId(req);
    const slug = await slugOfComment(id);
    await comments.remove(id, await deps.actorOf(req));
    return reply.redirect(pageUrl(slug, sortOf(fields(req).sort), '#comments', false), 303);
  });

  app.post<{ Params: { id: string } }>('/comments/:id/report', async (req, reply) => {
    const id = commentId(req);
    const f = fields(req);
    const sort = sortOf(f.sort);
    const slug = await slugOfComment(id);
    const parsed = reportInput.safeParse({ reason: f.reason, ...(f.note?.trim() && { note: f.note }) });
    if (!parsed.success) {
      const err = fromZodError(parsed.error, 'body', { reason: f.reason, note: f.note });
      return deps.showArticle(req, reply, slug, { sort, report: id, error: { at: `report-${id}`, error: { code: err.code, message: err.message, field: err.field } } }, err.status);
    }
    deps.throttle(req, 'report');
    await deps.report(id, await deps.reporterOf(req, reply), parsed.data.reason, parsed.data.note);
    const q = [sort === 'newest' ? '' : `sort=${sort}`, 'all=1', `reported=${id}`].filter(Boolean).join('&');
    return reply.redirect(`/articles/${encodeURIComponent(slug)}?${q}#comment-${id}`, 303);
  });
}
