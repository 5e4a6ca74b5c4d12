// The articles' search index: kept in step with each article write (in its transaction), and queried with
// ranking. SQLite: FTS5 (bm25); PostgreSQL: tsvector + GIN (ts_rank_cd). Snippets: search-text.ts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { ftsQuery, indexableText, textOfHtml, tsQuery, type SearchTerms } from './search-text.js';

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

export interface SearchRow { slug: string; title: string; publishedAt: string; kind: 'article' | 'page'; /** The plain text the index keeps (for the snippet). */ text: string }

/** Title matches weigh this many times a body match (bm25 column weights on SQLite). */
const TITLE_WEIGHT = 10;

/**
 * How many matches are ranked at most: the most recently written ones (highest ids). A common word matches tens
 * of thousands of articles on a large site; ranking (and counting) them all reads every match's text and took
 * seconds at 100,000 articles, while paging stops at SEARCH_MAX_OFFSET anyway. Below this many matches, ranking
 * and the total are exact.
 */
export const SEARCH_CANDIDATES = 1050;

/** A row of the page with the number of candidates (the same on every row). */
interface Hit { slug: string; title: string; published_at: string; kind: 'article' | 'page'; body: string; total: number }

/**
 * Published articles visible at `now` matching every word, best first among the SEARCH_CANDIDATES most recent
 * matches, with the plain text of the page's rows; `total` is exact unless `capped` (then: at least that many).
 *
 * One statement: the innermost query walks the matches from the highest id down (FTS5's rowid order;
 * PostgreSQL: the primary key backwards), skips what is not visible, computes each one's rank as it passes
 * (bm25 with the title weighted; ts_rank_cd over the title-A, body-B vector) and stops after
 * SEARCH_CANDIDATES + 1 (the one more says the total is capped); the next counts them and keeps the first
 * SEARCH_CANDIDATES; then they are ordered (rank, then newest, then id) and the page's rows read for their slug,
 * title and text. Before, a second full-text query ranked the candidates and made the snippets: it paid the
 * query's fixed costs again (on SQLite the prefix word's merged doclist and bm25's document counts; on
 * PostgreSQL every candidate's vector read again), and the databases' snippet functions were most of the rest —
 * snippets are now made from the text, for the page's rows only (search-text.ts snippetOf).
 */
export async function searchArticles(db: DB, dialect: DialectName, terms: SearchTerms, now: string, limit: number, offset: number): Promise<{ rows: SearchRow[]; total: number; capped: boolean }> {
  const candidates = dialect === 'sqlite'
    ? sql`
      select a.id, a.published_at, bm25(article_search, ${TITLE_WEIGHT}, 1.0) as rank
      from article_search join articles a on a.id = article_search.rowid
      where article_search match ${ftsQuery(terms)} and a.status = 'published' and a.published_at <= ${now}
      order by article_search.rowid desc limit ${SEARCH_CANDIDATES + 1}`
    : sql`
      select a.id, a.published_at, -ts_rank_cd(s.document, q) as rank
      from article_search s join articles a on a.id = s.article_id, to_tsquery('gazette_search', ${tsQuery(terms)}) q
      where s.document @@ q and a.status = 'published' and a.published_at <= ${now}
      order by a.id desc limit ${SEARCH_CANDIDATES + 1}`;
  // Ranked: lower first (bm25 is lower for better matches; PostgreSQL's rank is negated above to read the same).
  // The one candidate more, when there is one, has the lowest id: left out without sorting by id again.
  const ranked = sql`
    select k.id, k.published_at, k.rank, k.total
    from (select w.*, count(*) over () as total, min(w.id) over () as lowest from (${candidates}) w) k
    where k.total <= ${SEARCH_CANDIDATES} or k.id > k.lowest
    order by k.rank, k.published_at desc, k.id desc limit ${limit} offset ${offset}`;
  const found = dialect === 'sqlite'
    ? await sql<Hit>`
      select a.slug, a.title, a.published_at, a.kind, s.body, c.total
      from (${ranked}) c join articles a on a.id = c.id join article_search s on s.rowid = c.id
      order by c.rank, c.published_at desc, c.id desc`.execute(db)
    : await sql<Hit>`
      select a.slug, a.title, a.published_at, a.kind, s.body, c.total::int as total
      from (${ranked}) c join articles a on a.id = c.id join article_search s on s.article_id = c.id
      order by c.rank, c.published_at desc, c.id desc`.execute(db);
  let counted = found.rows[0]?.total;
  // A page past the last candidate has no row to carry the count: asked for alone (paging links never lead there).
  if (counted === undefined) {
    counted = offset === 0 ? 0 : Number((await sql<{ n: number }>`select count(*) as n from (${candidates}) w`.execute(db)).rows[0]!.n);
  }
  const capped = counted > SEARCH_CANDIDATES;
  const rows = found.rows.map((r) => ({
    slug: r.slug, title: r.title, publishedAt: r.published_at, kind: r.kind, text: dialect === 'sqlite' ? r.body.normalize('NFC') : r.body,
  }));
  return { rows, total: Math.min(counted, SEARCH_CANDIDATES), capped };
}
