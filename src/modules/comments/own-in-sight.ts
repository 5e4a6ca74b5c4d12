// Which guests have a comment of their own in sight on an article — held for moderation, or published and
// still inside the edit window — so that a request with a reader cookie is told without a query whether it
// needs its personal page. Per article: reader id → until when (a held comment: until its status changes).
// Read once per article (comments.repo.ts readersWithOwnInSight), dropped by any comment event about the
// article (after commit, on every instance), read again after `maxAgeMs` or when the edit window changes.
//
// Why not a signed cookie set when the reader comments: it would say nothing about a comment a moderator
// later holds or publishes, or one made from another browser with the same reader cookie, and it costs an
// HMAC check per request as well; this map is exact, its size bounded by the articles kept.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { readersWithOwnInSight } from './comments.repo.js';

interface Known { readers: Map<string, number>; windowMs: number; loadedAt: number }

const COMMENT_EVENTS = ['comment.created', 'comment.published', 'comment.edited', 'comment.deleted', 'comment.status-changed', 'comment.voted'] as const;

export function createOwnInSight(opts: {
  db: Kysely<Database>; events: EventBus; clock: Clock; editWindowMs: () => number;
  /** Read again after this long even without an event (default 60 s). */
  maxAgeMs?: number;
  /** Articles kept (default 2,000). */
  maxArticles?: number;
}) {
  const { db, clock, editWindowMs } = opts;
  const maxAgeMs = opts.maxAgeMs ?? 60_000;
  const maxArticles = opts.maxArticles ?? 2000;
  const byArticle = new Map<number, Known>();
  let epoch = 0;
  for (const type of COMMENT_EVENTS) {
    opts.events.on(type, (e) => { epoch++; byArticle.delete(e.payload.articleId); });
  }

  async function load(articleId: number, now: number, windowMs: number): Promise<Known> {
    const seen = epoch;
    const since = windowMs > 0 ? new Date(now - windowMs).toISOString() : undefined;
    const readers = new Map<string, number>();
    for (const r of await readersWithOwnInSight(db, articleId, since)) {
      const until = r.held ? Infinity : Date.parse(r.createdAt) + windowMs;
      readers.set(r.readerId, Math.max(until, readers.get(r.readerId) ?? -Infinity));
    }
    const known = { readers, windowMs, loadedAt: now };
    if (seen === epoch) {
      byArticle.delete(articleId);
      byArticle.set(articleId, known);
      if (byArticle.size > maxArticles) byArticle.delete(byArticle.keys().next().value!);
    }
    return known;
  }

  return {
    /** Whether this guest has a held or still editable comment on the article now. */
    async has(articleId: number, readerId: string): Promise<boolean> {
      const now = clock().getTime();
      const windowMs = editWindowMs();
      let known = byArticle.get(articleId);
      if (!known || known.windowMs !== windowMs || now - known.loadedAt >= maxAgeMs) known = await load(articleId, now, windowMs);
      const until = known.readers.get(readerId);
      return until !== undefined && now <= until;
    },
  };
}
