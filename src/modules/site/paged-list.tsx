// A numbered page of a listing: which rows to read for `?page=N`, and the links to the pages beside it
// (rel="next" / rel="prev", in the page and in its <head>). Small on purpose: a shared listing component
// may replace it.
import type { ComponentChildren } from 'preact';
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

const hrefOf = (base: string, n: number) => (n === 1 ? base : `${base}?page=${n}`);

/** <link rel="prev|next"> for the page's <head>. */
export function PageLinks({ base, page }: { base: string; page: PageOf }) {
  return (
    <>
      {page.number > 1 && <link rel="prev" href={hrefOf(base, page.number - 1)} />}
      {page.number < page.last && <link rel="next" href={hrefOf(base, page.number + 1)} />}
    </>
  );
}

/** The rows, then "Newer" / "Page n of m" / "Older" links. */
export function PagedList({ base, page, label, children }: { base: string; page: PageOf; label: string; children: ComponentChildren }) {
  return (
    <>
      <ol class="article-list">{children}</ol>
      {page.last > 1 && (
        <nav class="pagination" aria-label={label}>
          {page.number > 1 && <a rel="prev" href={hrefOf(base, page.number - 1)}>← Newer</a>}
          <span> Page {page.number} of {page.last} </span>
          {page.number < page.last && <a rel="next" href={hrefOf(base, page.number + 1)}>Older →</a>}
        </nav>
      )}
    </>
  );
}
