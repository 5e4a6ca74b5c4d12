// Pages of an article's threads as everyone sees them (no reader of their own: no votes or edit links to mark),
// kept in memory: the comments API's busy first pages cost no query for the threads, their replies or the count.
//
// Kept until an event (platform/events/kept-until-event.ts): any event about the page's article drops it
// (every comment change and every article change carry the subject "article:<id>"; so do the changes an
// account's deletion makes to its comments), but for a vote, whose new counts a page in time order takes in
// place, and the first page sorted by votes too when its new order is sure to be exact (votesPagePatch; a later
// page sorted by votes is dropped); other events change nothing here. Read again after
// 60 s as well (changes made by hand in the database). Memory is bounded by the comments kept (replies
// included), not only by pages: a page holding more than a quarter of that bound is not kept, nor are pages of
// more than 100 threads (the article page's "all comments": cached as whole pages there).
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import type { ThreadPage } from './comments.service.js';
import type { CommentThread } from './comments.schemas.js';
import { compareThreads, countNodes, encodeCursor } from './comment-tree.js';
import { articleSubject } from './comments.events.js';
import { THREADS_PER_PAGE_MAX } from './limits.js';

export interface ThreadPageCacheOptions {
  events: EventBus;
  now: () => number;
  /** Pages kept (the least recently used go first; default 500). */
  maxEntries?: number;
  /** Comments kept in all pages together, replies included (the memory bound; default 20,000). */
  maxComments?: number;
  /** Longest a page is kept (default 60 s). */
  ttlMs?: number;
}

export interface ThreadPageView { sort: string; cursor: string | undefined; limit: number; inline: boolean }

interface Kept { articleId: number; sort: string; firstPage: boolean; page: ThreadPage; comments: number }
interface VotePayload { commentId: number; up: number; down: number }

export function createThreadPageCache(opts: ThreadPageCacheOptions) {
  const kept = createKeptUntilEvent<Kept>({
    events: opts.events, now: opts.now, maxAgeMs: opts.ttlMs ?? 60_000, maxEntries: opts.maxEntries ?? 500,
    subjectOf: (k) => articleSubject(k.articleId),
    reach: (e) => (e.subject?.startsWith('article:') ? 'subject' : 'nothing'),
    // A vote carries the comment's new counts: pages in time order take them in place (no read after every vote);
    // the first page sorted by votes is put in order again when that is sure to be exact (votesPagePatch).
    patch: (k, e) => {
      if (e.type !== 'comment.voted') return 'drop';
      const vote = e.payload as VotePayload;
      if (k.sort !== 'votes') { setVotes(k.page.comments, vote); return 'kept'; }
      return k.firstPage ? votesPagePatch(k.page, vote) : 'drop';
    },
    weightOf: (k) => k.comments, maxWeight: opts.maxComments ?? 20_000,
  });
  const keyOf = (articleId: number, v: ThreadPageView) =>
    `${articleId}|${v.sort}|${v.cursor === undefined ? '' : `c${v.cursor}`}|${v.limit}|${v.inline ? 1 : 0}`;

  return {
    /** The page from memory, or read by `load` (and kept when no event about an article arrived meanwhile). */
    async get(articleId: number, view: ThreadPageView, load: () => Promise<ThreadPage>): Promise<ThreadPage> {
      if (view.limit > THREADS_PER_PAGE_MAX) return load();
      const k = await kept.get(keyOf(articleId, view), async () => {
        const page = await load();
        return { articleId, sort: view.sort, firstPage: view.cursor === undefined, page, comments: countNodes(page.comments) };
      });
      return k!.page;
    },
    /** Pages kept (tests). */
    get size() { return kept.size; },
    /** Comments in the pages kept, replies included (tests). */
    get comments() { return kept.weight; },
  };
}

const byVotes = compareThreads('votes');
const scoreOf = (c: { up: number; down: number }) => c.up - c.down;

/**
 * A vote on the first page of threads sorted by votes, in place when the result is sure to be what the database
 * would give, else 'drop' (the page is read again):
 * - a reply: its counts, and its thread's replies sorted again (the best reply leads; threads keep their order);
 * - a thread on the page: its counts and the threads sorted again, unless more threads follow and the vote
 *   lowered it to the last place (the first thread of the next page may now rank above it);
 * - a comment not on the page: nothing changes, unless more threads follow and its new score would put it on
 *   this page (it may be a thread; the event does not say).
 */
function votesPagePatch(page: ThreadPage, v: VotePayload): 'kept' | 'drop' {
  const more = page.nextCursor !== null;
  const threads = page.comments;
  const at = threads.findIndex((t) => t.id === v.commentId);
  if (at >= 0) {
    const t = threads[at]!;
    const lowered = v.up - v.down < scoreOf(t);
    t.up = v.up; t.down = v.down;
    threads.sort(byVotes);
    const last = threads[threads.length - 1]!;
    if (more && lowered && last.id === t.id) return 'drop';
    if (more) page.nextCursor = encodeCursor({ sort: 'votes', key: scoreOf(last), id: last.id });
    return 'kept';
  }
  const list = repliesHolding(threads, v.commentId);
  if (list) {
    const r = list.find((c) => c.id === v.commentId)!;
    r.up = v.up; r.down = v.down;
    list.sort(byVotes);
    return 'kept';
  }
  if (!more) return 'kept';
  const last = threads[threads.length - 1];
  if (!last) return 'drop';
  return byVotes({ id: v.commentId, createdAt: '', up: v.up, down: v.down }, last) < 0 ? 'drop' : 'kept';
}

/** The list of replies (at any depth) that holds the comment, if any. */
function repliesHolding(threads: readonly CommentThread[], id: number): CommentThread[] | undefined {
  for (const t of threads) {
    if (t.replies.some((r) => r.id === id)) return t.replies;
    const deeper = repliesHolding(t.replies, id);
    if (deeper) return deeper;
  }
  return undefined;
}

/** The vote's counts on the comment wherever it is in the page (at most once). */
function setVotes(threads: readonly CommentThread[], v: VotePayload): boolean {
  for (const t of threads) {
    if (t.id === v.commentId) { t.up = v.up; t.down = v.down; return true; }
    if (setVotes(t.replies, v)) return true;
  }
  return false;
}
