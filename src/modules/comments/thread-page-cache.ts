// Pages of an article's threads as everyone sees them (no reader of their own: no votes or edit links to mark),
// kept in memory: the comments API's busy first pages cost no query for the threads, their replies or the count.
//
// A page is dropped when an event about its article arrives (every comment change, votes included, and every
// article change carry the subject "article:<id>"; so do the changes an account's deletion makes to its
// comments), on every instance (events reach each one after commit). A read that saw any such event while it ran
// is not kept. Changes without an event (by hand in the database) are bounded by the time to live. Memory is
// bounded by the comments kept (replies included), not only by pages; a page holding more than a quarter of that
// bound is not kept, nor are pages of more than 100 threads (the article page's "all comments": cached as whole
// pages there).
import type { EventBus } from '../../platform/events/event-bus.js';
import type { ThreadPage } from './comments.service.js';
import { THREADS_PER_PAGE_MAX } from './limits.js';

const ARTICLE_SUBJECT = 'article:';

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

export function createThreadPageCache(opts: ThreadPageCacheOptions) {
  const maxEntries = opts.maxEntries ?? 500;
  const maxComments = opts.maxComments ?? 20_000;
  const ttlMs = opts.ttlMs ?? 60_000;
  const pages = new Map<string, { page: ThreadPage; expires: number; comments: number }>();
  let kept = 0; // comments in all pages
  let epoch = 0;

  const remove = (key: string) => {
    const entry = pages.get(key);
    if (!entry) return;
    pages.delete(key);
    kept -= entry.comments;
  };

  const prefix = (articleId: number) => `${articleId}|`;
  const dropArticle = (articleId: number) => {
    const p = prefix(articleId);
    for (const key of [...pages.keys()]) if (key.startsWith(p)) remove(key);
  };
  opts.events.onAny((e) => {
    if (!e.subject?.startsWith(ARTICLE_SUBJECT)) return;
    epoch++;
    dropArticle(Number(e.subject.slice(ARTICLE_SUBJECT.length)));
  });

  const keyOf = (articleId: number, v: ThreadPageView) => `${prefix(articleId)}${v.sort}|${v.cursor === undefined ? '' : `c${v.cursor}`}|${v.limit}|${v.inline ? 1 : 0}`;

  return {
    /** The page from memory, or read by `load` (and kept when no event about an article arrived meanwhile). */
    async get(articleId: number, view: ThreadPageView, load: () => Promise<ThreadPage>): Promise<ThreadPage> {
      if (view.limit > THREADS_PER_PAGE_MAX) return load();
      const key = keyOf(articleId, view);
      const now = opts.now();
      const found = pages.get(key);
      if (found && found.expires > now) {
        pages.delete(key);
        pages.set(key, found);
        return found.page;
      }
      const startedAt = epoch;
      const page = await load();
      const comments = countComments(page.comments);
      if (startedAt === epoch && comments <= maxComments / 4) {
        remove(key);
        pages.set(key, { page, expires: now + ttlMs, comments });
        kept += comments;
        while (pages.size > maxEntries || kept > maxComments) remove(pages.keys().next().value!);
      }
      return page;
    },
    /** Pages kept (tests). */
    get size() { return pages.size; },
    /** Comments in the pages kept, replies included (tests). */
    get comments() { return kept; },
  };
}

/** Comments in a page, replies at every depth included. */
function countComments(threads: readonly { replies: readonly unknown[] }[]): number {
  let n = 0;
  for (const t of threads) n += 1 + countComments(t.replies as { replies: readonly unknown[] }[]);
  return n;
}
