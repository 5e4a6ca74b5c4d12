// The newsroom's article pages: the list, the editor and the no-JavaScript image upload. Plain HTML forms
// (POST, then 303 back to the editor); on bad input the editor is rendered again with the messages and what
// was typed. The admin script (client/admin-editor.ts) adds the live preview and drag-and-drop images.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, toAppError } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import { readUpload } from '../../platform/http/upload.js';
import type { Clock } from '../../platform/clock.js';
import { AdminLayout, type AdminFrame } from '../../ui/admin/AdminLayout.js';
import { CsrfField } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import { exactTime } from '../../ui/format.js';
import type { AdminShell } from '../admin/admin.shell.js';
import type { Caller as Principal } from '../accounts/caller.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AdminStatus, Article } from './articles.repo.js';
import { adminStatusOf, type ArticlesService } from './articles.service.js';
import { mayChangeArticle, mayEditAnyArticle, mayOpenArticle, mayPublish } from './rules.js';
import { articleInput, articlePatch } from './articles.schemas.js';
import { MAX_IMAGE_BYTES, type ImagesService } from './images.service.js';

export interface ArticleAdminDeps {
  shell: AdminShell;
  articles: ArticlesService;
  images: ImagesService;
  settings: SettingsService;
  clock: Clock;
}

const LIST_URL = '/admin/articles';
/** Article forms may carry up to 100,000 characters of Markdown, percent-encoded (the app's default is 64 KB). */
const FORM_BODY_LIMIT = 1024 * 1024;
const LIST_LIMIT = 200;

const STATUS_LABELS: Record<AdminStatus, string> = { draft: 'Draft', review: 'In review', scheduled: 'Scheduled', published: 'Published' };
const STATUSES = Object.keys(STATUS_LABELS) as AdminStatus[];

type Intent = 'save' | 'publish' | 'schedule' | 'unpublish' | 'submit';
const PUBLISHING: readonly Intent[] = ['publish', 'schedule', 'unpublish'];

const NOTICES = {
  created: 'Draft saved.',
  saved: 'Changes saved.',
  published: 'Published: the article is on the site.',
  scheduled: 'Scheduled.',
  unpublished: 'Unpublished: the article is a draft again and no longer on the site.',
  submitted: 'Submitted for review: an editor will take it from here.',
  image: 'Image added at the end of the text.',
} as const;
type Notice = keyof typeof NOTICES;

const str = z.string().optional().catch(undefined);
const listQuery = z.object({
  status: z.enum(STATUSES as [AdminStatus, ...AdminStatus[]]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});
const editorQuery = z.object({ notice: z.enum(Object.keys(NOTICES) as [Notice, ...Notice[]]).optional().catch(undefined) });
const formFields = z.object({
  title: str, slug: str, summary: str, tags: str, authorName: str, bodyMarkdown: str,
  commentsOpen: str, publishedAt: str, intent: str, updatedAt: str,
});

/** What the editor's fields hold, exactly as typed (strings, shown again on an error). */
export interface EditorValues {
  title: string;
  slug: string;
  summary: string;
  tags: string;
  authorName: string;
  bodyMarkdown: string;
  /** '' follows the site's default. */
  commentsOpen: '' | 'open' | 'closed';
  /** datetime-local, UTC: 2026-03-14T09:30 */
  publishedAt: string;
  /** The article's updated_at when the form was opened: a save over someone else's newer save is refused once. */
  updatedAt: string;
}

type FieldErrors = Partial<Record<keyof EditorValues, string>>;

// ---------------------------------------------------------------------------------------------------------
// Form values ↔ article fields

const localUtc = (iso: string | null) => (iso ? iso.slice(0, 16) : '');

function valuesOf(a: Article): EditorValues {
  return {
    title: a.title, slug: a.slug, summary: a.summary, tags: a.tags.join(', '), authorName: a.authorName,
    bodyMarkdown: a.bodyMarkdown, commentsOpen: a.commentsOpen === null ? '' : a.commentsOpen ? 'open' : 'closed',
    publishedAt: localUtc(a.publishedAt), updatedAt: a.updatedAt,
  };
}

function typedValues(body: unknown): EditorValues & { intent: string | undefined } {
  const f = formFields.parse(typeof body === 'object' && body !== null ? body : {});
  const open = f.commentsOpen === 'open' || f.commentsOpen === 'closed' ? f.commentsOpen : '';
  return {
    title: f.title ?? '', slug: f.slug ?? '', summary: f.summary ?? '', tags: f.tags ?? '', authorName: f.authorName ?? '',
    // Browsers send textarea line breaks as CRLF.
    bodyMarkdown: (f.bodyMarkdown ?? '').replace(/\r\n?/g, '\n'),
    commentsOpen: open, publishedAt: (f.publishedAt ?? '').trim(), updatedAt: f.updatedAt ?? '', intent: f.intent,
  };
}

/** A datetime-local value read as UTC; undefined when empty, an error when unreadable. */
function parseUtc(value: string): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/.exec(value);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new FormInvalid({ publishedAt: 'Use a date and time such as 2026-03-14T09:30 (UTC)' });
  return d.toISOString();
}

