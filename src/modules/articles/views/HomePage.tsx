import type { ListedArticle } from '../articles.repo.js';
import { ArticleListing } from './ArticleListing.js';
import { Pagination, type PageLinks } from './Pagination.js';

export function HomeView({ articles, siteName, commentCounts, paging, timeZone }: {
  articles: ListedArticle[]; siteName: string; commentCounts?: ReadonlyMap<number, number>; paging?: PageLinks;
  /** The site's (dates shown in it). */ timeZone?: string;
}) {
  return (
    <section class="home" aria-labelledby="home-title">
      <h1 id="home-title">Latest from {siteName}{paging && paging.page > 1 && <>, page {paging.page}</>}</h1>
      <ArticleListing articles={articles} commentCounts={commentCounts} timeZone={timeZone} />
      {paging && <Pagination {...paging} />}
    </section>
  );
}
