// A static page (About, Privacy, Contact) as readers see it: its title, summary and text; no byline, no
// dates, no comments.
import type { Article } from '../articles.repo.js';

export function StaticPageView({ page }: { page: Article }) {
  return (
    <article class="article static-page" aria-labelledby="page-title">
      <header class="article-header">
        <h1 id="page-title">{page.title}</h1>
        {page.summary && <p class="article-summary">{page.summary}</p>}
      </header>
      <div class="article-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
    </article>
  );
}
