// The comment actions as plain HTML form posts (JavaScript off): POST, then redirect (303) to the page.
// On bad input the article page is rendered again with the message and what the reader typed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import { formText, idText, parseDbId } from '../../platform/http/input.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { clientAddress } from '../../platform/http/proxy-trust.js';
import type { Caller } from '../accounts/index.js';
import type { ArticlesService } from '../articles/index.js';
import type { CommentsService } from './comments.service.js';
import type { CommentSort } from './comment-tree.js';
import { commentBody, newCommentInput, reportInput } from './comments.schemas.js';
import type { ReaderActions } from './reader-actions.js';
import type { FormError, FormValues } from './views/CommentSection.js';

/** What the article page shows besides the shared view: an open form, its error, what was typed. */
export interface ArticlePageState {
  sort: CommentSort;
  all?: boolean;
  /** Only inline feedback (the "Inline Feedbacks" filter). */
  inline?: boolean;
  replyTo?: number;
  edit?: number;
  report?: number;
  /** A comment this reader has just reported (the page thanks them). */
  reported?: number;
  values?: FormValues;
  error?: { at: string; error: FormError };
}

export type ShowArticle = (req: FastifyRequest, reply: FastifyReply, caller: Caller, slug: string, state: ArticlePageState, status?: number) => Promise<unknown>;

export interface CommentFormDeps {
  pages: PageRegistry<Caller>;
  articles: ArticlesService;
  comments: CommentsService;
  actions: ReaderActions;
  /** Renders the article page (the site module's), with a form open or an error beside it. */
  showArticle: ShowArticle;
}

const str = formText;
const form = z.object({
  body: str, authorName: str, authorEmail: str, parentId: str, sort: str, value: str, website: str, renderedAt: str,
  reason: str, note: str, notify: str,
  /** Inline feedback from the plain form: the passage quoted (see QuoteField). */
  anchorExact: str, anchorPrefix: str, anchorSuffix: str,
});
const slugParams = z.object({ slug: z.string() });
const idParams = z.object({ id: idText });
const sortOf = (s: string | undefined): CommentSort => (s === 'oldest' || s === 'votes' ? s : 'newest');
// A redirect that points at one comment opens the full list (all=1) unless the comment is sure to be on
// the first page (a new top-level comment under Newest), so the reader lands where they acted.
const pageUrl = (slug: string, sort: CommentSort, hash: string, all = true) => {
  const q = [sort === 'newest' ? '' : `sort=${sort}`, all ? 'all=1' : ''].filter(Boolean).join('&');
  return `/articles/${encodeURIComponent(slug)}${q ? `?${q}` : ''}${hash}`;
};
const asFormError = (err: AppError, field?: string): FormError => ({ code: err.code, message: err.message, field: field ?? err.field });

