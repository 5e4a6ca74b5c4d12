// Pages of an article's threads as everyone sees them (no reader of their own: no votes or edit links to mark),
// kept in memory: the comments API's busy first pages cost no query for the threads, their replies or the count.
//
// Kept until an event (platform/events/kept-until-event.ts): any event about the page's article drops it
// (every comment change and every article change carry the subject "article:<id>"; so do the changes an
// account's deletion makes to its comments), but for a vote, whose new counts a page in time order takes in
// place (a page sorted by votes is dropped); other events change nothing here. Read again after
// 60 s as well (changes made by hand in the database). Memory is bounded by the comments kept (replies
// included), not only by pages: a page holding more than a quarter of that bound is not kept, nor are pages of
// more than 100 threads (the article page's "all comments": cached as whole pages there).
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import type { ThreadPage } from './comments.service.js';
import type { CommentThread } from './comments.schemas.js';
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

interface Kept { articleId: number; sort: string; page: ThreadPage; comments: number }
interface VotePayload { commentId: number; up: number; down: number }

export function createThreadPageCache(opts: ThreadPageCacheOptions) {
  const kept = createKeptUntilEvent<Kept>({
    events: opts.events, now: opts.now, maxAgeMs: opts.ttlMs ?? 60_000, maxEntries: opts.maxEntries ?? 500,
    subjectOf: (k) => articleSubject(k.articleId),
    reach: (e) => (e.subject?.startsWith('article:') ? 'subject' : 'nothing'),
    // A vote carries the comment's new counts: pages in an order that does not depend on them take the counts in
    // place (no read after every vote); pages sorted by votes, whose order may change, are dropped.
    patch: (k, e) => (e.type === 'comment.voted' && k.sort !== 'votes' ? (setVotes(k.page.comments, e.payload as VotePayload), 'kept') : 'drop'),
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
        return { articleId, sort: view.sort, page, comments: countComments(page.comments) };
      });
      return k!.page;
    },
    /** Pages kept (tests). */
    get size() { return kept.size; },
    /** Comments in the pages kept, replies included (tests). */
    get comments() { return kept.weight; },
  };
}

/** The vote's counts on the comment wherever it is in the page (at most once). */
function setVotes(threads: readonly CommentThread[], v: VotePayload): boolean {
  for (const t of threads) {
    if (t.id === v.commentId) { t.up = v.up; t.down = v.down; return true; }
    if (setVotes(t.replies, v)) return true;
  }
  return false;
}

/** Comments in a page, replies at every depth included. */
function countComments(threads: readonly { replies: readonly unknown[] }[]): number {
  let n = 0;
  for (const t of threads) n += 1 + countComments(t.replies as { replies: readonly unknown[] }[]);
  return n;
}
