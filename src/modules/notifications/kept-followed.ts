// "Does anyone follow this article?" — asked in the transaction of every published comment (a comment on an
// article nobody follows queues no notification job) — kept in memory per article until the article's
// 'notifications.following-changed' event, on every instance (NOTIFY on PostgreSQL, the cluster primary on
// SQLite), and read again after 30 s (a change made by hand in the database). A comment committed before this
// instance heard of a subscription confirmed elsewhere (milliseconds) is not mailed to it: the same rule as a
// subscription confirmed after the comment committed.
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import { anyConfirmedOn } from './notifications.repo.js';
import { FOLLOWING_SUBJECT, followingSubject } from './notifications.events.js';

export const MAX_KEPT_ARTICLES = 10_000;

interface Followed { articleId: number; followed: boolean }

export function createKeptFollowed(deps: { events: EventBus; now: () => number }) {
  const kept = createKeptUntilEvent<Followed>({
    events: deps.events, now: deps.now, maxAgeMs: 30_000, maxEntries: MAX_KEPT_ARTICLES,
    subjectOf: (v) => followingSubject(v.articleId),
    reach: (e) => (e.subject?.startsWith(FOLLOWING_SUBJECT) ? 'subject' : 'nothing'),
  });
  return {
    /** Whether the article has a confirmed subscription; read through `tx` when not kept. */
    async anyConfirmedOn(tx: Transaction<Database>, articleId: number): Promise<boolean> {
      const v = await kept.get(String(articleId), async () => ({ articleId, followed: await anyConfirmedOn(tx, articleId) }));
      return v!.followed;
    },
    /** Articles kept (tests). */
    get size() { return kept.size; },
  };
}
