import type { Article } from '../articles.repo.js';
import { ArticleListing } from './ArticleListing.js';
import { Pagination, type PageLinks } from './Pagination.js';

export function HomeView({ articles, siteName, commentCounts, paging }: {
  articles: Article[]; siteName: string; commentCounts?: ReadonlyMap<number, number>; paging?: PageLinks;
}) {
  return (
    <section class="home" aria-labelledby="home-title">
      <h1 id="home-title">Latest from {siteName}{paging && paging.page > 1 && <>, page {paging.page}</>}</h1>
      <ArticleListing articles={articles} commentCounts={commentCounts} />
      {paging && <Pagination {...paging} />}
    </section>
  );
}
