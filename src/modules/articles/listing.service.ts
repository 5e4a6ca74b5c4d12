// Listings for readers, a page at a time: the home page, a tag, an archive month; and the archive's months.
// A page is read with one row more than it shows, to know whether a next page exists without counting.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/errors.js';
import type { ListedArticle } from './articles.repo.js';
import { attachAuthors } from './article-authors.repo.js';
import { withLeads } from './lead-image.js';
import { archiveMonths, listingRows, nextPublicationAfter, type ArchiveMonth, type ListingFilter } from './listing.repo.js';

/** Articles per listing page. */
export const LISTING_PAGE_SIZE = 20;
/** The deepest page a listing serves (OFFSET grows with it). */
export const LISTING_MAX_PAGE = 10_000;

export interface ListingPage { articles: ListedArticle[]; page: number; hasNext: boolean }

/**
 * `?page=` as typed: absent is page 1; anything but a whole number from 1 to LISTING_MAX_PAGE is 400
 * INVALID_PAGE (a wrong link should be seen, not silently shown page 1).
 */
export function pageNumberOf(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= LISTING_MAX_PAGE)) throw new AppError(400, 'INVALID_PAGE', `page: a whole number from 1 to ${LISTING_MAX_PAGE}`, 'page');
  return n;
}

/** The first instant of a month (UTC) and of the next one. */
export function monthRange(year: number, month: number): { from: string; to: string } {
  return { from: new Date(Date.UTC(year, month - 1, 1)).toISOString(), to: new Date(Date.UTC(year, month, 1)).toISOString() };
}

export function createListingService(deps: { db: Kysely<Database>; clock: Clock; pageSize?: number }) {
  const { db, clock } = deps;
  const size = deps.pageSize ?? LISTING_PAGE_SIZE;
  return {
    pageSize: size,
    /** One page of a listing; a page after the last is 404 PAGE_OUT_OF_RANGE (page 1 of an empty listing is empty). */
    async page(filter: ListingFilter, page: number): Promise<ListingPage> {
      const rows = await listingRows(db, clock().toISOString(), filter, size + 1, (page - 1) * size);
      if (rows.length === 0 && page > 1) throw new AppError(404, 'PAGE_OUT_OF_RANGE', `There is no page ${page} of this list`, 'page');
      return { articles: await withLeads(db, await attachAuthors(db, rows.slice(0, size))), page, hasNext: rows.length > size };
    },
    months: (): Promise<ArchiveMonth[]> => archiveMonths(db, clock().toISOString()),
    /** When a scheduled article next joins the listings (milliseconds), or null when none is scheduled. */
    async nextPublication(): Promise<number | null> {
      const at = await nextPublicationAfter(db, clock().toISOString());
      return at === null ? null : Date.parse(at);
    },
  };
}

export type ListingService = ReturnType<typeof createListingService>;
export type { ArchiveMonth, ListingFilter };
