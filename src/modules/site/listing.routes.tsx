// Reader listings besides the home page: a tag's articles (/tags/:tag), the archive's months (/archive) and
// one month (/archive/:year/:month), each a page at a time (?page=N) with rel="prev"/"next" links, tags as
// links and the published comments of each article (one query per listing).
import { z } from 'zod';
import type { ComponentChildren, VNode } from 'preact';
import { AppError } from '../../platform/http/errors.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { Caller } from '../accounts/index.js';
import { ArticleListing, Pagination, PaginationHead, monthRange, pageNumberOf, tagPath, type ListingService, type PageLinks } from '../articles/index.js';
import type { CommentsService } from '../comments/index.js';
import { ListingHead } from './seo.js';
import { sitePageHtml, type SiteContext } from './site.render.js';
import { listingQuery, viewerOf } from './site.routes.js';
import type { ListingCache } from './listing-cache.js';

export interface ListingPagesDeps {
  pages: PageRegistry<Caller>;
  listing: ListingService;
  comments: Pick<CommentsService, 'publishedCounts'>;
  siteName: () => string;
  baseUrl: string;
  contextFor: (caller: Caller, head?: (logoUrl: string | undefined) => ComponentChildren) => Promise<SiteContext>;
  /** Serves a page: from memory for readers without a session (listing-cache.ts). */
  listings: Pick<ListingCache, 'send'>;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (year: number, month: number) => `${MONTHS[month - 1]} ${year}`;
const two = (n: number) => String(n).padStart(2, '0');

export function registerListingPages(deps: ListingPagesDeps) {
  const { pages, listing, comments } = deps;

  /** A listing page: heading, articles with their comment counts, paging; the <head> with canonical and rel links. */
  async function listingPage(caller: Caller, opts: { title: string; intro?: VNode; paging: PageLinks; articles: Parameters<typeof ArticleListing>[0]['articles']; alternate?: { href: string; title: string } }) {
    const { paging } = opts;
    const commentCounts = await comments.publishedCounts(opts.articles.map((a) => a.id));
    const title = paging.page > 1 ? `${opts.title}, page ${paging.page}` : opts.title;
    const path = paging.page > 1 ? `${paging.basePath}?page=${paging.page}` : paging.basePath;
    const ctx = await deps.contextFor(caller, (logoUrl) => (
      <>
        <ListingHead site={{ siteName: deps.siteName(), baseUrl: deps.baseUrl, logoUrl }} path={path} title={title} />
        <PaginationHead {...paging} />
        {opts.alternate && <link rel="alternate" type="application/rss+xml" title={opts.alternate.title} href={opts.alternate.href} />}
      </>
    ));
    return sitePageHtml(ctx, title, (
      <section class="listing" aria-labelledby="listing-title">
        <h1 id="listing-title">{title}</h1>
        {opts.intro}
        <ArticleListing articles={opts.articles} commentCounts={commentCounts} />
        <Pagination {...paging} />
      </section>
    ));
  }

  pages.add({
    method: 'GET', url: '/tags/:tag', access: 'public',
    params: z.object({ tag: z.string().trim().toLowerCase().min(1).max(40) }), query: listingQuery,
    handler: ({ req, reply, caller, params, query }) => {
      const page = pageNumberOf(query.page);
      return deps.listings.send(req, reply, { personal: viewerOf(caller) !== undefined, key: `${tagPath(params.tag)}?page=${page}` }, async () => {
        const listed = await listing.page({ tag: params.tag }, page);
        if (listed.articles.length === 0) throw new AppError(404, 'TAG_NOT_FOUND', `Nothing is published under the tag “${params.tag}”`);
        const basePath = tagPath(params.tag);
        return listingPage(caller, {
          title: `Tagged “${params.tag}”`, articles: listed.articles, paging: { basePath, page, hasNext: listed.hasNext },
          alternate: { href: `${basePath}/feed`, title: `${deps.siteName()}: ${params.tag} (RSS)` },
        });
      });
    },
  });

  pages.add({
    method: 'GET', url: '/archive', access: 'public',
    handler: ({ req, reply, caller }) => deps.listings.send(req, reply, { personal: viewerOf(caller) !== undefined, key: '/archive' }, async () => {
      const months = await listing.months();
      const years = [...new Set(months.map((m) => m.year))];
      const ctx = await deps.contextFor(caller, (logoUrl) => <ListingHead site={{ siteName: deps.siteName(), baseUrl: deps.baseUrl, logoUrl }} path="/archive" title="Archive" />);
      return sitePageHtml(ctx, 'Archive', (
        <section class="archive" aria-labelledby="archive-title">
          <h1 id="archive-title">Archive</h1>
          {months.length === 0 ? <p>Nothing published yet.</p> : years.map((year) => (
            <section key={year} aria-labelledby={`year-${year}`}>
              <h2 id={`year-${year}`}>{year}</h2>
              <ul class="archive-months">
                {months.filter((m) => m.year === year).map((m) => (
                  <li key={m.month}>
                    <a href={`/archive/${m.year}/${two(m.month)}`}>{monthName(m.year, m.month)}</a>{' '}
                    <span class="listing-meta">({m.count === 1 ? '1 article' : `${m.count} articles`})</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ));
    }),
  });

  pages.add({
    method: 'GET', url: '/archive/:year/:month', access: 'public',
    params: z.object({ year: z.string(), month: z.string() }), query: listingQuery,
    handler: ({ req, reply, caller, params, query }) => {
      const year = /^[0-9]{4}$/.test(params.year) ? Number(params.year) : NaN;
      const month = /^(0[1-9]|1[0-2])$/.test(params.month) ? Number(params.month) : NaN;
      if (!(year >= 1970) || Number.isNaN(month)) throw new AppError(404, 'ARCHIVE_MONTH_NOT_FOUND', 'No such month in the archive (use /archive/2026/03)');
      const page = pageNumberOf(query.page);
      const basePath = `/archive/${year}/${two(month)}`;
      return deps.listings.send(req, reply, { personal: viewerOf(caller) !== undefined, key: `${basePath}?page=${page}` }, async () => {
        const listed = await listing.page(monthRange(year, month), page);
        if (listed.articles.length === 0) throw new AppError(404, 'ARCHIVE_MONTH_NOT_FOUND', `Nothing was published in ${monthName(year, month)}`);
        return listingPage(caller, {
          title: monthName(year, month), articles: listed.articles,
          paging: { basePath, page, hasNext: listed.hasNext },
          intro: <p><a href="/archive">← All months</a></p>,
        });
      });
    },
  });
}
