// A numbered page of a counted listing (an author's articles): which rows to read for `?page=N` and where the
// page stands among all of them. The links are the articles module's Pagination and PaginationHead.
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';

/** `?page=N`: a whole number from 1; anything else reads as the first page. */
export const pageNumberQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export interface PageOf { number: number; size: number; total: number; last: number }

export const rowsOf = (number: number, size: number) => ({ limit: size, offset: (number - 1) * size });

/** The page's place among all of them; a page beyond the last (but the first): 404 PAGE_NOT_FOUND. */
export function pageOf(number: number, size: number, total: number): PageOf {
  const last = Math.max(1, Math.ceil(total / size));
  if (number > last) throw new AppError(404, 'PAGE_NOT_FOUND', `There are only ${last} page${last === 1 ? '' : 's'}`);
  return { number, size, total, last };
}
