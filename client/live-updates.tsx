// Live updates of the discussion in the comment island: an EventSource on the article's event stream
// (GET /api/v1/articles/:slug/events). New comments are not put into the page under the reader: they are
// collected behind a "N new comments — show" button (fixed on screen, so nothing moves, in a polite live
// region); showing them inserts them in the thread, replies under their parent. Edits, vote counts and
// deletions change the comments in place. Every message is idempotent: one sent again changes nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommentSort } from '../src/modules/comments/comment-tree.js';
import type { CommentThread } from '../src/modules/comments/comments.schemas.js';

export interface LiveList { comments: CommentThread[]; nextCursor: string | null; total: number }
type LiveComment = Omit<CommentThread, 'replies'>;

/** When the server refused the stream (503 beyond its cap), it is tried again after this long. */
const REOPEN_MS = 30_000;

const contains = (threads: CommentThread[], id: number): boolean => threads.some((t) => t.id === id || contains(t.replies, id));
const mapTree = (threads: CommentThread[], f: (c: CommentThread) => CommentThread): CommentThread[] =>
  threads.map((t) => f({ ...t, replies: mapTree(t.replies, f) }));
const without = (threads: CommentThread[], id: number): CommentThread[] =>
  threads.filter((t) => t.id !== id).map((t) => ({ ...t, replies: without(t.replies, id) }));

/** A comment's fields that every reader sees changed; the reader's own (myVote, canEdit) and the replies stay. */
const publicFields = (c: LiveComment) => ({
  authorName: c.authorName, authorRole: c.authorRole, bodyHtml: c.bodyHtml, editedAt: c.editedAt, editedBy: c.editedBy, up: c.up, down: c.down,
});

/** Puts new comments into the threads as the sort places them: top-level first (newest) or last, replies under their parent. */
export function insertComments(threads: CommentThread[], added: CommentThread[], sort: CommentSort): { threads: CommentThread[]; inserted: number[] } {
  let out = threads;
  const inserted: number[] = [];
  for (const c of added) {
    if (contains(out, c.id)) continue;
    if (c.parentId === null) {
      out = sort === 'newest' ? [c, ...out] : [...out, c];
    } else {
      if (!contains(out, c.parentId)) continue; // its thread is not on the page (a later page brings it)
      out = mapTree(out, (t) => (t.id === c.parentId ? { ...t, replies: [...t.replies, c] } : t));
    }
    inserted.push(c.id);
  }
  return { threads: out, inserted };
}

export interface LiveUpdates {
  /** New comments not shown yet (and not on the page already). */
  waiting: CommentThread[];
  /** Shows the waiting comments; returns the ids put into the page. */
  show(): number[];
}

/**
 * Listens to the article's stream from `liveFrom` (the newest event the page reflects) and keeps `data` up to
 * date through `setData`; `reload` is called when the server says the page is too far behind (`reset`).
 */
export function useLiveUpdates(opts: {
  slug: string; liveFrom: number | null; sort: CommentSort; data: LiveList;
  /** The "Inline Feedbacks" filter is on: a new top-level comment that is not on a passage is not for this list. */
  inline?: boolean;
  setData: (f: (d: LiveList) => LiveList) => void; reload: () => void;
}): LiveUpdates {
  const [pending, setPending] = useState<CommentThread[]>([]);
  const current = useRef(opts);
  current.current = opts;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastId = opts.liveFrom !== null ? String(opts.liveFrom) : undefined;
    const update = (f: (c: CommentThread) => CommentThread) => {
      current.current.setData((d) => ({ ...d, comments: mapTree(d.comments, f) }));
      setPending((p) => p.map(f));
    };
    const handlers: Record<string, (data: any) => void> = {
      'comment.created': ({ comment }: { comment: LiveComment }) => {
        setPending((p) => {
          if (p.some((c) => c.id === comment.id) || contains(current.current.data.comments, comment.id)) return p;
          if (current.current.inline && comment.parentId === null && !comment.anchor) return p;
          // A reply is only worth announcing when its parent is on the page (or about to be).
          if (comment.parentId !== null && !p.some((c) => c.id === comment.parentId) && !contains(current.current.data.comments, comment.parentId)) return p;
          return [...p, { ...comment, replies: [] }];
        });
      },
      'comment.edited': ({ comment }: { comment: LiveComment }) => update((c) => (c.id === comment.id ? { ...c, ...publicFields(comment) } : c)),
      votes: ({ id, up, down }: { id: number; up: number; down: number }) => update((c) => (c.id === id ? { ...c, up, down } : c)),
      'comment.deleted': ({ id, placeholder }: { id: number; placeholder: boolean }) => {
        setPending((p) => p.filter((c) => c.id !== id && c.parentId !== id));
        current.current.setData((d) => {
          if (!contains(d.comments, id)) return d;
          const comments = placeholder
            ? mapTree(d.comments, (c) => (c.id === id ? { ...c, status: 'deleted', bodyHtml: '', authorName: '', authorRole: null, canEdit: false } : c))
            : without(d.comments, id);
          return { ...d, comments, total: Math.max(0, d.total - 1) };
        });
      },
      reset: () => { setPending([]); current.current.reload(); },
    };
    const open = () => {
      const url = `/api/v1/articles/${encodeURIComponent(opts.slug)}/events${lastId !== undefined ? `?lastEventId=${lastId}` : ''}`;
      source = new EventSource(url);
      for (const [type, handle] of Object.entries(handlers)) {
        source.addEventListener(type, (e) => {
          const m = e as MessageEvent<string>;
          if (m.lastEventId) lastId = m.lastEventId;
          try { handle(JSON.parse(m.data)); } catch { /* a message this page does not understand */ }
        });
      }
      // The browser reconnects by itself (sending Last-Event-ID); a refusal closes the source: try later.
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        timer = setTimeout(open, REOPEN_MS);
      };
    };
    open();
    return () => { source?.close(); if (timer) clearTimeout(timer); };
  }, [opts.slug]);

  const waiting = pending.filter((c) => !contains(opts.data.comments, c.id));
  return {
    waiting,
    show() {
      const { inserted } = insertComments(opts.data.comments, waiting, opts.sort);
      opts.setData((d) => ({ ...d, comments: insertComments(d.comments, waiting, opts.sort).threads, total: d.total + inserted.length }));
      setPending([]);
      return inserted;
    },
  };
}

/** The button that shows the waiting comments; always on the page as a polite live region, empty when none wait. */
export function NewCommentsBar({ live, onShown }: { live: LiveUpdates; onShown: (ids: number[]) => void }) {
  const n = live.waiting.length;
  return (
    <div class="live-new" role="status" aria-live="polite">
      {n > 0 && (
        <button type="button" class="button live-new-button" onClick={() => onShown(live.show())}>
          {n === 1 ? '1 new comment' : `${n} new comments`} — show
        </button>
      )}
    </div>
  );
}
