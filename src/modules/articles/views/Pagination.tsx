// Paging a listing with ?page=N: the visible previous/next links, and the rel="prev"/"next" links of the
// page's <head>. Page 1's address is the listing's own (no ?page=1), so it has one address.
export interface PageLinks {
  /** The listing's path without a query: "/", "/tags/local", "/archive/2026/03". */
  basePath: string;
  page: number;
  hasNext: boolean;
}

export const pageHref = (basePath: string, page: number) => (page <= 1 ? basePath : `${basePath}?page=${page}`);

/** <link rel="prev"> and <link rel="next"> for the page's <head>. */
export function PaginationHead({ basePath, page, hasNext }: PageLinks) {
  return (
    <>
      {page > 1 && <link rel="prev" href={pageHref(basePath, page - 1)} />}
      {hasNext && <link rel="next" href={pageHref(basePath, page + 1)} />}
    </>
  );
}

/** "← Newer" and "Older →" around the page's number; nothing when there is only one page. */
export function Pagination({ basePath, page, hasNext }: PageLinks) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      <span>{page > 1 && <a rel="prev" href={pageHref(basePath, page - 1)}>← Newer</a>}</span>
      <span aria-current="page">Page {page}</span>
      <span>{hasNext && <a rel="next" href={pageHref(basePath, page + 1)}>Older →</a>}</span>
    </nav>
  );
}
