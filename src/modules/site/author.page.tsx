// GET /authors/:slug: an author's page — name, photo, bio, their published articles newest first, a page
// at a time. Unknown slugs, readers' accounts and accounts without published work: 404 AUTHOR_NOT_FOUND.
import type { VNode } from 'preact';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { AUTHOR_SLUG_PATTERN, type AuthorProfile, type Caller } from '../accounts/index.js';
import { ArticleListing, Pagination, PaginationHead, type Article, type ArticlesService } from '../articles/index.js';
import { jsonForScript } from './seo.js';
import { pageNumberQuery, pageOf, rowsOf, type PageOf } from './paged-list.js';
import type { ListingCache } from './listing-cache.js';
import { viewerOf } from './site.routes.js';

/** Articles per author page. */
export const AUTHOR_PAGE_SIZE = 10;

export interface AuthorPageDeps {
  pages: PageRegistry<Caller>;
  articles: ArticlesService;
  authorBySlug: (slug: string) => Promise<AuthorProfile | undefined>;
  imageOf: (id: number) => Promise<{ thumbUrl: string; thumbWidth: number; thumbHeight: number } | undefined>;
  readerPage: (caller: Caller, title: string, content: VNode, known?: undefined, head?: VNode) => Promise<string>;
  baseUrl: string;
  /** Serves the page: from memory for readers without a session (listing-cache.ts). */
  listings: Pick<ListingCache, 'send'>;
}

const notFound = () => new AppError(404, 'AUTHOR_NOT_FOUND', 'No author with published articles has this address');

/** The bio: plain text, a paragraph per blank-line-separated block (escaped like any text). */
const Bio = ({ text }: { text: string }) => (
  <div class="author-bio">{text.split(/\n{2,}/).filter((p) => p.trim()).map((p) => <p>{p}</p>)}</div>
);

function AuthorView({ author, photo, articles, page }: {
  author: AuthorProfile; photo: { thumbUrl: string; thumbWidth: number; thumbHeight: number } | undefined; articles: Article[]; page: PageOf;
}) {
  const base = `/authors/${encodeURIComponent(author.slug)}`;
  return (
    <section class="author-page" aria-labelledby="author-name">
      <header class="author-header">
        {photo && <img class="author-photo" src={photo.thumbUrl} alt={`Photo of ${author.name}`} width={photo.thumbWidth} height={photo.thumbHeight} />}
        <h1 id="author-name">{author.name}</h1>
        {author.bio && <Bio text={author.bio} />}
        <p><a href={`${base}/feed`}>Follow {author.name} (RSS)</a></p>
      </header>
      <h2>Articles by {author.name}</h2>
      <ArticleListing articles={articles} />
      <Pagination basePath={base} page={page.number} hasNext={page.number < page.last} />
    </section>
  );
}

export function registerAuthorPages(deps: AuthorPageDeps) {
  deps.pages.add({
    method: 'GET', url: '/authors/:slug', access: 'public',
    params: z.object({ slug: z.string().max(80).regex(AUTHOR_SLUG_PATTERN) }), query: pageNumberQuery,
    handler: ({ req, reply, caller, params, query }) => deps.listings.send(req, reply, { personal: viewerOf(caller) !== undefined, key: `/authors/${params.slug}?page=${query.page}` }, async () => {
      const author = await deps.authorBySlug(params.slug);
      if (!author) throw notFound();
      const { articles, total } = await deps.articles.publishedByAuthor(author.id, rowsOf(query.page, AUTHOR_PAGE_SIZE));
      if (total === 0) throw notFound();
      const page = pageOf(query.page, AUTHOR_PAGE_SIZE, total);
      const photo = author.photoImageId !== null ? await deps.imageOf(author.photoImageId) : undefined;
      const base = `/authors/${encodeURIComponent(author.slug)}`;
      const url = `${deps.baseUrl}${base}${page.number > 1 ? `?page=${page.number}` : ''}`;
      const person = { '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.name, url: `${deps.baseUrl}${base}` } };
      const headParts = (
        <>
          <link rel="canonical" href={url} />
          <link rel="alternate" type="application/rss+xml" title={`Articles by ${author.name}`} href={`${base}/feed`} />
          <PaginationHead basePath={base} page={page.number} hasNext={page.number < page.last} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(person) }} />
        </>
      );
      const title = page.number > 1 ? `${author.name} (page ${page.number})` : author.name;
      return deps.readerPage(caller, title, <AuthorView author={author} photo={photo} articles={articles} page={page} />, undefined, headParts);
    }),
  });
}
