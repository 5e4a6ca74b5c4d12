// The reader's comment section. The same components render on the server (plain HTML forms that
// work without JavaScript) and in the browser island, which passes `actions` to act in place.
import type { CommentSort } from '../comment-tree.js';
import type { CommentThread } from '../comments.schemas.js';
import type { ComponentChildren } from 'preact';
import { exactTime, relativeTime } from '../../../ui/format.js';
import { BODY_MAX, EMAIL_MAX, NAME_MAX } from '../limits.js';

/** A passage chosen for inline feedback (exact, prefix, suffix as the reader's page gave them). */
export interface QuoteDraft { exact: string; prefix: string; suffix: string }
export interface FormValues { authorName: string; authorEmail: string; body: string; anchor?: QuoteDraft; notify?: string }
export interface FormError { code: string; message: string; field?: string }

export interface CommentActions {
  post(form: HTMLFormElement, parentId: number | null): void;
  vote(id: number, value: 1 | -1): void;
  edit(form: HTMLFormElement, id: number): void;
  remove(id: number): void;
  setSort(sort: CommentSort): void;
  openReply(id: number | null): void;
  openEdit(id: number | null): void;
  openReport(id: number | null): void;
  report(form: HTMLFormElement, id: number): void;
  loadMore(): void;
  /** The "Inline Feedbacks" filter on or off. */
  setInline?(on: boolean): void;
  /** Drops the passage chosen for the main form. */
  clearAnchor?(): void;
}

/** The signed-in reader (their comments carry the account name); absent for guests. */
export interface Viewer { name: string; csrf: string; verified: boolean }

export interface CommentSectionProps {
  slug: string;
  total: number;
  sort: CommentSort;
  threads: CommentThread[];
  nextCursor: string | null;
  now: string;
  /** Comment whose reply form is open (null: the main form only). */
  replyTo?: number | null;
  /** Comment being edited by its author. */
  editing?: number | null;
  /** Comment whose report form is open. */
  reporting?: number | null;
  /** Comments this reader reported in this visit (thanked instead of offered the form again). */
  reported?: readonly number[];
  values?: FormValues;
  /** An error to show beside the form that caused it: key 'main', 'reply-<id>' or 'edit-<id>'. */
  error?: { at: string; error: FormError };
  showingAll?: boolean;
  /** Only inline feedback is listed (the "Inline Feedbacks" filter). */
  inline?: boolean;
  /** The passage the main form comments on (inline feedback), chosen on the article. */
  anchor?: QuoteDraft;
  actions?: CommentActions;
  /**
   * The island is waiting for the server: its buttons say so (aria-disabled) and it ignores them meanwhile.
   * They are not `disabled`, which would throw the keyboard focus out of a button the reader just pressed.
   */
  busy?: boolean;
  viewer?: Viewer;
  /** Comments closed on this article: the discussion stays readable, the forms go. */
  closed?: boolean;
  /** The island's last message for screen readers (n changes with every message, so a repeat is read too). */
  announcement?: { text: string; n: number };
  /** The newest event of the article the page shows (the island's live updates resume after it). */
  liveFrom?: number;
  /**
   * Written inside the list instead of the threads, when `threads` is not empty: the place a streamed page
   * (site/article-page-stream.ts) writes its threads into, one at a time (views/thread-html.tsx).
   */
  threadSlot?: ComponentChildren;
}

const SORT_LABELS: Record<CommentSort, string> = { newest: 'Newest', oldest: 'Oldest', votes: 'Most Voted' };
const MAX_INDENT = 5;

const articleUrl = (slug: string, params: Record<string, string | number | undefined>, hash = '') => {
  const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== '' && v !== 'newest').map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return `/articles/${encodeURIComponent(slug)}${q ? `?${q}` : ''}${hash}`;
};

const ROLE_LABELS: Record<string, string> = { admin: 'Staff', editor: 'Editor', author: 'Author', moderator: 'Moderator' };

/** Hidden fields every form carries: the sort to come back to, and the CSRF token of a signed-in reader. */
function FormState({ sort, viewer }: { sort: CommentSort; viewer?: Viewer }) {
  return (
    <>
      <input type="hidden" name="sort" value={sort} />
      {viewer && <input type="hidden" name="_csrf" value={viewer.csrf} />}
    </>
  );
}

