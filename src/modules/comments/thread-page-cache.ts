// Pages of an article's threads as everyone sees them (no reader of their own: no votes or edit links to mark),
// kept in memory: the comments API's busy first pages cost no query for the threads, their replies or the count.
//
// A page is dropped when an event about its article arrives (every comment change, votes included, and every
// article change carry the subject "article:<id>"; so do the changes an account's deletion makes to its
// comments), on every instance (events reach each one after commit). A read that saw any such event while it ran
// is not kept. Changes without an event (by hand in the database) are bounded by the time to live. Large pages
// (the article page's "all comments") are not kept: they are cached as whole pages, and would crowd out the rest.
import type { EventBus } from '../../platform/events/event-bus.js';
import type { ThreadPage } from './comments.service.js';
import { THREADS_PER_PAGE_MAX } from './limits.js';

const ARTICLE_SUBJECT = 'article:';

export interface ThreadPageCacheOptions {
  events: EventBus;
  now: () => number;
  /** Pages kept (the least recently used go first; default 500). */
  maxEntries?: number;
  /** Longest a page is kept (default 60 s). */
  ttlMs?: number;
}

export interface ThreadPageView { sort: string; cursor: string | undefined; limit: number; inline: boolean }

export function createThreadPageCache(opts: ThreadPageCacheOptions) {
  const maxEntries = opts.maxEntries ?? 500;
  const ttlMs = opts.ttlMs ?? 60_000;
  const pages = new Map<string, { page: ThreadPage; expires: number }>();
  let epoch = 0;

  const prefix = (articleId: number) => `${articleId}|`;
  const dropArticle = (articleId: number) => {
    const p = prefix(articleId);
    for (const key of [...pages.keys()]) if (key.startsWith(p)) pages.delete(key);
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
      const kept = pages.get(key);
      if (kept && kept.expires > now) {
        pages.delete(key);
        pages.set(key, kept);
        return kept.page;
      }
      const startedAt = epoch;
      const page = await load();
      if (startedAt === epoch) {
        pages.delete(key);
        pages.set(key, { page, expires: now + ttlMs });
        while (pages.size > maxEntries) pages.delete(pages.keys().next().value!);
      }
      return page;
    },
    /** Pages kept (tests). */
    get size() { return pages.size; },
  };
}
