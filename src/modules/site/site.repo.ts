// The one small query that decides whether a cached article page is still fresh: the article's
// visibility and version, its newest domain event (any comment, vote or edit on it is one), and the
// current campaign's state, without loading any body text.
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export interface PageHead {
  id: number;
  version: number;
  /** Id of the newest event about the article (comments, votes, edits): 0 when none is kept. */
  lastEvent: number;
  visible: boolean;
  /** A static page has its own address (/pages/:slug). */
  kind: 'article' | 'page';
  campaignKey: string | null;
}

// Built and compiled by Kysely once per database (it runs on every page request; building it again each
// time cost about a tenth of a cached page's server time), then run with each request's values.
const SLUG = '\u0000slug';
const MONTH = '\u0000month';
const compiledHeads = new WeakMap<Kysely<Database>, CompiledQuery<HeadRow>>();

type HeadRow = { id: number; version: number; status: string; published_at: string | null; kind: 'article' | 'page'; last_event: number | null; campaign_key: string | null };

function headQuery(db: Kysely<Database>): CompiledQuery<HeadRow> {
  let compiled = compiledHeads.get(db);
  if (!compiled) {
    compiled = db.selectFrom('articles as a')
      .select(['a.id', 'a.version', 'a.status', 'a.published_at', 'a.kind'])
      .select(sql<number | null>`(select max(e.id) from domain_events e where e.subject = 'article:' || a.id)`.as('last_event'))
      .select(sql<string | null>`(select c.id || ':' || c.updated_at || ':' || c.goal_minor || ':' || c.raised_minor || ':' || c.currency
        from campaigns c where c.month = ${MONTH})`.as('campaign_key'))
      .where('a.slug', '=', SLUG)
      .compile();
    if (compiled.parameters.filter((p) => p === SLUG || p === MONTH).length !== 2) throw new Error('articlePageHead: the query lost a parameter');
    compiledHeads.set(db, compiled);
  }
  return compiled;
}

export async function articlePageHead(db: Kysely<Database>, slug: string, now: Date): Promise<PageHead | undefined> {
  const month = now.toISOString().slice(0, 7);
  const query = headQuery(db);
  const parameters = query.parameters.map((p) => (p === SLUG ? slug : p === MONTH ? month : p));
  const [row] = (await db.executeQuery(CompiledQuery.raw(query.sql, parameters) as CompiledQuery<HeadRow>)).rows;
  if (!row) return undefined;
  return {
    id: row.id,
    version: row.version,
    lastEvent: Number(row.last_event ?? 0),
    visible: row.status === 'published' && row.published_at !== null && row.published_at <= now.toISOString(),
    kind: row.kind,
    campaignKey: row.campaign_key,
  };
}