/**
 * Bot traps of the plain HTML form: a field people never see (bots fill it) and when the form was
 * shown (bots send it at once). The island posts through the API instead and carries neither.
 */
function FormTraps({ renderedAt }: { renderedAt?: number }) {
  return (
    <>
      <div class="hp" aria-hidden="true">
        <label>Leave this field empty <input name="website" tabIndex={-1} autoComplete="off" /></label>
      </div>
      {renderedAt !== undefined && <input type="hidden" name="renderedAt" value={renderedAt} />}
    </>
  );
}

/** In the island, Escape in a reply, edit or report form closes it like its Cancel button. */
const escapeTo = (close: (() => void) | undefined) => close && ((e: KeyboardEvent) => {
  if (e.key === 'Escape') { e.preventDefault(); close(); }
});

function ErrorNote({ error }: { error?: FormError }) {
  if (!error) return null;
  return <p class="form-error" role="alert" data-code={error.code}>{error.message}</p>;
}

/** The passage a new comment is about: shown above the text, sent as hidden fields. */
function QuoteField({ anchor, actions }: { anchor: QuoteDraft; actions?: CommentActions }) {
  return (
    <figure class="form-quote">
      <figcaption>Commenting on this passage</figcaption>
      <blockquote>{anchor.exact}</blockquote>
      <input type="hidden" name="anchorExact" value={anchor.exact} />
      <input type="hidden" name="anchorPrefix" value={anchor.prefix} />
      <input type="hidden" name="anchorSuffix" value={anchor.suffix} />
      {actions?.clearAnchor && <button type="button" class="button link" onClick={() => actions.clearAnchor?.()}>Comment on the whole article instead</button>}
    </figure>
  );
}

/** The comment form's "Notify of": e-mail about replies or every new comment (guests confirm by mail first). */
function NotifyChoice({ idp, value, guest, invalid }: { idp: string; value?: string; guest: boolean; invalid?: boolean }) {
  return (
    <label class="field field-notify">
      <span>Notify of</span>
      <select name="notify" id={`${idp}-notify`} value={value ?? 'none'} aria-invalid={invalid} aria-describedby={guest ? `${idp}-notify-hint` : undefined}>
        <option value="none">Nothing</option>
        <option value="replies">Replies to my comments</option>
        <option value="all">All new comments</option>
      </select>
      {guest && <small id={`${idp}-notify-hint`}>We send one mail to confirm first.</small>}
    </label>
  );
}

function CommentForm(props: {
  slug: string; sort: CommentSort; parentId: number | null; values?: FormValues; error?: FormError;
  actions?: CommentActions; busy?: boolean; viewer?: Viewer; renderedAt?: number; anchor?: QuoteDraft;
}) {
  const { slug, sort, parentId, values, error, actions, busy, viewer } = props;
  const anchor = parentId === null ? props.anchor ?? values?.anchor : undefined;
  if (viewer && !viewer.verified) {
    return <p class="comment-form notice">Confirm your e-mail address to comment as {viewer.name}: see <a href="/account">your account</a>.</p>;
  }
  const idp = parentId === null ? 'new' : `reply-${parentId}`;
  const bad = (f: string) => error?.field === f || undefined;
  // Name and e-mail are controlled only when `values` is given (the server re-rendering a rejected
  // form). In the island `values` is undefined, so a re-render (busy, an error, the clock tick)
  // must not reset what the reader typed to ''.
  return (
    <form class={parentId === null ? 'comment-form' : 'comment-form reply-form'} method="post" action={`/articles/${encodeURIComponent(slug)}/comments`}
      id={parentId === null ? 'comment-form' : `reply-form-${parentId}`}
      onSubmit={actions && ((e) => { e.preventDefault(); actions.post(e.currentTarget, parentId); })}
      onKeyDown={escapeTo(actions && parentId !== null ? () => actions.openReply(null) : undefined)}>
      {parentId !== null && <input type="hidden" name="parentId" value={parentId} />}
      <FormState sort={sort} viewer={viewer} />
      {!actions && <FormTraps renderedAt={props.renderedAt} />}
      {anchor && <QuoteField anchor={anchor} actions={actions} />}
      <label class="field field-body">
        <span>{parentId === null ? (anchor ? 'Your comment on this passage' : 'Join the discussion') : 'Your reply'}</span>
        <textarea name="body" required maxLength={BODY_MAX} rows={parentId === null ? 4 : 3} aria-invalid={bad('body')}
          placeholder={parentId === null ? 'Would love your thoughts, please comment.' : ''}>{values?.body ?? ''}</textarea>
      </label>
      {viewer ? <p class="commenting-as">Commenting as <strong>{viewer.name}</strong></p> : <div class="field-row">
        <label class="field">
          <span>Name</span>
          <input name="authorName" id={`${idp}-name`} required maxLength={NAME_MAX} autoComplete="name" value={values?.authorName} aria-invalid={bad('authorName')} />
        </label>
        <label class="field">
          <span>E-mail <small>(never shown)</small></span>
          <input name="authorEmail" id={`${idp}-email`} type="email" required maxLength={EMAIL_MAX} autoComplete="email" value={values?.authorEmail} aria-invalid={bad('authorEmail')} />
        </label>
      </div>}
      <NotifyChoice idp={idp} value={values?.notify} guest={!viewer} invalid={bad('notify')} />
      <ErrorNote error={error} />
      <div class="form-actions">
        <button type="submit" class="button primary" aria-disabled={busy || undefined}>{parentId === null ? 'Post comment' : 'Post reply'}</button>
        {parentId !== null && (actions
          ? <button type="button" class="button link" onClick={() => actions.openReply(null)}>Cancel</button>
          : <a class="button link" href={articleUrl(slug, { sort }, `#comment-${parentId}`)}>Cancel</a>)}
      </div>
    </form>
  );
}

