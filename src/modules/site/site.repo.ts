// What decides whether a cached article page is still fresh, read when it is not known in memory
// (page-heads.ts keeps it there, dropped by the domain events): the article's visibility and version, its
// newest domain event (any comment, vote or edit on it is one), and the month's campaign state, without
// loading any body text.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export interface ArticleHeadRow {
  id: number;
  version: number;
  status: string;
  publishedAt: string | null;
  /** A static page has its own address (/pages/:slug). */
  kind: 'article' | 'page';
  /** Id of the newest event about the article (comments, votes, edits): 0 when none is kept. */
  lastEvent: number;
}

export async function articleHeadBySlug(db: Kysely<Database>, slug: string): Promise<ArticleHeadRow | undefined> {
  const row = await db.selectFrom('articles as a')
    .select(['a.id', 'a.version', 'a.status', 'a.published_at', 'a.kind'])
    .select(sql<number | null>`(select max(e.id) from domain_events e where e.subject = 'article:' || a.id)`.as('last_event'))
    .where('a.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, version: row.version, status: row.status, publishedAt: row.published_at, kind: row.kind, lastEvent: Number(row.last_event ?? 0) };
}

/** The month's campaign as a string that changes with anything the fundraising bar shows; null without one. */
export async function campaignKeyOf(db: Kysely<Database>, month: string): Promise<string | null> {
  const row = await db.selectFrom('campaigns as c')
    .select(sql<string>`c.id || ':' || c.updated_at || ':' || c.goal_minor || ':' || c.raised_minor || ':' || c.currency`.as('key'))
    .where('c.month', '=', month)
    .executeTakeFirst();
  return row?.key ?? null;
}
