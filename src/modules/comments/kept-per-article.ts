// Values about one article's discussion kept in memory (platform/events/kept-until-event.ts) until an event about
// the article arrives, but for the event types that cannot change them; read again after `maxAgeMs` as well
// (changes made by hand in the database). Two serve the article page:
// - the published comment count (every page of threads shows it; votes and edits leave it). On PostgreSQL the
//   count of a 10,000-comment discussion was the slowest read of the page rendered after a vote (6–10 ms by the
//   page's own query timings, on a table not vacuumed since the import: an index-only scan still visits the rows
//   until VACUUM has marked their pages all-visible);
// - the passages marked for inline feedback (votes leave them).
import type { EventBus, EventType } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import { articleSubject } from './comments.events.js';

export function createKeptPerArticle<V>(opts: { events: EventBus; now: () => number; unchangedBy: readonly EventType[]; maxAgeMs?: number; maxEntries?: number }) {
  const unchangedBy = new Set<string>(opts.unchangedBy);
  const kept = createKeptUntilEvent<{ articleId: number; value: V }>({
    events: opts.events, now: opts.now, maxAgeMs: opts.maxAgeMs ?? 60_000, maxEntries: opts.maxEntries ?? 2_000,
    subjectOf: (k) => articleSubject(k.articleId),
    reach: (e) => (e.subject?.startsWith('article:') && !unchangedBy.has(e.type) ? 'subject' : 'nothing'),
  });
  return {
    /** The article's value under `key` (what else it depends on: a slug), kept or read by `load`. */
    async get(articleId: number, key: string, load: () => Promise<V>): Promise<V> {
      return (await kept.get(`${articleId}|${key}`, async () => ({ articleId, value: await load() })))!.value;
    },
  };
}