export const REPORT_REASON_LABELS: Record<string, string> = {
  spam: 'Spam or advertising', abuse: 'Abusive or hateful', 'off-topic': 'Off-topic', misinformation: 'False or misleading', other: 'Something else',
};

function ReportForm(props: { slug: string; sort: CommentSort; comment: CommentThread; error?: FormError; actions?: CommentActions; busy?: boolean; viewer?: Viewer }) {
  const { slug, sort, comment, error, actions, busy, viewer } = props;
  return (
    <form class="comment-form report-form" method="post" action={`/comments/${comment.id}/report`}
      onSubmit={actions && ((e) => { e.preventDefault(); actions.report(e.currentTarget, comment.id); })}
      onKeyDown={escapeTo(actions && (() => actions.openReport(null)))}>
      <FormState sort={sort} viewer={viewer} />
      <label class="field">
        <span>Why should a moderator look at this comment?</span>
        <select name="reason" required>
          {Object.entries(REPORT_REASON_LABELS).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </label>
      <label class="field">
        <span>Anything to add? <small>(optional)</small></span>
        <input name="note" maxLength={500} />
      </label>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button type="submit" class="button primary" aria-disabled={busy || undefined}>Send report</button>
        {actions
          ? <button type="button" class="button link" onClick={() => actions.openReport(null)}>Cancel</button>
          : <a class="button link" href={articleUrl(slug, { sort }, `#comment-${comment.id}`)}>Cancel</a>}
      </div>
    </form>
  );
}

function EditForm(props: { slug: string; sort: CommentSort; comment: CommentThread; body: string; error?: FormError; actions?: CommentActions; busy?: boolean; viewer?: Viewer }) {
  const { slug, sort, comment, body, error, actions, busy, viewer } = props;
  return (
    <form class="comment-form edit-form" method="post" action={`/comments/${comment.id}/edit`}
      onSubmit={actions && ((e) => { e.preventDefault(); actions.edit(e.currentTarget, comment.id); })}
      onKeyDown={escapeTo(actions && (() => actions.openEdit(null)))}>
      <FormState sort={sort} viewer={viewer} />
      <label class="field field-body">
        <span>Edit your comment</span>
        <textarea name="body" required maxLength={BODY_MAX} rows={4}>{body}</textarea>
      </label>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button type="submit" class="button primary" aria-disabled={busy || undefined}>Save</button>
        {actions
          ? <button type="button" class="button link" onClick={() => actions.openEdit(null)}>Cancel</button>
          : <a class="button link" href={articleUrl(slug, { sort }, `#comment-${comment.id}`)}>Cancel</a>}
      </div>
    </form>
  );
}

/** The plain text of a comment's HTML, to prefill the edit form. */
function textOf(html: string): string {
  return html.replace(/<br>/g, '\n').replace(/<\/p><p>/g, '\n\n').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** One comment with its replies (a thread at depth 0). */
export function Comment(props: CommentSectionProps & { comment: CommentThread; depth: number }) {
  const { comment: c, depth, slug, sort, now, actions, replyTo, editing, reporting, reported, error, values, busy, viewer, closed } = props;
  const nowDate = new Date(now);
  // The accessible name is the visible count followed by what it counts ("3 upvotes"): it starts with
  // the text a sighted reader sees (WCAG 2.5.3, label in name); the arrow is decoration.
  const voteForm = (value: 1 | -1, count: number, noun: string, symbol: string) => {
    const pressed = c.myVote === value;
    return (
      <button type={actions ? 'button' : 'submit'} name="value" value={value} class={`vote vote-${value === 1 ? 'up' : 'down'}`}
        aria-pressed={pressed} disabled={c.canEdit} aria-disabled={busy || undefined}
        onClick={actions && (() => actions.vote(c.id, value))}>
        <span aria-hidden="true">{symbol}</span> <span class="count">{count}</span>
        <span class="visually-hidden"> {count === 1 ? noun : `${noun}s`}</span>
      </button>
    );
  };
  return (
    <li class={`comment depth-${Math.min(depth, MAX_INDENT)}`} id={`comment-${c.id}`} data-comment-id={c.id}>
      <article aria-label={c.status === 'deleted' ? 'Deleted comment' : `Comment by ${c.authorName}`}>
        {c.status === 'deleted' ? (
          <p class="comment-deleted">This comment was deleted.</p>
        ) : (
          <>
            <header class="comment-meta">
              <strong class="comment-author">{c.authorName}</strong>
              {c.authorRole && ROLE_LABELS[c.authorRole] && <span class="badge" title="Newsroom staff">{ROLE_LABELS[c.authorRole]}</span>}
              <a class="comment-time" href={`#comment-${c.id}`}>
                <time dateTime={c.createdAt} title={exactTime(c.createdAt)}>{relativeTime(c.createdAt, nowDate)}</time>
              </a>
            </header>
            {c.anchor && (
              <figure class={c.anchor.placed ? 'inline-quote' : 'inline-quote earlier'}>
                <blockquote>{c.anchor.exact}</blockquote>
                {!c.anchor.placed && <figcaption>On an earlier version of this article</figcaption>}
              </figure>
            )}
            {editing === c.id ? (
              <EditForm slug={slug} sort={sort} comment={c} body={values?.body ?? textOf(c.bodyHtml)} error={error?.at === `edit-${c.id}` ? error.error : undefined} actions={actions} busy={busy} viewer={viewer} />
            ) : (
              <div class="comment-body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            )}
            {c.status === 'pending' && (
              <p class="awaiting-moderation">
                {c.heldNotice ?? 'Awaiting moderation.'} Only you can see this comment until a moderator approves it.
              </p>
            )}
            {c.editedAt && c.editedBy && (
              <p class="comment-edited">
                Last edited <time dateTime={c.editedAt} title={exactTime(c.editedAt)}>{relativeTime(c.editedAt, nowDate)}</time> by {c.editedBy}
              </p>
            )}
            <footer class="comment-actions">
              <form method="post" action={`/comments/${c.id}/vote`} class="vote-form" onSubmit={actions && ((e) => e.preventDefault())}>
                <FormState sort={sort} viewer={viewer} />
                {voteForm(1, c.up, 'upvote', '▲')}
                {voteForm(-1, c.down, 'downvote', '▼')}
              </form>
              {!closed && (actions
                ? <button type="button" class="button link reply-link" onClick={() => actions.openReply(c.id)}>Reply</button>
                : <a class="button link reply-link" href={articleUrl(slug, { sort, replyTo: c.id }, `#reply-form-${c.id}`)}>Reply</a>)}
              {!c.canEdit && c.status === 'published' && !reported?.includes(c.id) && reporting !== c.id && (actions
                ? <button type="button" class="button link report-link" onClick={() => actions.openReport(c.id)}>Report</button>
                : <a class="button link report-link" rel="nofollow" href={articleUrl(slug, { sort, report: c.id }, `#comment-${c.id}`)}>Report</a>)}
              {reported?.includes(c.id) && <span class="reported-note" role="status">Thanks — a moderator will look at it.</span>}
              {c.canEdit && editing !== c.id && (actions
                ? <button type="button" class="button link edit-link" onClick={() => actions.openEdit(c.id)}>Edit</button>
                : <a class="button link edit-link" href={articleUrl(slug, { sort, edit: c.id }, `#comment-${c.id}`)}>Edit</a>)}
              {c.canEdit && (
                <form method="post" action={`/comments/${c.id}/delete`} class="inline-form"
                  onSubmit={actions && ((e) => { e.preventDefault(); actions.remove(c.id); })}>
                  <FormState sort={sort} viewer={viewer} />
                  <button type="submit" class="button link danger">Delete</button>
                </form>
              )}
            </footer>
          </>
        )}
      </article>
      {reporting === c.id && (
        <ReportForm slug={slug} sort={sort} comment={c} viewer={viewer} actions={actions} busy={busy}
          error={error?.at === `report-${c.id}` ? error.error : undefined} />
      )}
      {replyTo === c.id && !closed && (
        <CommentForm slug={slug} sort={sort} parentId={c.id} values={values} actions={actions} busy={busy} viewer={viewer} renderedAt={Date.parse(now)}
          error={error?.at === `reply-${c.id}` ? error.error : undefined} />
      )}
      {c.replies.length > 0 && (
        <ol class="replies">
          {c.replies.map((r) => <Comment {...props} key={r.id} comment={r} depth={depth + 1} />)}
        </ol>
      )}
    </li>
  );
}

export function CommentSection(props: CommentSectionProps) {
  const { slug, total, sort, threads, nextCursor, actions, error, values, busy, showingAll, viewer, closed, announcement } = props;
  const inline = props.inline ? 1 : undefined;
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title" data-slug={slug}
      data-viewer={viewer && !actions ? JSON.stringify(viewer) : undefined} data-closed={closed ? 'true' : undefined}>
      <h2 id="comments-title"><span class="comment-count">{total}</span> {total === 1 ? 'Comment' : 'Comments'}</h2>
      <p id="comments-announcer" class="visually-hidden" role="status" aria-live="polite">
        {announcement && <span key={announcement.n}>{announcement.text}</span>}
      </p>
      {closed
        ? <p class="comments-closed">Comments are closed.</p>
        : <CommentForm slug={slug} sort={sort} parentId={null} actions={actions} busy={busy} viewer={viewer} renderedAt={Date.parse(props.now)} anchor={props.anchor}
            values={props.replyTo == null && props.editing == null ? values : undefined}
            error={error?.at === 'main' ? error.error : undefined} />}
      <nav class="sort-tabs" aria-label="Sort comments">
        {(Object.keys(SORT_LABELS) as CommentSort[]).map((s) => (
          <a key={s} href={articleUrl(slug, { sort: s, inline }, '#comments')} aria-current={s === sort ? 'true' : undefined}
            class={s === sort ? 'active' : undefined}
            onClick={actions && ((e) => { e.preventDefault(); actions.setSort(s); })}>{SORT_LABELS[s]}</a>
        ))}
        {/* A filter beside the sorts: on, it lists only comments on a passage of the article (in the chosen order). */}
        <a href={articleUrl(slug, { sort, inline: inline ? undefined : 1 }, '#comments')} aria-current={inline ? 'true' : undefined}
          class={inline ? 'inline-filter active' : 'inline-filter'}
          onClick={actions?.setInline && ((e) => { e.preventDefault(); actions.setInline?.(!inline); })}>Inline Feedbacks</a>
      </nav>
      {threads.length === 0
        ? <p class="no-comments">{inline ? 'No inline feedback yet. Select a passage of the article to comment on it.' : 'No comments yet. Be the first to share your thoughts.'}</p>
        : <ol class="comment-list">{props.threadSlot ?? threads.map((t) => <Comment {...props} key={t.id} comment={t} depth={0} />)}</ol>}
      {nextCursor && !showingAll && (actions
        ? <button type="button" class="button load-more" onClick={() => actions.loadMore()} aria-disabled={busy || undefined}>Load more comments</button>
        : <a class="button load-more" href={articleUrl(slug, { sort, inline, all: 1 }, '#comments')}>View all comments</a>)}
    </section>
  );
}
