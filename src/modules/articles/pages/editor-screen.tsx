// The editor as its pages show it: the article the caller may open, and the editor page for it (new or
// saved, with a notice, or again with the errors and what was typed).
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../platform/http/errors.js';
import { renderDoc, sendHtml } from '../../../ui/admin/render.js';
import { can, type Caller } from '../../accounts/index.js';
import type { Article } from '../articles.repo.js';
import { mayChangeArticle, mayOpenArticle, mayPublish } from '../rules.js';
import { ArticleEditor, type EditorValues } from '../views/ArticleEditor.js';
import { fieldErrorsOf, newValues, valuesOf } from './editor-form.js';
import type { ArticlePagesDeps } from './article-pages.js';

export interface EditorShown {
  /** What the fields hold: typed values (the preview renders them), else the article's or a new one's. */
  values?: EditorValues;
  notice?: string;
  error?: AppError;
  imageError?: string;
  status?: number;
}

export function createEditorScreen(deps: Pick<ArticlePagesDeps, 'frameOf' | 'articles' | 'clock' | 'siteCommentsOpen' | 'writers' | 'timeZone'>) {
  const { frameOf, articles, clock } = deps;
  return {
    /** The article by id, if the caller may open it: authors their own, editors every one. */
    async openable(id: number, caller: Caller): Promise<Article> {
      const a = await articles.getById(id);
      if (!mayOpenArticle(caller, a)) throw new AppError(403, 'FORBIDDEN', 'You may only open the articles you wrote');
      return a;
    },

    async show(reply: FastifyReply, caller: Caller, opened: Article | undefined, opts: EditorShown = {}) {
      // The current lead image, shown small beside its fields.
      const article = opened && { ...opened, lead: (await articles.leadsOf([opened])).get(opened.id) };
      const timeZone = deps.timeZone?.() ?? 'UTC';
      const values = opts.values ?? (article ? valuesOf(article, timeZone) : newValues(caller.name, caller.user?.id));
      // The accounts the byline may name: those that write, and whoever the article names already.
      const writers = [...await deps.writers()];
      for (const p of article?.authors ?? []) if (!writers.some((w) => w.id === p.userId)) writers.push({ id: p.userId, name: p.name });
      const previewHtml = opts.values ? await articles.preview(values.bodyMarkdown) : article?.bodyHtml ?? '';
      const err = opts.error;
      return sendHtml(reply, renderDoc(
        <ArticleEditor
          frame={frameOf(caller)} article={article} values={values} now={clock()} previewHtml={previewHtml}
          canPublish={mayPublish(caller)} canChange={!article || mayChangeArticle(caller, article)}
          canUpload={can(caller, 'images.upload')} siteCommentsOpen={deps.siteCommentsOpen()} writers={writers} timeZone={timeZone}
          notice={opts.notice} error={err?.message} errors={fieldErrorsOf(err)} imageError={opts.imageError}
        />,
      ), opts.status);
    },
  };
}

export type EditorScreen = ReturnType<typeof createEditorScreen>;
