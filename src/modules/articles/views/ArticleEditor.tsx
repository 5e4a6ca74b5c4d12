// The article editor: a plain HTML form (POST, then 303 back here) that the admin script
// (client/admin-editor.ts) enhances with a live preview and drag-and-drop images, and the no-JavaScript
// image upload below it.
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField } from '../../../ui/admin/form-parts.js';
import type { Article } from '../articles.repo.js';
import { adminStatusOf } from '../articles.service.js';
import { MAX_IMAGE_BYTES } from '../images.service.js';
import { ARTICLES_URL, ArticleTime, StatusBadge } from './article-admin-parts.js';
import { LeadImageFields } from './LeadImageFields.js';

/** The byline's selects: author1 … author10, in byline order. */
export const AUTHOR_SELECTS_MAX = 10;

/** What the editor's fields hold, exactly as typed (strings, shown again on an error). */
export interface EditorValues {
  title: string;
  slug: string;
  summary: string;
  tags: string;
  /** The byline's own text; empty: the chosen authors' names. */
  authorName: string;
  /** The byline's accounts in order (ids as the selects send them). */
  authorIds: string[];
  bodyMarkdown: string;
  /** '' follows the site's default. */
  commentsOpen: '' | 'open' | 'closed';
  /** datetime-local, in the site's time zone: 2026-03-14T09:30 */
  publishedAt: string;
  /** The article's updated_at when the form was opened: a save over someone else's newer save is refused once. */
  updatedAt: string;
  /** 'page': a static page (no tags, comments, byline or dates shown to readers); fixed when it is created. */
  kind: 'article' | 'page';
  /** The lead image: an uploaded image's number ('' for none), its caption and credit. */
  leadImageId: string;
  leadCaption: string;
  leadCredit: string;
}

export type FieldErrors = Partial<Record<keyof EditorValues, string>>;

/** The editor's buttons: each sends its intent. */
export type EditorIntent = 'save' | 'publish' | 'schedule' | 'unpublish' | 'submit';

export interface ArticleEditorProps {
  frame: AdminFrame;
  article: Article | undefined;
  values: EditorValues;
  now: Date;
  previewHtml: string;
  canPublish: boolean;
  /** False when an author opens their article after it was published: they may read it, not change it. */
  canChange: boolean;
  canUpload: boolean;
  siteCommentsOpen: boolean;
  /** The accounts the byline may name. */
  writers: { id: number; name: string }[];
  /** The site's time zone: the publish date field is in it. */
  timeZone: string;
  notice?: string;
  error?: string;
  errors?: FieldErrors;
  imageError?: string;
}

/** The byline's authors in order: one select per place, one more than chosen (at least three). */
function AuthorSelects({ writers, chosen, error }: { writers: { id: number; name: string }[]; chosen: string[]; error: string | undefined }) {
  const places = Math.min(AUTHOR_SELECTS_MAX, Math.max(3, chosen.length + 1));
  return (
    <fieldset class="author-selects" {...(error ? { 'aria-describedby': 'authorIds-error' } : {})}>
      <legend>Authors, in byline order</legend>
      {Array.from({ length: places }, (_, i) => (
        <label>
          Author {i + 1}
          <select name={`author${i + 1}`} {...(error ? { 'aria-invalid': 'true' as const } : {})}>
            <option value="">(none)</option>
            {writers.map((w) => <option value={String(w.id)} selected={chosen[i] === String(w.id)}>{w.name}</option>)}
          </select>
        </label>
      ))}
      <FieldMessage id="authorIds-error" message={error} />
    </fieldset>
  );
}

/** A field's message, named by the field's aria-describedby. */
function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  return message ? <span class="field-error" id={id}>{message}</span> : null;
}

