// Published articles as readers get them (with bylines and lead images), kept in memory by slug: the comments
// API, votes and posts look an article up on every request, and a busy article is looked up thousands of
// times between two changes.
//
// An entry is dropped when an event about its article arrives (subject "article:<id>": every article and
// comment change), on every instance; any other event that is not about a comment or an article (an author's
// profile, an account deleted, a donation…) drops them all, since bylines and images belong to other records.
// A read that saw such an event while it ran is not kept. Changes without an event (by hand in the database)
// are bounded by `maxAgeMs`. Whether the article is visible is decided by the caller at each request (a
// scheduled article appears on time). Only found articles are kept: unknown slugs cannot fill memory.
import type { EventBus } from '../../platform/events/event-bus.js';
import type { Article } from './articles.repo.js';

const ARTICLE_SUBJECT = 'article:';

export interface PublicArticleMemoOptions {
  events: EventBus;
  now: () => number;
  /** Reads an article (with bylines and lead image) by slug; undefined when none has it. */
  load: (slug: string) => Promise<Article | undefined>;
  /** Read again after this long even without an event (default 30 s). */
  maxAgeMs?: number;
  /** Articles kept (the least recently used go first; default 2,000). */
  maxEntries?: number;
}

export function createPublicArticleMemo(opts: PublicArticleMemoOptions) {
  const maxAgeMs = opts.maxAgeMs ?? 30_000;
  const maxEntries = opts.maxEntries ?? 2_000;
  const bySlug = new Map<string, { article: Article; loadedAt: number }>();
  const slugOfId = new Map<number, string>();
  let epoch = 0;

  const forget = (slug: string) => {
    const kept = bySlug.get(slug);
    if (!kept) return;
    bySlug.delete(slug);
    slugOfId.delete(kept.article.id);
  };
  opts.events.onAny((e) => {
    epoch++;
    if (e.subject?.startsWith(ARTICLE_SUBJECT)) {
      const slug = slugOfId.get(Number(e.subject.slice(ARTICLE_SUBJECT.length)));
      if (slug !== undefined) forget(slug);
    } else {
      bySlug.clear();
      slugOfId.clear();
    }
  });

  return {
    async get(slug: string): Promise<Article | undefined> {
      const now = opts.now();
      const kept = bySlug.get(slug);
      if (kept && now - kept.loadedAt < maxAgeMs) return kept.article;
      const startedAt = epoch;
      const article = await opts.load(slug);
      if (article && startedAt === epoch) {
        forget(slug);
        const old = slugOfId.get(article.id);
        if (old !== undefined) forget(old);
        bySlug.set(slug, { article, loadedAt: now });
        slugOfId.set(article.id, slug);
        while (bySlug.size > maxEntries) forget(bySlug.keys().next().value!);
      }
      return article;
    },
    /** Articles kept (tests). */
    get size() { return bySlug.size; },
  };
}