export function registerCommentForms(deps: CommentFormDeps) {
  const { pages, articles, comments, actions } = deps;
  const slugOfComment = async (id: number) => (await articles.getById(await comments.articleIdOf(id))).slug;
  /** Runs a form's action; a refusal (4xx) renders the article page again with it. */
  async function orShowAgain(action: () => Promise<unknown>, again: (err: AppError) => Promise<unknown>) {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return again(err);
    }
  }

  pages.add({
    method: 'POST', url: '/articles/:slug/comments', access: 'public', params: slugParams, form,
    handler: async ({ req, reply, caller, params, form: f }) => {
      const sort = sortOf(f.sort);
      // A parentId that is no id names no comment: the same answer as for one that was deleted.
      const parentId = f.parentId ? parseDbId(f.parentId) ?? 0 : null;
      const anchor = f.anchorExact ? { exact: f.anchorExact, prefix: f.anchorPrefix ?? '', suffix: f.anchorSuffix ?? '' } : undefined;
      const values = { authorName: f.authorName ?? '', authorEmail: f.authorEmail ?? '', body: f.body ?? '', notify: f.notify ?? 'none', ...(anchor && { anchor }) };
      const article = await articles.getPublic(params.slug);
      return orShowAgain(async () => {
        if (parentId === 0) throw new AppError(400, 'PARENT_NOT_FOUND', 'The comment you reply to does not exist', 'parentId');
        const { anchor: _shown, ...typed } = values; // the passage is sent as `anchor` below
        const input = { ...(caller.user ? { body: values.body, parentId, notify: values.notify } : { ...typed, parentId }), ...(anchor && { anchor }) };
        const parsed = newCommentInput.safeParse(input);
        if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
        const renderedAt = Number(f.renderedAt);
        const c = await comments.create(article, parsed.data, actions.withReader(caller, req, reply), {
          ip: clientAddress(req),
          form: { honeypot: f.website ?? '', renderedAt: Number.isSafeInteger(renderedAt) && renderedAt > 0 ? renderedAt : null },
        });
        return reply.redirect(pageUrl(article.slug, sort, `#comment-${c.id}`, c.parentId !== null || sort !== 'newest'), 303);
      }, (err) => {
        // Without its parent there is no reply form to show the error beside: use the main form.
        const parentGone = err.code === 'PARENT_NOT_FOUND' || err.code === 'PARENT_OTHER_ARTICLE';
        return deps.showArticle(req, reply, caller, article.slug, {
          sort, values, replyTo: parentGone ? undefined : parentId ?? undefined,
          error: { at: parentGone || !parentId ? 'main' : `reply-${parentId}`, error: asFormError(err) },
        }, err.status);
      });
    },
  });

  // A comment's permalink (mentions link here; so will notification mails): its place on the article's page.
  pages.add({
    method: 'GET', url: '/comments/:id', access: 'public', params: idParams,
    handler: async ({ reply, params }) => {
      const article = await articles.getById(await comments.articleIdOfPublished(params.id));
      await articles.getPublic(article.slug); // 404 unless the article is public too (its address is not given away)
      return reply.redirect(pageUrl(article.slug, 'oldest', `#comment-${params.id}`), 303);
    },
  });

  pages.add({
    method: 'POST', url: '/comments/:id/vote', access: 'public', params: idParams, form,
    handler: async ({ req, reply, caller, params: { id }, form: f }) => {
      const wanted = f.value === '1' ? 1 : f.value === '-1' ? -1 : undefined;
      if (!wanted) throw new AppError(400, 'INVALID_VALUE', 'value must be 1 or -1', 'value');
      await actions.throttle(caller, 'vote');
      const voter = actions.withReader(caller, req, reply);
      // A form button toggles: pressing the vote you already gave withdraws it.
      const current = await comments.myVote(id, voter);
      await comments.vote(id, current === wanted ? 0 : wanted, voter);
      return reply.redirect(pageUrl(await slugOfComment(id), sortOf(f.sort), `#comment-${id}`), 303);
    },
  });

  pages.add({
    method: 'POST', url: '/comments/:id/edit', access: 'public', params: idParams, form,
    handler: async ({ req, reply, caller, params: { id }, form: f }) => {
      const sort = sortOf(f.sort);
      const slug = await slugOfComment(id);
      return orShowAgain(async () => {
        const body = commentBody.safeParse(f.body ?? '');
        if (!body.success) throw fromZodError(body.error, 'body', { body: f.body });
        await comments.edit(id, body.data, caller, { ip: clientAddress(req) });
        return reply.redirect(pageUrl(slug, sort, `#comment-${id}`), 303);
      }, (err) => deps.showArticle(req, reply, caller, slug, {
        sort, edit: id, values: { authorName: '', authorEmail: '', body: f.body ?? '' },
        error: { at: `edit-${id}`, error: asFormError(err, 'body') },
      }, err.status));
    },
  });

  pages.add({
    method: 'POST', url: '/comments/:id/delete', access: 'public', params: idParams, form,
    handler: async ({ reply, caller, params: { id }, form: f }) => {
      const slug = await slugOfComment(id);
      await comments.remove(id, caller);
      return reply.redirect(pageUrl(slug, sortOf(f.sort), '#comments', false), 303);
    },
  });

  pages.add({
    method: 'POST', url: '/comments/:id/report', access: 'public', params: idParams, form,
    handler: async ({ req, reply, caller, params: { id }, form: f }) => {
      const sort = sortOf(f.sort);
      const slug = await slugOfComment(id);
      const parsed = reportInput.safeParse({ reason: f.reason, ...(f.note?.trim() && { note: f.note }) });
      if (!parsed.success) {
        const err = fromZodError(parsed.error, 'body', { reason: f.reason, note: f.note });
        return deps.showArticle(req, reply, caller, slug, { sort, report: id, error: { at: `report-${id}`, error: asFormError(err) } }, err.status);
      }
      await actions.throttle(caller, 'report');
      await actions.report(id, caller, parsed.data.reason, parsed.data.note);
      const q = [sort === 'newest' ? '' : `sort=${sort}`, 'all=1', `reported=${id}`].filter(Boolean).join('&');
      return reply.redirect(`/articles/${encodeURIComponent(slug)}?${q}#comment-${id}`, 303);
    },
  });
}