export function ArticleEditor(p: ArticleEditorProps) {
  const { article, values: v, errors = {} } = p;
  const status = article ? adminStatusOf(article, p.now) : 'draft';
  const action = article ? `${ARTICLES_URL}/${article.id}` : ARTICLES_URL;
  const invalid = (k: keyof EditorValues) => (errors[k] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${k}-error` } : {});
  const text = (k: 'title' | 'slug' | 'summary' | 'tags' | 'authorName', label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <label>
      {label}
      {hint && <span class="field-hint">{hint}</span>}
      <input name={k} value={v[k]} {...extra} {...invalid(k)} />
      <FieldMessage id={`${k}-error`} message={errors[k]} />
    </label>
  );
  const isDraft = status === 'draft' || status === 'review';
  const button = (intent: EditorIntent, label: string, primary = false) => (
    <button type="submit" name="intent" value={intent} class={primary ? 'button primary' : 'button'}>{label}</button>
  );
  const isPage = v.kind === 'page';
  const title = `${article ? 'Edit' : 'New'} ${isPage ? 'page' : 'article'}`;
  return (
    <AdminLayout frame={p.frame} title={title} current={ARTICLES_URL} notice={p.notice} error={p.error}>
      <p>
        <a href={ARTICLES_URL}>← All articles</a>
        {article && <> · Status: <StatusBadge status={status} /></>}
        {article && status === 'scheduled' && <> for <ArticleTime iso={article.publishedAt} /></>}
        {article && status === 'review' && <> since <ArticleTime iso={article.reviewRequestedAt} /></>}
        {article && status === 'published' && <> · <a href={`/${isPage ? 'pages' : 'articles'}/${encodeURIComponent(article.slug)}`}>View on the site</a></>}
        {article && p.canChange && <> · <a href={`${ARTICLES_URL}/${article.id}/revisions`}>Revisions</a></>}
      </p>
      {!p.canChange && <p class="notice" role="note">This article has been published; only an editor can change it now.</p>}
      <form method="post" action={action} class="admin-form article-editor" data-editor>
        <CsrfField csrf={p.frame.csrf} />
        <input type="hidden" name="updatedAt" value={v.updatedAt} />
        <input type="hidden" name="kind" value={v.kind} />
        <fieldset disabled={!p.canChange}>
          {text('title', 'Title', { required: true, maxLength: 200 })}
          {text('slug', isPage ? 'Slug (the address: /pages/slug, and /slug)' : 'Slug (the address: /articles/slug)', { maxLength: 120, pattern: '[a-z0-9]+(-[a-z0-9]+)*', autocapitalize: 'none', spellcheck: false }, article ? undefined : 'Leave empty to make one from the title.')}
          <label>
            Summary
            <textarea name="summary" rows={2} maxLength={500} value={`\n${v.summary}`} {...invalid('summary')} />
            <FieldMessage id="summary-error" message={errors.summary} />
          </label>
          {!isPage && text('tags', 'Tags', { autocapitalize: 'none' }, 'Separated by commas, e.g. politics, local')}
          <AuthorSelects writers={p.writers} chosen={v.authorIds} error={errors.authorIds} />
          {text('authorName', 'Byline text (optional)', { maxLength: 80 }, 'For a guest writer, or wording of your own. Leave empty to show the chosen authors’ names.')}
          <div class="editor-split">
            <div>
              <label for="bodyMarkdown">Text (Markdown)</label>
              <div class="editor-tools" data-editor-tools />
              {/* The HTML parser drops one newline right after <textarea>: give it one to drop. */}
              <textarea id="bodyMarkdown" name="bodyMarkdown" rows={20} required data-editor-body value={`\n${v.bodyMarkdown}`} {...invalid('bodyMarkdown')} />
              <FieldMessage id="bodyMarkdown-error" message={errors.bodyMarkdown} />
              <p class="field-hint">An image alone in its paragraph is shown with a caption and a credit from its title: <code>![Description](/media/images/12 "Caption | Credit")</code>; without a title, those stored with the image.</p>
              <p class="field-hint" aria-live="polite" data-editor-status />
            </div>
            <section aria-labelledby="preview-title">
              <h2 id="preview-title" class="field-hint">Preview</h2>
              <div class="editor-preview article-body" data-preview dangerouslySetInnerHTML={{ __html: p.previewHtml }} />
            </section>
          </div>
          <LeadImageFields values={v} errors={errors} lead={article?.lead} />
          {!isPage && <label>
            Comments
            <select name="commentsOpen" {...invalid('commentsOpen')}>
              <option value="" selected={v.commentsOpen === ''}>Site default (currently {p.siteCommentsOpen ? 'open' : 'closed'})</option>
              <option value="open" selected={v.commentsOpen === 'open'}>Open</option>
              <option value="closed" selected={v.commentsOpen === 'closed'}>Closed</option>
            </select>
          </label>}
          {p.canPublish && (
            <label>
              Publish date and time, in {p.timeZone}
              <span class="field-hint">Interpreted in the site's time zone ({p.timeZone}, set in the site settings), not your device's. To schedule, pick a future time and press Schedule; Publish now uses the present time unless a past date is given.</span>
              <input type="datetime-local" name="publishedAt" value={v.publishedAt} {...invalid('publishedAt')} />
              <FieldMessage id="publishedAt-error" message={errors.publishedAt} />
            </label>
          )}
          {p.canChange && (
            <div class="form-actions">
              {button('save', isDraft ? 'Save draft' : 'Save changes', !p.canPublish || !isDraft)}
              {p.canPublish && status !== 'published' && button('publish', 'Publish now', isDraft)}
              {p.canPublish && status !== 'published' && button('schedule', 'Schedule')}
              {p.canPublish && article && !isDraft && button('unpublish', 'Unpublish')}
              {!p.canPublish && status === 'draft' && button('submit', 'Submit for review')}
            </div>
          )}
        </fieldset>
      </form>
      {article && p.canChange && p.canUpload && (
        <section class="image-upload" aria-labelledby="image-title">
          <h2 id="image-title">Add an image</h2>
          {p.imageError && <p class="form-error" role="alert">{p.imageError}</p>}
          <form method="post" enctype="multipart/form-data" class="admin-form" data-image-form
            action={`${ARTICLES_URL}/${article.id}/images${p.frame.csrf ? `?_csrf=${encodeURIComponent(p.frame.csrf)}` : ''}`}>
            <label>
              Image (JPEG, PNG, WebP, GIF or AVIF, at most {Math.round(MAX_IMAGE_BYTES / 1024 / 1024)} MB)
              <input type="file" name="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required />
            </label>
            <label>
              Description for readers who cannot see it (alt text)
              <input name="alt" maxLength={300} />
            </label>
            <label>
              Image caption (shown under it wherever the text has it without a title of its own)
              <input name="caption" maxLength={300} />
            </label>
            <label>
              Image credit
              <input name="credit" maxLength={120} />
            </label>
            <label class="checkbox">
              <input type="checkbox" name="asLead" value="1" />
              Use as the lead image (shown above the article and on listings) instead of adding it to the text
            </label>
            <div class="form-actions">
              <button type="submit" class="button">Upload image</button>
              <span class="field-hint" data-image-hint>Without JavaScript the image goes at the end of the saved text: save your changes first.</span>
            </div>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}
