// POST /admin/articles/:id/images: an image without JavaScript. Multipart (file, alt), with the CSRF token in
// the query string (the CSRF check runs before multipart fields are read). The image's Markdown goes at the
// end of the saved text (or, with asLead, the image becomes the article's lead image); a refused upload shows the editor again with the reason above the upload form.
import { AppError } from '../../../platform/http/errors.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import { readUpload } from '../../../platform/http/upload.js';
import { MAX_IMAGE_BYTES } from '../images.service.js';
import { mayChangeArticle } from '../rules.js';
import { ARTICLES_URL } from '../views/article-admin-parts.js';
import type { ArticlePagesDeps } from './article-pages.js';
import { backToEditor } from './editor.pages.js';
import type { EditorScreen } from './editor-screen.js';

const ALT_MAX = 300;

export function registerArticleImageUpload(deps: ArticlePagesDeps, editor: EditorScreen) {
  const { pages, articles, images } = deps;

  pages.add({
    method: 'POST', url: `${ARTICLES_URL}/:id/images`, access: { permission: 'images.upload' }, params: pageIdParams('ARTICLE_NOT_FOUND', 'Article'),
    handler: async ({ req, reply, caller, params }) => {
      const article = await editor.openable(params.id, caller);
      if (!mayChangeArticle(caller, article)) throw new AppError(403, 'FORBIDDEN', 'Authors may only change their own drafts');
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Expected multipart/form-data with a file field');
      const upload = await readUpload(req, { file: 'file', fields: ['alt', 'caption', 'credit', 'asLead'], maxBytes: MAX_IMAGE_BYTES });
      const file = upload.file?.data.length ? upload.file : undefined;
      const alt = (upload.fields.alt ?? '').trim();
      if (!file) throw new AppError(400, 'REQUIRED', 'Choose an image file to upload', 'file');
      if (alt.length > ALT_MAX) throw new AppError(400, 'TOO_LONG', `The description may have at most ${ALT_MAX} characters`, 'alt');
      const caption = (upload.fields.caption ?? '').trim().slice(0, 300);
      const credit = (upload.fields.credit ?? '').trim().slice(0, 120);
      const image = await images.store({ data: file.data, originalName: file.name, alt, caption, credit });
      if (upload.fields.asLead) {
        await articles.update(article.id, { leadImageId: image.id }, caller);
        return backToEditor(reply, article.id, 'lead');
      }
      const body = article.bodyMarkdown.trimEnd();
      await articles.update(article.id, { bodyMarkdown: `${body}${body ? '\n\n' : ''}${image.markdown}\n` }, caller);
      return backToEditor(reply, article.id, 'image');
    },
    // The article is read again: one that is gone or out of reach is an error page, as before the upload.
    invalid: async ({ reply, caller, params }, err) => {
      if (err.status === 401 || err.status === 403) throw err;
      const article = await editor.openable(params.id, caller);
      return editor.show(reply, caller, article, { imageError: `The image was not added: ${err.message}`, status: err.status });
    },
  });
}
