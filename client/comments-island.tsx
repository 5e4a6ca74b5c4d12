// The comment island: takes over the server-rendered comment section and does everything in place.
// It starts from the data embedded in the page (island-state.tsx): no request to the API on load.
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { CommentSection, type CommentActions, type FormError, type QuoteDraft, type Viewer } from '../src/modules/comments/views/CommentSection.js';
import type { CommentSort } from '../src/modules/comments/comment-tree.js';
import type { CommentThread } from '../src/modules/comments/comments.schemas.js';
import { ISLAND_STATE_ID, type IslandState } from '../src/modules/comments/views/island-state.js';
import { THREADS_PER_PAGE, THREADS_PER_PAGE_MAX } from '../src/modules/comments/limits.js';
import { api, ApiFailure, setCsrfToken } from './api.js';
import { rememberVote, withRememberedVotes } from './remembered-votes.js';
import { useFocusAfterRender } from './focus.js';
import { markCommented } from './comment-prompt.js';
import { NewCommentsBar, useLiveUpdates } from './live-updates.js';
import { INLINE_POSTED_EVENT, QUOTE_EVENT } from './inline-feedback.js';

interface ListResponse { comments: CommentThread[]; nextCursor: string | null; total: number }
type Comment = Omit<CommentThread, 'replies'>;

const GUEST_KEY = 'gazette.guest';
const rememberGuest = (name: string, email: string) => { try { localStorage.setItem(GUEST_KEY, JSON.stringify({ name, email })); } catch { /* private mode */ } };
const rememberedGuest = (): { name: string; email: string } | undefined => {
  try { return JSON.parse(localStorage.getItem(GUEST_KEY) ?? 'null') ?? undefined; } catch { return undefined; }
};

function mapTree(threads: CommentThread[], f: (c: CommentThread) => CommentThread): CommentThread[] {
  return threads.map((t) => f({ ...t, replies: mapTree(t.replies, f) }));
}

