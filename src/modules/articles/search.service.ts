// Site search: a reader's words over published articles' titles and bodies, ranked, with marked snippets.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/errors.js';
import { searchArticles } from './search.repo.js';
import { publicPathOf } from './articles.repo.js';
import { snippetHtml, snippetOf, termsOf } from './search-text.js';

export const SEARCH_MAX_LIMIT = 50;
/** Paging goes this deep at most (a search is for finding, not for walking the archive). */
export const SEARCH_MAX_OFFSET = 1000;

export interface SearchResult { slug: string; title: string; url: string; publishedAt: string; snippetHtml: string; kind: 'article' | 'page' }
/** `total`: how many match, exact unless `totalCapped` (then at least that many: only the newest are ranked, search.repo.ts). */
export interface SearchPage { results: SearchResult[]; total: number; totalCapped: boolean }

export function createSearchService(deps: { db: Kysely<Database>; dialect: DialectName; clock: Clock }) {
  const { db, dialect, clock } = deps;
  return {
    /** Blank input is QUERY_REQUIRED (400); input without a word to search for finds nothing. */
    async search(q: string, opts: { limit?: number; offset?: number } = {}): Promise<SearchPage> {
      if (q.trim() === '') throw new AppError(400, 'QUERY_REQUIRED', 'Type something to search for', 'q');
      const terms = termsOf(q);
      if (terms.words.length === 0) return { results: [], total: 0, totalCapped: false };
      const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 10), 1), SEARCH_MAX_LIMIT);
      const offset = Math.min(Math.max(Math.trunc(opts.offset ?? 0), 0), SEARCH_MAX_OFFSET);
      const { rows, total, capped } = await searchArticles(db, dialect, terms, clock().toISOString(), limit, offset);
      return {
        total,
        totalCapped: capped,
        results: rows.map((r) => ({
          slug: r.slug, title: r.title, url: publicPathOf(r), publishedAt: r.publishedAt, snippetHtml: snippetHtml(snippetOf(r.text, terms)), kind: r.kind,
        })),
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
