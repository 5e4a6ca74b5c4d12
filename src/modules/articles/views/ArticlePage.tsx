import type { ComponentChildren } from 'preact';
import type { Article } from '../articles.repo.js';
import { exactTime, longDate } from '../../../ui/format.js';
import { TagLinks } from './ArticleListing.js';
import { BylineNames } from './Byline.js';
import { LeadFigure } from './LeadImage.js';

export function SupportCallout({ siteName, position }: { siteName: string; position: 'top' | 'bottom' }) {
  return (
    <aside class={`support support-${position}`} aria-label={position === 'top' ? `Support ${siteName}` : `Support ${siteName}, after the article`}>
      <p class="support-title">Support {siteName}</p>
      <p>Independent journalism is paid for by its readers. If this work matters to you, please help us keep it free for everyone.</p>
      <p class="support-action"><a class="button primary" href="/support">Support {siteName}</a></p>
    </aside>
  );
}

export function ArticleView({ article, siteName, comments, timeZone }: { article: Article; siteName: string; comments: ComponentChildren; /** The site's (dates shown in it). */ timeZone?: string }) {
  return (
    <article class="article" aria-labelledby="article-title">
      <header class="article-header">
        <h1 id="article-title">{article.title}</h1>
        {article.summary && <p class="article-summary">{article.summary}</p>}
        <p class="byline">
          By <BylineNames text={article.authorName} authors={article.authors} />
          {article.publishedAt && <> · <time dateTime={article.publishedAt} title={exactTime(article.publishedAt, timeZone)}>{longDate(article.publishedAt, timeZone)}</time></>}
        </p>
        <TagLinks tags={article.tags} />
      </header>
      {article.lead && <LeadFigure lead={article.lead} />}
      <SupportCallout siteName={siteName} position="top" />
      <div class="article-body" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
      <SupportCallout siteName={siteName} position="bottom" />
      {comments}
    </article>
  );
}