function Island({ slug, initial, viewer, closed }: { slug: string; initial: IslandState; viewer?: Viewer; closed: boolean }) {
  const { all } = initial;
  const [sort, setSortState] = useState<CommentSort>(initial.sort);
  const [inline, setInlineState] = useState<boolean>(initial.inline ?? false);
  const [anchor, setAnchor] = useState<QuoteDraft | undefined>();
  const [data, setData] = useState<ListResponse>(() => ({
    comments: withRememberedVotes(initial.threads), nextCursor: initial.nextCursor, total: initial.total,
  }));
  const [replyTo, setReplyTo] = useState<number | null>(initial.replyTo);
  const [editing, setEditing] = useState<number | null>(initial.editing);
  const [reporting, setReporting] = useState<number | null>(initial.reporting);
  const [reported, setReported] = useState<number[]>([]);
  const [error, setError] = useState<{ at: string; error: FormError } | undefined>();
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [announcement, setAnnouncement] = useState<{ text: string; n: number } | undefined>();
  const focusAfterRender = useFocusAfterRender();
  /** Says the outcome in the polite live region (a new node each time, so a repeat is read again). */
  const announce = (text: string) => setAnnouncement((a) => ({ text, n: (a?.n ?? 0) + 1 }));
  const commentEl = (id: number) => `#comment-${id} > article`;

  const base = `/api/v1/articles/${encodeURIComponent(slug)}/comments`;
  const load = useCallback(async (s: CommentSort, cursor?: string, onlyInline = inline) => {
    const q = new URLSearchParams({ sort: s, limit: String(all ? THREADS_PER_PAGE_MAX : THREADS_PER_PAGE) });
    if (cursor) q.set('cursor', cursor);
    if (onlyInline) q.set('inline', '1');
    return api<ListResponse>('GET', `${base}?${q}`);
  }, [base, all, inline]);

  const refresh = useCallback(async (s: CommentSort, onlyInline = inline) => { setData(await load(s, undefined, onlyInline)); setNow(new Date().toISOString()); }, [load, inline]);

  // A passage chosen on the article (client/inline-feedback.ts): the main form comments on it.
  useEffect(() => {
    const choose = (e: Event) => {
      setAnchor((e as CustomEvent<QuoteDraft>).detail);
      setError(undefined);
      focusAfterRender('#comment-form textarea');
    };
    document.addEventListener(QUOTE_EVENT, choose);
    return () => document.removeEventListener(QUOTE_EVENT, choose);
  }, []);

  useEffect(() => {
    document.getElementById('comments-island')?.setAttribute('data-ready', 'true');
    const t = setInterval(() => setNow(new Date().toISOString()), 60_000);
    return () => clearInterval(t);
  }, []);

  // Prefill the remembered guest name and e-mail into empty fields of any open form.
  useEffect(() => {
    const g = rememberedGuest();
    if (!g) return;
    document.querySelectorAll<HTMLInputElement>('#comments input[name=authorName]').forEach((i) => { if (!i.value) i.value = g.name; });
    document.querySelectorAll<HTMLInputElement>('#comments input[name=authorEmail]').forEach((i) => { if (!i.value) i.value = g.email; });
  });

  const fail = (at: string, err: unknown) => {
    const e = err instanceof ApiFailure ? err.error : { code: 'ERROR', message: String(err) };
    setError({ at, error: e });
    // The message is read out (role=alert); the caret goes to the field it is about.
    if (e.field) focusAfterRender(`#comments form [name="${CSS.escape(e.field)}"][aria-invalid=true]`);
  };
  // One request at a time: while one is under way the buttons are aria-disabled and ignored here.
  const inFlight = useRef(false);
  const run = async (at: string, f: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(undefined);
    try { await f(); } catch (err) { fail(at, err); } finally { inFlight.current = false; setBusy(false); }
  };
  const update = (f: (c: CommentThread) => CommentThread) => setData((d) => ({ ...d, comments: mapTree(d.comments, f) }));
  // Comments, edits, votes and deletions of other readers as they happen (new comments wait for "show").
  const live = useLiveUpdates({ slug, liveFrom: initial.liveFrom ?? null, sort, inline, data, setData, reload: () => void refresh(sort) });
  const showNew = (ids: number[]) => {
    if (ids.length === 0) return;
    announce(ids.length === 1 ? '1 new comment shown.' : `${ids.length} new comments shown.`);
    focusAfterRender(commentEl(ids[0]!));
  };

  const actions: CommentActions = {
    post: (form, parentId) => void run(parentId === null ? 'main' : `reply-${parentId}`, async () => {
      const fd = new FormData(form);
      const authorName = String(fd.get('authorName') ?? '');
      const authorEmail = String(fd.get('authorEmail') ?? '');
      const body = String(fd.get('body') ?? '');
      const notify = String(fd.get('notify') ?? 'none');
      const quoted = parentId === null && anchor ? { anchor } : {};
      const { comment } = await api<{ comment: Comment }>('POST', base, viewer ? { body, parentId, notify, ...quoted } : { authorName, authorEmail, body, parentId, notify, ...quoted });
      if (comment.anchor) { setAnchor(undefined); document.dispatchEvent(new CustomEvent(INLINE_POSTED_EVENT, { detail: comment })); }
      if (!viewer) rememberGuest(authorName, authorEmail);
      markCommented(document, slug);
      const node: CommentThread = { ...comment, replies: [] };
      setData((d) => {
        const comments = parentId === null
          ? (sort === 'newest' ? [node, ...d.comments] : [...d.comments, node])
          : mapTree(d.comments, (c) => (c.id === parentId ? { ...c, replies: [...c.replies, node] } : c));
        return { ...d, comments, total: d.total + 1 };
      });
      form.reset();
      setReplyTo(null);
      const what = parentId === null ? 'comment' : 'reply';
      announce(comment.status === 'published' ? `Your ${what} was published.` : `Your ${what} is awaiting moderation.`);
      focusAfterRender(commentEl(comment.id));
    }),
    vote: (id, value) => void run(`vote-${id}`, async () => {
      let mine = 0;
      update((c) => { if (c.id === id) mine = c.myVote ?? 0; return c; });
      const r = await api<{ up: number; down: number; myVote: 1 | -1 | 0 }>('POST', `/api/v1/comments/${id}/vote`, { value: mine === value ? 0 : value });
      rememberVote(id, r.myVote);
      update((c) => (c.id === id ? { ...c, up: r.up, down: r.down, myVote: r.myVote } : c));
    }),
    edit: (form, id) => void run(`edit-${id}`, async () => {
      const body = String(new FormData(form).get('body') ?? '');
      const { comment } = await api<{ comment: Comment }>('PATCH', `/api/v1/comments/${id}`, { body });
      update((c) => (c.id === id ? { ...c, ...comment, replies: c.replies } : c));
      setEditing(null);
      announce('Your changes were saved.');
      focusAfterRender(commentEl(id));
    }),
    remove: (id) => {
      if (!confirm('Delete this comment?')) return;
      void run(`edit-${id}`, async () => {
        await api('DELETE', `/api/v1/comments/${id}`);
        await refresh(sort);
        announce('Your comment was deleted.');
        focusAfterRender('#comments-title');
      });
    },
    setSort: (s) => void run('main', async () => {
      setSortState(s);
      const url = new URL(location.href);
      if (s === 'newest') url.searchParams.delete('sort'); else url.searchParams.set('sort', s);
      history.replaceState(null, '', url);
      await refresh(s);
    }),
    // Opening a form puts the caret in it; closing it (Cancel, Escape) brings the focus back to its button.
    openReply: (id) => {
      setError(undefined); setReplyTo(id); setEditing(null); setReporting(null);
      focusAfterRender(id !== null ? `#reply-form-${id} textarea` : `${commentEl(replyTo ?? 0)} .reply-link`);
    },
    openEdit: (id) => {
      setError(undefined); setEditing(id); setReplyTo(null); setReporting(null);
      focusAfterRender(id !== null ? `${commentEl(id)} .edit-form textarea` : `${commentEl(editing ?? 0)} .edit-link`);
    },
    openReport: (id) => {
      setError(undefined); setReporting(id); setReplyTo(null); setEditing(null);
      focusAfterRender(id !== null ? `#comment-${id} > .report-form select` : `${commentEl(reporting ?? 0)} .report-link`);
    },
    report: (form, id) => void run(`report-${id}`, async () => {
      const fd = new FormData(form);
      const note = String(fd.get('note') ?? '').trim();
      await api('POST', `/api/v1/comments/${id}/report`, { reason: String(fd.get('reason') ?? 'other'), ...(note && { note }) });
      setReported((r) => [...r, id]);
      setReporting(null);
      announce('Thanks — a moderator will look at it.');
      focusAfterRender(commentEl(id));
    }),
    setInline: (on) => void run('main', async () => {
      setInlineState(on);
      const url = new URL(location.href);
      if (on) url.searchParams.set('inline', '1'); else url.searchParams.delete('inline');
      history.replaceState(null, '', url);
      await refresh(sort, on);
    }),
    clearAnchor: () => { setAnchor(undefined); focusAfterRender('#comment-form textarea'); },
    loadMore: () => void run('main', async () => {
      if (!data.nextCursor) return;
      const next = await load(sort, data.nextCursor);
      const added = next.comments.filter((n) => !data.comments.some((c) => c.id === n.id));
      setData((d) => ({ ...next, comments: [...d.comments, ...next.comments.filter((n) => !d.comments.some((c) => c.id === n.id))] }));
      // The keyboard focus goes on to the first comment that came in (the button may be gone now).
      if (added[0]) focusAfterRender(commentEl(added[0].id));
    }),
  };

  return (<>
    <NewCommentsBar live={live} onShown={showNew} />
    <CommentSection slug={slug} total={data.total} sort={sort} threads={data.comments} nextCursor={data.nextCursor}
      now={now} announcement={announcement} inline={inline} anchor={anchor} replyTo={replyTo} editing={editing} reporting={reporting} reported={reported} error={error} actions={actions} busy={busy} viewer={viewer} closed={closed} />
  </>);
}

export function mountComments(doc: Document): void {
  const container = doc.getElementById('comments-island');
  const section = container?.querySelector<HTMLElement>('section.comments');
  const slug = section?.dataset.slug;
  if (!container || !slug) return;
  const stateText = doc.getElementById(ISLAND_STATE_ID)?.textContent;
  if (!stateText) return; // the server-rendered section keeps working on its own
  const initial = JSON.parse(stateText) as IslandState;
  const viewer = section.dataset.viewer ? (JSON.parse(section.dataset.viewer) as Viewer) : undefined;
  setCsrfToken(viewer?.csrf);
  // Rendered off-screen (synchronously, from the embedded data), then swapped in at once.
  const host = doc.createElement('div');
  render(<Island slug={slug} initial={initial} viewer={viewer} closed={section.dataset.closed === 'true'} />, host);
  container.replaceChildren(host);
}
