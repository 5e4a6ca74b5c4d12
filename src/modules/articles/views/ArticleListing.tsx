// A reader's list of articles (home, tag, archive month, and any later listing such as an author's page):
// title, summary, byline and date, the tags as links to their pages, and the count of published comments.
import { BylineNames } from './Byline.js';
import { LeadThumb } from './LeadImage.js';
import type { ListedArticle } from '../articles.repo.js';
import { longDate } from '../../../ui/format.js';

/** The address of a tag's page. */
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/** The tags as links to their pages. */
export function TagLinks({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return <ul class="tags" aria-label="Tags">{tags.map((t) => <li key={t}><a href={tagPath(t)}>{t}</a></li>)}</ul>;
}

export interface ArticleListingProps {
  articles: readonly ListedArticle[];
  /** Published comments per article id (one query for the whole list); an article not in it has none. */
  commentCounts?: ReadonlyMap<number, number>;
  /** Shown when the list is empty. */
  empty?: string;
  /** The site's time zone: dates are shown in it. */
  timeZone?: string;
}

const commentsLabel = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

export function ArticleListing({ articles, commentCounts, empty = 'Nothing published yet.', timeZone }: ArticleListingProps) {
  if (articles.length === 0) return <p>{empty}</p>;
  return (
    <ol class="article-list">
      {articles.map((a) => {
        const href = `/articles/${encodeURIComponent(a.slug)}`;
        const comments = commentCounts?.get(a.id) ?? 0;
        return (
          <li key={a.id}>
            <LeadThumb lead={a.lead} />
            <h2><a href={href}>{a.title}</a></h2>
            {a.summary && <p>{a.summary}</p>}
            <p class="byline">
              By <BylineNames text={a.authorName} authors={a.authors} />{a.publishedAt && <> · <time dateTime={a.publishedAt}>{longDate(a.publishedAt, timeZone)}</time></>}
              {commentCounts && <> · <a class="comment-count-link" href={`${href}#comments`}>{commentsLabel(comments)}</a></>}
            </p>
            <TagLinks tags={a.tags} />
          </li>
        );
      })}
    </ol>
  );
}
