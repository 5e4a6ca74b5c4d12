import type { SearchPage } from '../search.service.js';
import { longDate } from '../../../ui/format.js';

export interface SearchViewProps {
  q: string;
  /** Absent when nothing was searched for yet (an empty form). */
  page?: SearchPage;
  offset: number;
  limit: number;
}

/** The search form and, after a search, its results as a list (each title a heading and a link). */
export function SearchView({ q, page, offset, limit }: SearchViewProps) {
  const shown = page ? page.results.length : 0;
  const moreAt = offset + limit;
  const link = (at: number) => `/search?q=${encodeURIComponent(q)}${at > 0 ? `&offset=${at}` : ''}`;
  return (
    <section class="search" aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
      <form class="site-search" role="search" method="get" action="/search">
        <label for="search-q">Search the articles</label>
        <input id="search-q" type="search" name="q" value={q} maxLength={200} autoComplete="off" />
        <button type="submit">Search</button>
      </form>
      {page && (
        <>
          <p class="search-count" role="status">
            {page.total === 0 ? <>No articles match “{q}”.</>
              : <>{page.total === 1 ? '1 article matches' : page.totalCapped ? `More than ${page.total.toLocaleString('en-US')} articles match` : `${page.total} articles match`} “{q}”{page.total > shown ? ` (showing ${offset + 1}–${offset + shown})` : ''}.</>}
          </p>
          {shown > 0 && (
            <ol class="article-list search-results" start={offset + 1}>
              {page.results.map((r) => (
                <li key={r.slug}>
                  <h2><a href={r.url}>{r.title}</a></h2>
                  {r.snippetHtml && <p class="search-snippet" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />}
                  {r.kind !== 'page' && <p class="byline"><time dateTime={r.publishedAt}>{longDate(r.publishedAt)}</time></p>}
                </li>
              ))}
            </ol>
          )}
          {(offset > 0 || moreAt < page.total) && (
            <nav class="search-pages" aria-label="More results">
              {offset > 0 && <a href={link(Math.max(0, offset - limit))} rel="prev">Previous results</a>}
              {offset > 0 && moreAt < page.total && ' · '}
              {moreAt < page.total && <a href={link(moreAt)} rel="next">More results</a>}
            </nav>
          )}
        </>
      )}
    </section>
  );
}
