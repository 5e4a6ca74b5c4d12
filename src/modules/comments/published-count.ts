// An article's published comment count (every page of its threads shows it), kept in memory: on PostgreSQL the
// count of a 10,000-comment discussion was the slowest read of the article page rendered after a vote (6–10 ms
// by the page's own query timings, on a table not vacuumed since the import: an index-only scan still visits
// the rows until VACUUM has marked their pages all-visible). Kept until an event (platform/events/kept-until-event.ts) about the article
// that can change it: every comment event but a vote or an edit, and every article event; read again after 60 s
// as well (changes made by hand in the database).
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import { articleSubject } from './comments.events.js';

const UNCOUNTED = new Set(['comment.voted', 'comment.edited']);

export function createPublishedCounts(opts: { events: EventBus; now: () => number; count: (articleId: number) => Promise<number> }) {
  const kept = createKeptUntilEvent<{ articleId: number; n: number }>({
    events: opts.events, now: opts.now, maxAgeMs: 60_000, maxEntries: 5_000,
    subjectOf: (k) => articleSubject(k.articleId),
    reach: (e) => (e.subject?.startsWith('article:') && !UNCOUNTED.has(e.type) ? 'subject' : 'nothing'),
  });
  return {
    async of(articleId: number): Promise<number> {
      return (await kept.get(String(articleId), async () => ({ articleId, n: await opts.count(articleId) })))!.n;
    },
  };
}
