// The one small query that decides whether a cached article page is still fresh: the article's
// visibility and version, its newest domain event (any comment, vote or edit on it is one), and the
// current campaign's state, without loading any body text.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export interface PageHead {
  id: number;
  version: number;
  /** Id of the newest event about the article (comments, votes, edits): 0 when none is kept. */
  lastEvent: number;
  visible: boolean;
  campaignKey: string | null;
}

export async function articlePageHead(db: Kysely<Database>, slug: string, now: Date): Promise<PageHead | undefined> {
  const month = now.toISOString().slice(0, 7);
  const row = await db.selectFrom('articles as a')
    .select(['a.id', 'a.version', 'a.status', 'a.published_at'])
    .select(sql<number | null>`(select max(e.id) from domain_events e where e.subject = 'article:' || a.id)`.as('last_event'))
    .select(sql<string | null>`(select c.id || ':' || c.updated_at || ':' || c.goal_minor || ':' || c.raised_minor || ':' || c.currency
      from campaigns c where c.month = ${month})`.as('campaign_key'))
    .where('a.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    version: row.version,
    lastEvent: Number(row.last_event ?? 0),
    visible: row.status === 'published' && row.published_at !== null && row.published_at <= now.toISOString(),
    campaignKey: row.campaign_key,
  };
}
