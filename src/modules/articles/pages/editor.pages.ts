// The article editor's pages: a new article, an article, and their forms (save, publish, schedule,
// unpublish, submit for review). A refused form (400; 409 for a taken slug or someone else's newer save; 422
// for a lead image that does not exist) shows the editor again with the messages and what was typed; other refusals are error pages.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../platform/http/errors.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import { exactTime } from '../../../ui/format.js';
import type { Caller } from '../../accounts/index.js';
import type { Article } from '../articles.repo.js';
import { mayChangeArticle, mayPublish } from '../rules.js';
import { ARTICLES_URL } from '../views/article-admin-parts.js';
import type { EditorIntent } from '../views/ArticleEditor.js';
import { editorForm, intentOf, localIn, newValues, parseInput, parseLocal, parsePatch, publishDate, typedValues } from './editor-form.js';
import type { ArticlePagesDeps } from './article-pages.js';
import type { EditorScreen } from './editor-screen.js';

/** Article forms may carry up to 100,000 characters of Markdown, percent-encoded (the app's default is 64 KB). */
const FORM_BODY_LIMIT = 1024 * 1024;
const access = { permission: 'articles.write.own' };
const articleParams = pageIdParams('ARTICLE_NOT_FOUND', 'Article');

const NOTICES = {
  created: 'Draft saved.',
  saved: 'Changes saved.',
  published: 'Published: the article is on the site.',
  scheduled: 'Scheduled.',
  unpublished: 'Unpublished: the article is a draft again and no longer on the site.',
  submitted: 'Submitted for review: an editor will take it from here.',
  image: 'Image added at the end of the text.',
  lead: 'Lead image set: add its caption and credit above and save.',
} as const;
export type EditorNotice = keyof typeof NOTICES;
/** "New page" opens the editor with ?kind=page. */
const newQuery = z.object({ kind: z.enum(['article', 'page']).optional().catch(undefined) });
const editorQuery = z.object({ notice: z.enum(Object.keys(NOTICES) as [EditorNotice, ...EditorNotice[]]).optional().catch(undefined) });

const noticeText = (n: EditorNotice | undefined, a: Article, zone: string) =>
  n === 'scheduled' && a.publishedAt ? `Scheduled for ${exactTime(a.publishedAt, zone)}.` : n && NOTICES[n];

/** After a form: back to the article's editor, with a notice of what happened. */
export const backToEditor = (reply: FastifyReply, id: number, notice: EditorNotice) => reply.redirect(`${ARTICLES_URL}/${id}?notice=${notice}`, 303);

const PUBLISHING: readonly EditorIntent[] = ['publish', 'schedule', 'unpublish'];

/** Checked before anything is written: a refused action changes nothing. */
function checkIntent(intent: EditorIntent, caller: Caller) {
  if (PUBLISHING.includes(intent) && !mayPublish(caller)) throw new AppError(403, 'FORBIDDEN', 'Your role may write drafts but not publish or schedule them');
}

/** A refusal the editor shows beside its form; anything else (no right, no such action) is an error page. */
function shownInForm(err: AppError): boolean {
  return (err.status === 400 || err.status === 409 || err.status === 422) && err.code !== 'INVALID_INTENT';
}

export function registerArticleEditorPages(deps: ArticlePagesDeps, editor: EditorScreen) {
  const { pages, articles, clock } = deps;
  const zone = () => deps.timeZone?.() ?? 'UTC';

  pages.add({
    method: 'GET', url: `${ARTICLES_URL}/new`, access, query: newQuery,
    handler: async ({ reply, caller, query }) => editor.show(reply, caller, undefined, query.kind === 'page' ? { values: newValues(caller.name, caller.user?.id, 'page') } : {}),
  });

  pages.add({
    method: 'GET', url: `${ARTICLES_URL}/:id`, access, params: articleParams, query: editorQuery,
    handler: async ({ reply, caller, params, query }) => {
      const article = await editor.openable(params.id, caller);
      return editor.show(reply, caller, article, { notice: noticeText(query.notice, article, zone()) });
    },
  });

  pages.add({
    method: 'POST', url: ARTICLES_URL, access, form: editorForm, bodyLimit: FORM_BODY_LIMIT,
    handler: async ({ reply, caller, form: { intent: rawIntent, ...values } }) => {
      const intent = intentOf(rawIntent, ['save', 'publish', 'schedule', 'submit']);
      checkIntent(intent, caller);
      const typed = parseLocal(values.publishedAt, zone());
      const publishing = intent === 'publish' || intent === 'schedule';
      const input = parseInput(values, publishing ? 'published' : 'draft', publishing ? publishDate(intent, typed, clock(), zone()) : typed);
      let a = await articles.create(input, caller);
      if (intent === 'submit') a = await articles.submitForReview(a.id, caller);
      return backToEditor(reply, a.id, intent === 'save' ? 'created' : intent === 'publish' ? 'published' : intent === 'schedule' ? 'scheduled' : 'submitted');
    },
    invalid: async ({ reply, caller, typed }, err) => {
      if (!shownInForm(err)) throw err;
      return editor.show(reply, caller, undefined, { values: typedValues(typed), error: err, status: err.status });
    },
  });

  pages.add({
    method: 'POST', url: `${ARTICLES_URL}/:id`, access, params: articleParams, form: editorForm, bodyLimit: FORM_BODY_LIMIT,
    handler: async ({ reply, caller, params, form: { intent: rawIntent, ...values } }) => {
      const article = await editor.openable(params.id, caller);
      const intent = intentOf(rawIntent, ['save', 'publish', 'schedule', 'unpublish', 'submit']);
      checkIntent(intent, caller);
      if (!mayChangeArticle(caller, article)) throw new AppError(403, 'FORBIDDEN', 'Authors may only change their own drafts');
      const typed = parseLocal(values.publishedAt, zone());
      const patch = parsePatch(values);
      const publishAt = intent === 'publish' || intent === 'schedule' ? publishDate(intent, typed, clock(), zone()) : undefined;
      // A plain save changes the date only when it was changed in the form (the field has minutes only).
      const dateChanged = typed !== undefined && values.publishedAt !== localIn(article.publishedAt, zone());
      const updated = await articles.update(article.id, { ...patch, ...(publishAt === undefined && dateChanged && { publishedAt: typed }) }, caller,
        { ifUpdatedAt: values.updatedAt || undefined });
      switch (intent) {
        case 'publish': await articles.publish(updated.id, publishAt, caller); return backToEditor(reply, updated.id, 'published');
        case 'schedule': await articles.publish(updated.id, publishAt, caller); return backToEditor(reply, updated.id, 'scheduled');
        case 'unpublish': await articles.unpublish(updated.id, caller); return backToEditor(reply, updated.id, 'unpublished');
        case 'submit': await articles.submitForReview(updated.id, caller); return backToEditor(reply, updated.id, 'submitted');
        case 'save': return backToEditor(reply, updated.id, 'saved');
      }
    },
    invalid: async ({ reply, caller, params, typed }, err) => {
      if (!shownInForm(err)) throw err;
      const article = await editor.openable(params.id, caller);
      const values = typedValues(typed);
      // After a conflict the form carries the newest version's stamp, so saving again is a deliberate overwrite.
      const updatedAt = err.code === 'EDIT_CONFLICT' ? article.updatedAt : values.updatedAt;
      return editor.show(reply, caller, article, { values: { ...values, updatedAt }, error: err, status: err.status });
    },
  });
}
