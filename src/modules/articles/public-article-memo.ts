// Published articles as readers get them (with bylines and lead images), kept in memory by slug: the comments
// API, votes and posts look an article up on every request, and a busy article is looked up thousands of
// times between two changes.
//
// Kept until an event (platform/events/kept-until-event.ts): one of the article's own changes (subject
// "article:<id>") drops it; its comments' events never do (a comment, a vote or a moderator's decision changes
// nothing the article record holds), nor do the rules of who may comment or who follows a discussion; any
// other event (an author's profile, an account deleted, a donation…) drops them all, since bylines and images
// belong to other records. Read again after `maxAgeMs`
// as well (changes made by hand in the database). Whether the article is visible is decided by the caller at
// each request (a scheduled article appears on time). Only found articles are kept: unknown slugs cannot fill
// memory.
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import type { Article } from './articles.repo.js';
import { articleSubject } from './articles.events.js';

/** Events (by type prefix) of records no article holds: a discussion's, the moderation rules, its followers. */
const ARTICLE_UNCHANGED = ['comment.', 'moderation.rules-changed', 'notifications.following-changed'];

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
  const kept = createKeptUntilEvent<Article>({
    events: opts.events, now: opts.now, maxAgeMs: opts.maxAgeMs ?? 30_000, maxEntries: opts.maxEntries ?? 2_000,
    subjectOf: (a) => articleSubject(a.id),
    // A discussion's events (posts, votes, decisions) change comments, never the article: the busiest
    // events of a site keep it.
    reach: (e) => (ARTICLE_UNCHANGED.some((p) => e.type.startsWith(p)) ? 'nothing' : e.subject?.startsWith('article:') ? 'subject' : 'everything'),
  });
  return {
    get: (slug: string): Promise<Article | undefined> => kept.get(slug, () => opts.load(slug)),
    /** Articles kept (tests). */
    get size() { return kept.size; },
  };
}
