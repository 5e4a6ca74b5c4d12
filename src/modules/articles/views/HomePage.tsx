import type { Article } from '../articles.repo.js';
import { longDate } from '../../../ui/format.js';
import { LeadThumb } from './LeadImage.js';

export function HomeView({ articles, siteName, timeZone }: { articles: Article[]; siteName: string; /** The site's (dates shown in it). */ timeZone?: string }) {
  return (
    <section class="home" aria-labelledby="home-title">
      <h1 id="home-title">Latest from {siteName}</h1>
      {articles.length === 0 ? <p>Nothing published yet.</p> : (
        <ol class="article-list">
          {articles.map((a) => (
            <li key={a.id}>
              <LeadThumb lead={a.lead} />
              <h2><a href={`/articles/${encodeURIComponent(a.slug)}`}>{a.title}</a></h2>
              {a.summary && <p>{a.summary}</p>}
              <p class="byline">By {a.authorName}{a.publishedAt && <> · <time dateTime={a.publishedAt}>{longDate(a.publishedAt, timeZone)}</time></>}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