/** Several field errors at once (zod reports them all; the form shows each beside its field). */
class FormInvalid extends AppError {
  constructor(readonly fields: FieldErrors) {
    super(400, 'VALIDATION_FAILED', Object.keys(fields).length === 1 ? Object.values(fields)[0]! : 'Please correct the marked fields.', Object.keys(fields)[0]);
  }
}

const FIELD_NAMES: Record<string, string> = { title: 'Title', slug: 'Slug', summary: 'Summary', authorName: 'Author name', bodyMarkdown: 'Text', tags: 'Tags' };

function fieldMessage(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? '');
  if (field === 'tags') {
    if (issue.path.length === 1 && issue.code === 'too_big') return `At most ${String(issue.maximum)} tags`;
    if (issue.code === 'too_big') return `Each tag may have at most ${String(issue.maximum)} characters`;
  }
  if (field === 'slug' && issue.code === 'invalid_format') return 'Use lowercase letters, digits and single hyphens (e.g. council-votes)';
  if (issue.code === 'too_small' && issue.minimum === 1) return `${FIELD_NAMES[field] ?? 'This field'} is required`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `At most ${String(issue.maximum)} characters`;
  return issue.message;
}

function zodFields(error: z.ZodError): FormInvalid {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'title') as keyof EditorValues;
    fields[key] ??= fieldMessage(issue);
  }
  return new FormInvalid(fields);
}

const splitTags = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean);
const commentsOpenOf = (v: EditorValues['commentsOpen']) => (v === '' ? null : v === 'open');

function parsePatch(v: EditorValues) {
  const r = articlePatch.safeParse({
    title: v.title, ...(v.slug.trim() && { slug: v.slug }), summary: v.summary, bodyMarkdown: v.bodyMarkdown,
    authorName: v.authorName, tags: splitTags(v.tags), commentsOpen: commentsOpenOf(v.commentsOpen),
  });
  if (!r.success) throw zodFields(r.error);
  return r.data;
}

function parseInput(v: EditorValues, status: 'draft' | 'published', publishedAt: string | undefined) {
  const r = articleInput.safeParse({
    title: v.title, ...(v.slug.trim() && { slug: v.slug }), summary: v.summary, bodyMarkdown: v.bodyMarkdown,
    authorName: v.authorName, tags: splitTags(v.tags), commentsOpen: commentsOpenOf(v.commentsOpen), status,
    ...(publishedAt && { publishedAt }),
  });
  if (!r.success) throw zodFields(r.error);
  return r.data;
}

// ---------------------------------------------------------------------------------------------------------
// Views

// These pages' own styles. The editor: text and preview side by side on wide screens, one below the other on phones.
const ARTICLES_CSS = `
.filters select { font: inherit; padding: .45rem .55rem; border: 1px solid #c4c4cc; border-radius: .3rem; background: #fff; }
.article-status { font-size: 13px; font-weight: 600; white-space: nowrap; border-radius: .25rem; padding: .05rem .4rem; background: var(--soft); border: 1px solid var(--line); }
.article-status.status-review { background: #fff8e1; border-color: #ffe082; }
.article-status.status-scheduled { background: #e3f2fd; border-color: #90caf9; }
.article-status.status-published { background: #e8f5e9; border-color: #a5d6a7; }
.article-editor { max-width: none; }
.article-editor fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .75rem; min-width: 0; }
.editor-split { display: grid; gap: 1rem; }
.editor-split textarea { min-height: 24rem; font-family: ui-monospace, monospace; font-size: 15px; }
.editor-split textarea.drop-target { outline: 3px dashed var(--accent); }
.editor-preview { border: 1px solid var(--line); border-radius: .3rem; padding: 0 .9rem; min-height: 10rem; overflow-wrap: anywhere; }
.editor-preview img { max-width: 100%; height: auto; }
.editor-tools { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; min-height: 0; }
.field-error { color: var(--accent); font-weight: 600; font-size: 14px; }
.field-hint { color: var(--muted); font-weight: 400; font-size: 13px; }
.article-editor .form-actions, .image-upload .form-actions { flex-wrap: wrap; }
.image-upload { margin-top: 2rem; max-width: 48rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (min-width: 60rem) { .editor-split { grid-template-columns: 1fr 1fr; } }
`;

const shortTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' }) + ' UTC';

function Time({ iso }: { iso: string | null }) {
  return iso ? <time dateTime={iso} title={exactTime(iso)}>{shortTime(iso)}</time> : <>—</>;
}

function StatusBadge({ status }: { status: AdminStatus }) {
  return <span class={`article-status status-${status}`}>{STATUS_LABELS[status]}</span>;
}

function ListPage(props: { frame: AdminFrame; articles: Article[]; now: Date; status?: AdminStatus; q?: string; ownOnly: boolean }) {
  const { frame, articles, now, status, q, ownOnly } = props;
  const filtered = status !== undefined || Boolean(q);
  return (
    <AdminLayout frame={frame} title="Articles" current={LIST_URL}>
      <style>{ARTICLES_CSS}</style>
      <p><a class="button primary" href={`${LIST_URL}/new`}>New article</a></p>
      <form method="get" action={LIST_URL} class="filters" role="search">
        <label class="field">
          <span>Status</span>
          <select name="status">
            <option value="" selected={!status}>All</option>
            {STATUSES.map((s) => <option key={s} value={s} selected={s === status}>{STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <label class="field">
          <span>Title contains</span>
          <input type="search" name="q" value={q ?? ''} maxLength={200} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button">Filter</button>
          {filtered && <a href={LIST_URL}>Show all</a>}
        </div>
      </form>
      {ownOnly && <p class="notice">You see the articles you wrote.</p>}
      {articles.length === 0 ? (
        <p>{filtered ? 'No articles match.' : 'No articles yet.'}</p>
      ) : (
        <table class="admin-table articles-table">
          <caption class="visually-hidden">Articles, newest first</caption>
          <thead>
            <tr><th scope="col">Title</th><th scope="col" class="wide">Author</th><th scope="col">Status</th><th scope="col">Published</th><th scope="col" class="wide">Updated</th></tr>
          </thead>
          <tbody>
            {articles.map((a) => (
              <tr key={a.id} data-article-id={a.id}>
                <td><a href={`${LIST_URL}/${a.id}`}>{a.title}</a></td>
                <td class="wide">{a.authorName}</td>
                <td><StatusBadge status={adminStatusOf(a, now)} /></td>
                <td><Time iso={a.status === 'published' ? a.publishedAt : null} /></td>
                <td class="wide"><Time iso={a.updatedAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {articles.length >= LIST_LIMIT && <p class="notice">Showing the newest {LIST_LIMIT}; search by title to find older ones.</p>}
    </AdminLayout>
  );
}

interface EditorProps {
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
  notice?: string;
  error?: string;
  errors?: FieldErrors;
  imageError?: string;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? <span class="field-error" id={id}>{message}</span> : null;
}

function EditorPage(p: EditorProps) {
  const { article, values: v, errors = {} } = p;
  const status = article ? adminStatusOf(article, p.now) : 'draft';
  const action = article ? `${LIST_URL}/${article.id}` : LIST_URL;
  const invalid = (k: keyof EditorValues) => (errors[k] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${k}-error` } : {});
  const text = (k: 'title' | 'slug' | 'summary' | 'tags' | 'authorName', label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <label>
      {label}
      {hint && <span class="field-hint">{hint}</span>}
      <input name={k} value={v[k]} {...extra} {...invalid(k)} />
      <FieldError id={`${k}-error`} message={errors[k]} />
    </label>
  );
  const isDraft = status === 'draft' || status === 'review';
  const button = (intent: Intent, label: string, primary = false) => (
    <button type="submit" name="intent" value={intent} class={primary ? 'button primary' : 'button'}>{label}</button>
  );
  const title = article ? 'Edit article' : 'New article';
  return (
    <AdminLayout frame={p.frame} title={title} current={LIST_URL} notice={p.notice} error={p.error}>
      <style>{ARTICLES_CSS}</style>
      <p>
        <a href={LIST_URL}>← All articles</a>
        {article && <> · Status: <StatusBadge status={status} /></>}
        {article && status === 'scheduled' && <> for <Time iso={article.publishedAt} /></>}
        {article && status === 'review' && <> since <Time iso={article.reviewRequestedAt} /></>}
        {article && status === 'published' && <> · <a href={`/articles/${encodeURIComponent(article.slug)}`}>View on the site</a></>}
      </p>
      {!p.canChange && <p class="notice" role="note">This article has been published; only an editor can change it now.</p>}
      <form method="post" action={action} class="admin-form article-editor" data-editor>
        <CsrfField csrf={p.frame.csrf} />
        <input type="hidden" name="updatedAt" value={v.updatedAt} />
        <fieldset disabled={!p.canChange}>
          {text('title', 'Title', { required: true, maxLength: 200 })}
          {text('slug', 'Slug (the address: /articles/slug)', { maxLength: 120, pattern: '[a-z0-9]+(-[a-z0-9]+)*', autocapitalize: 'none', spellcheck: false }, article ? undefined : 'Leave empty to make one from the title.')}
          <label>
            Summary
            <textarea name="summary" rows={2} maxLength={500} value={`\n${v.summary}`} {...invalid('summary')} />
            <FieldError id="summary-error" message={errors.summary} />
          </label>
          {text('tags', 'Tags', { autocapitalize: 'none' }, 'Separated by commas, e.g. politics, local')}
          {text('authorName', 'Author name (the byline)', { required: true, maxLength: 80 })}
          <div class="editor-split">
            <div>
              <label for="bodyMarkdown">Text (Markdown)</label>
              <div class="editor-tools" data-editor-tools />
              {/* The HTML parser drops one newline right after <textarea>: give it one to drop. */}
              <textarea id="bodyMarkdown" name="bodyMarkdown" rows={20} required data-editor-body value={`\n${v.bodyMarkdown}`} {...invalid('bodyMarkdown')} />
              <FieldError id="bodyMarkdown-error" message={errors.bodyMarkdown} />
              <p class="field-hint" aria-live="polite" data-editor-status />
            </div>
            <section aria-labelledby="preview-title">
              <h2 id="preview-title" class="field-hint">Preview</h2>
              <div class="editor-preview article-body" data-preview dangerouslySetInnerHTML={{ __html: p.previewHtml }} />
            </section>
          </div>
          <label>
            Comments
            <select name="commentsOpen" {...invalid('commentsOpen')}>
              <option value="" selected={v.commentsOpen === ''}>Site default (currently {p.siteCommentsOpen ? 'open' : 'closed'})</option>
              <option value="open" selected={v.commentsOpen === 'open'}>Open</option>
              <option value="closed" selected={v.commentsOpen === 'closed'}>Closed</option>
            </select>
          </label>
          {p.canPublish && (
            <label>
              Publish date and time, in UTC
              <span class="field-hint">Interpreted as UTC, not your local time. To schedule, pick a future time and press Schedule; Publish now uses the present time unless a past date is given.</span>
              <input type="datetime-local" name="publishedAt" value={v.publishedAt} {...invalid('publishedAt')} />
              <FieldError id="publishedAt-error" message={errors.publishedAt} />
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
            action={`${LIST_URL}/${article.id}/images${p.frame.csrf ? `?_csrf=${encodeURIComponent(p.frame.csrf)}` : ''}`}>
            <label>
              Image (JPEG, PNG, WebP, GIF or AVIF, at most {Math.round(MAX_IMAGE_BYTES / 1024 / 1024)} MB)
              <input type="file" name="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required />
            </label>
            <label>
              Description for readers who cannot see it (alt text)
              <input name="alt" maxLength={300} />
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

// ---------------------------------------------------------------------------------------------------------
// Routes

export function registerArticleAdmin(app: FastifyInstance, deps: ArticleAdminDeps) {
  const { shell, articles, images, settings, clock } = deps;

  const articleId = (req: FastifyRequest) => {
    const id = parseDbId((req.params as { id?: string }).id);
    if (id === undefined) throw new AppError(404, 'ARTICLE_NOT_FOUND', 'Article not found');
    return id;
  };
  /** Authors open only their own articles; editors every one. */
  async function openable(req: FastifyRequest, by: Principal): Promise<Article> {
    const a = await articles.getById(articleId(req));
    if (!mayOpenArticle(by, a)) throw new AppError(403, 'FORBIDDEN', 'You may only open the articles you wrote');
    return a;
  }
  const mayChange = (a: Article, by: Principal) => mayChangeArticle(by, a);
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  async function showEditor(
    reply: FastifyReply, ctx: { principal: Principal; frame: AdminFrame }, article: Article | undefined,
    opts: { values?: EditorValues; notice?: string; error?: AppError; imageError?: string; status?: number } = {},
  ) {
    const by = ctx.principal;
    const values = opts.values ?? (article ? valuesOf(article) : {
      title: '', slug: '', summary: '', tags: '', authorName: ctx.principal.name, bodyMarkdown: '', commentsOpen: '', publishedAt: '', updatedAt: '',
    } satisfies EditorValues);
    const previewHtml = opts.values ? await articles.preview(values.bodyMarkdown) : article?.bodyHtml ?? '';
    const err = opts.error;
    const errors: FieldErrors = err instanceof FormInvalid ? err.fields : err?.field ? { [err.field]: err.message } : {};
    return html(reply, renderDoc(
      <EditorPage
        frame={ctx.frame} article={article} values={values} now={clock()} previewHtml={previewHtml}
        canPublish={mayPublish(by)} canChange={!article || mayChange(article, by)}
        canUpload={ctx.principal.permissions.has('images.upload')} siteCommentsOpen={settings.get().commentsOpenByDefault}
        notice={opts.notice} error={err?.message} errors={errors} imageError={opts.imageError}
      />,
    ), opts.status);
  }

  const noticeText = (n: Notice | undefined, a: Article) =>
    n === 'scheduled' && a.publishedAt ? `Scheduled for ${exactTime(a.publishedAt)}.` : n && NOTICES[n];
  const backTo = (reply: FastifyReply, id: number, notice: Notice) => reply.redirect(`${LIST_URL}/${id}?notice=${notice}`, 303);

  function intentOf(raw: string | undefined, allowed: readonly Intent[]): Intent {
    const intent = (raw ?? 'save') as Intent;
    if (!allowed.includes(intent)) throw new AppError(400, 'INVALID_INTENT', 'Unknown action', 'intent');
    return intent;
  }
  /** The date a press of "Publish now" or "Schedule" puts on the article. */
  function publishDate(intent: Intent, typed: string | undefined, now: Date): string | undefined {
    if (intent === 'schedule') {
      if (!typed) throw new FormInvalid({ publishedAt: 'Pick the date and time to publish at (UTC)' });
      if (typed <= now.toISOString()) throw new FormInvalid({ publishedAt: 'To schedule, pick a time in the future (UTC)' });
      return typed;
    }
    // Publish now: the present, unless a date in the past was given (backdating, or republishing under the original date).
    return typed && typed <= now.toISOString() ? typed : now.toISOString();
  }

  app.get(LIST_URL, async (req, reply) => {
    const ctx = await shell.page(req, 'articles.write.own');
    const by = ctx.principal;
    const q = listQuery.parse(req.query ?? {});
    const ownOnly = !mayEditAnyArticle(by);
    const list = ownOnly && by.user === undefined ? [] : await articles.listForAdmin({
      status: q.status, q: q.q?.trim() || undefined, ownerId: ownOnly ? by.user?.id : undefined, limit: LIST_LIMIT,
    });
    return html(reply, renderDoc(<ListPage frame={ctx.frame} articles={list} now={clock()} status={q.status} q={q.q} ownOnly={ownOnly} />));
  });

  app.get(`${LIST_URL}/new`, async (req, reply) => {
    const ctx = await shell.page(req, 'articles.write.own');
    return showEditor(reply, ctx, undefined);
  });

  app.get(`${LIST_URL}/:id`, async (req, reply) => {
    const ctx = await shell.page(req, 'articles.write.own');
    const article = await openable(req, ctx.principal);
    const { notice } = editorQuery.parse(req.query ?? {});
    return showEditor(reply, ctx, article, { notice: noticeText(notice, article) });
  });

  app.post(LIST_URL, { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const ctx = await shell.page(req, 'articles.write.own');
    const by = ctx.principal;
    const { intent: rawIntent, ...values } = typedValues(req.body);
    const intent = intentOf(rawIntent, ['save', 'publish', 'schedule', 'submit']);
    if (PUBLISHING.includes(intent) && !mayPublish(by)) throw new AppError(403, 'FORBIDDEN', 'Your role may write drafts but not publish or schedule them');
    try {
      const now = clock();
      const typed = parseUtc(values.publishedAt);
      const publishing = intent === 'publish' || intent === 'schedule';
      const input = parseInput(values, publishing ? 'published' : 'draft', publishing ? publishDate(intent, typed, now) : typed);
      let a = await articles.create(input, by);
      if (intent === 'submit') a = await articles.submitForReview(a.id, by);
      return backTo(reply, a.id, intent === 'save' ? 'created' : intent === 'publish' ? 'published' : intent === 'schedule' ? 'scheduled' : 'submitted');
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      return showEditor(reply, ctx, undefined, { values, error: err, status: err.status });
    }
  });

  app.post(`${LIST_URL}/:id`, { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const ctx = await shell.page(req, 'articles.write.own');
    const by = ctx.principal;
    const article = await openable(req, by);
    const { intent: rawIntent, ...values } = typedValues(req.body);
    const intent = intentOf(rawIntent, ['save', 'publish', 'schedule', 'unpublish', 'submit']);
    // Checked before anything is written: a refused action changes nothing.
    if (PUBLISHING.includes(intent) && !mayPublish(by)) throw new AppError(403, 'FORBIDDEN', 'Your role may write drafts but not publish or schedule them');
    if (!mayChange(article, by)) throw new AppError(403, 'FORBIDDEN', 'Authors may only change their own drafts');
    try {
      const now = clock();
      const typed = parseUtc(values.publishedAt);
      const patch = parsePatch(values);
      const publishAt = intent === 'publish' || intent === 'schedule' ? publishDate(intent, typed, now) : undefined;
      // A plain save changes the date only when it was changed in the form (the field has minutes only).
      const dateChanged = typed !== undefined && values.publishedAt !== localUtc(article.publishedAt);
      const updated = await articles.update(article.id, { ...patch, ...(publishAt === undefined && dateChanged && { publishedAt: typed }) }, by,
        { ifUpdatedAt: values.updatedAt || undefined });
      switch (intent) {
        case 'publish': await articles.publish(updated.id, publishAt); return backTo(reply, updated.id, 'published');
        case 'schedule': await articles.publish(updated.id, publishAt); return backTo(reply, updated.id, 'scheduled');
        case 'unpublish': await articles.unpublish(updated.id); return backTo(reply, updated.id, 'unpublished');
        case 'submit': await articles.submitForReview(updated.id, by); return backTo(reply, updated.id, 'submitted');
        case 'save': return backTo(reply, updated.id, 'saved');
      }
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      // After a conflict the form carries the newest version's stamp, so saving again is a deliberate overwrite.
      const stamp = err.code === 'EDIT_CONFLICT' ? article.updatedAt : values.updatedAt;
      return showEditor(reply, ctx, article, { values: { ...values, updatedAt: stamp }, error: err, status: err.status });
    }
  });

  // Images without JavaScript: multipart (file, alt), the CSRF token in the query string (the CSRF check runs
  // before multipart fields are read). The image's Markdown goes at the end of the saved text.
  app.post(`${LIST_URL}/:id/images`, async (req, reply) => {
    const ctx = await shell.page(req, 'images.upload');
    const by = ctx.principal;
    const article = await openable(req, by);
    if (!mayChange(article, by)) throw new AppError(403, 'FORBIDDEN', 'Authors may only change their own drafts');
    try {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Expected multipart/form-data with a file field');
      const upload = await readUpload(req, { file: 'file', fields: ['alt'], maxBytes: MAX_IMAGE_BYTES });
      const file = upload.file?.data.length ? upload.file : undefined;
      const alt = (upload.fields.alt ?? '').trim();
      if (!file) throw new AppError(400, 'REQUIRED', 'Choose an image file to upload', 'file');
      if (alt.length > 300) throw new AppError(400, 'TOO_LONG', 'The description may have at most 300 characters', 'alt');
      const image = await images.store({ data: file.data, originalName: file.name, alt });
      const body = article.bodyMarkdown.trimEnd();
      await articles.update(article.id, { bodyMarkdown: `${body}${body ? '\n\n' : ''}${image.markdown}\n` }, by);
      return backTo(reply, article.id, 'image');
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500 || e.status === 401 || e.status === 403) throw err;
      return showEditor(reply, ctx, article, { imageError: `The image was not added: ${e.message}`, status: e.status });
    }
  });
}
