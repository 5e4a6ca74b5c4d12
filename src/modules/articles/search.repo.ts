// The articles' search index: kept in step with each article write (in its transaction), and queried with
// ranking and snippets. SQLite: FTS5 (bm25, snippet()); PostgreSQL: tsvector + GIN (ts_rank_cd, ts_headline).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { MARK_END, MARK_START, ftsQuery, indexableText, textOfHtml, tsQuery, type SearchTerms } from './search-text.js';

type DB = Kysely<Database> | Transaction<Database>;

/** Writes (or rewrites) an article's row of the search index. */
export async function indexArticle(db: DB, dialect: DialectName, a: { id: number; title: string; bodyHtml: string }): Promise<void> {
  const title = indexableText(a.title);
  const body = textOfHtml(a.bodyHtml);
  if (dialect === 'sqlite') {
    // Decomposed (NFD): unicode61 then drops the combining accents, Greek tonos included ("ελλαδα" finds "Ελλάδα").
    await sql`delete from article_search where rowid = ${a.id}`.execute(db);
    await sql`insert into article_search (rowid, title, body) values (${a.id}, ${title.normalize('NFD')}, ${body.normalize('NFD')})`.execute(db);
  } else {
    await sql`insert into article_search (article_id, title, body) values (${a.id}, ${title}, ${body})
      on conflict (article_id) do update set title = excluded.title, body = excluded.body`.execute(db);
  }
}

/** Writes the search rows of new articles in multi-row statements (seeding: no row to replace). */
export async function indexNewArticles(db: DB, dialect: DialectName, list: readonly { id: number; title: string; bodyHtml: string }[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    const rows = list.slice(i, i + 500).map((a) => {
      const title = indexableText(a.title);
      const body = textOfHtml(a.bodyHtml);
      return dialect === 'sqlite' ? sql`(${a.id}, ${title.normalize('NFD')}, ${body.normalize('NFD')})` : sql`(${a.id}, ${title}, ${body})`;
    });
    if (dialect === 'sqlite') await sql`insert into article_search (rowid, title, body) values ${sql.join(rows)}`.execute(db);
    else await sql`insert into article_search (article_id, title, body) values ${sql.join(rows)}`.execute(db);
  }
}

export interface SearchRow { slug: string; title: string; publishedAt: string; snippet: string; kind: 'article' | 'page' }

/** Title matches weigh this many times a body match (bm25 column weights on SQLite). */
const TITLE_WEIGHT = 10;

/**
 * How many matches are ranked at most: the most recently written ones (highest ids). A common word matches tens
 * of thousands of articles on a large site; ranking (and counting) them all reads every match's text and took
 * seconds at 100,000 articles, while paging stops at SEARCH_MAX_OFFSET anyway. The candidates are found by
 * walking the matches from the highest id down (FTS5's rowid order; PostgreSQL: the primary key backwards) and
 * stopping after this many; SQLite then ranks every visible match from the lowest candidate's id up (a rowid
 * range FTS5 filters cheaply; an IN list made it run the query once per id), PostgreSQL the candidates by primary
 * key (`= any(ids)`: three times faster than the GIN index and the range together). Below this many matches,
 * ranking and the total are exact.
 */
export const SEARCH_CANDIDATES = 1050;

/**
 * Published articles visible at `now` matching every word, best first among the SEARCH_CANDIDATES most recent
 * matches, with a marked snippet of the body; `total` is exact unless `capped` (then: at least that many).
 */
export async function searchArticles(db: DB, dialect: DialectName, terms: SearchTerms, now: string, limit: number, offset: number): Promise<{ rows: SearchRow[]; total: number; capped: boolean }> {
  if (dialect === 'sqlite') {
    const match = ftsQuery(terms);
    const found = await sql<{ id: number }>`
      select a.id from article_search join articles a on a.id = article_search.rowid
      where article_search match ${match} and a.status = 'published' and a.published_at <= ${now}
      order by article_search.rowid desc limit ${SEARCH_CANDIDATES + 1}`.execute(db);
    const ids = found.rows.slice(0, SEARCH_CANDIDATES).map((r) => r.id);
    if (ids.length === 0) return { rows: [], total: 0, capped: false };
    const rows = await sql<{ slug: string; title: string; published_at: string; snippet: string; kind: 'article' | 'page' }>`
      select a.slug, a.title, a.published_at, a.kind,
        snippet(article_search, 1, ${MARK_START}, ${MARK_END}, '…', 24) as snippet
      from article_search join articles a on a.id = article_search.rowid
      where article_search match ${match} and article_search.rowid >= ${ids[ids.length - 1]!} and a.status = 'published' and a.published_at <= ${now}
      order by bm25(article_search, ${TITLE_WEIGHT}, 1.0), a.published_at desc, a.id desc
      limit ${limit} offset ${offset}`.execute(db);
    return { rows: rows.rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: r.published_at, snippet: r.snippet.normalize('NFC'), kind: r.kind })), total: ids.length, capped: found.rows.length > SEARCH_CANDIDATES };
  }
  const query = tsQuery(terms);
  const found = await sql<{ id: number }>`
    select a.id from article_search s join articles a on a.id = s.article_id
    where s.document @@ to_tsquery('gazette_search', ${query}) and a.status = 'published' and a.published_at <= ${now}
    order by a.id desc limit ${SEARCH_CANDIDATES + 1}`.execute(db);
  const ids = found.rows.slice(0, SEARCH_CANDIDATES).map((r) => r.id);
  if (ids.length === 0) return { rows: [], total: 0, capped: false };
  // The headline is made only for the page's rows (it reads the whole body), after ranking and the limit.
  const rows = await sql<{ slug: string; title: string; published_at: string; snippet: string; kind: 'article' | 'page' }>`
    select hit.slug, hit.title, hit.published_at, hit.kind,
      ts_headline('gazette_search', hit.body, to_tsquery('gazette_search', ${query}),
        ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MinWords=15, MaxWords=35, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
    from (
      select a.id, a.slug, a.title, a.published_at, a.kind, s.body, ts_rank_cd(s.document, q) as rank
      from article_search s join articles a on a.id = s.article_id, to_tsquery('gazette_search', ${query}) q
      where s.article_id = any(${ids}::int[])
      order by rank desc, a.published_at desc, a.id desc
      limit ${limit} offset ${offset}
    ) hit
    order by hit.rank desc, hit.published_at desc, hit.id desc`.execute(db);
  return { rows: rows.rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: r.published_at, snippet: r.snippet, kind: r.kind })), total: ids.length, capped: found.rows.length > SEARCH_CANDIDATES };
}
