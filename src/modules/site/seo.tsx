// What search engines and link previews read in a reader page's <head>: the canonical address, Open Graph
// and Twitter card tags (with the lead image: the article's own, else the first image of the body), JSON-LD
// (NewsArticle on an article page; Organization and WebSite on the home page), and the
// alternate links to the article's comments feed (the site's feeds are linked by the layout on every page).
import type { ComponentChildren } from 'preact';
import type { Article } from '../articles/index.js';
import { articleLeadImage, excerptOf } from '../discovery/index.js';

/** JSON for a <script> element: nothing in it can end the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const JsonLd = ({ data }: { data: unknown }) => <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />;

export interface SeoSite { siteName: string; baseUrl: string; logoUrl?: string }

const absolute = (baseUrl: string, url: string) => new URL(url, `${baseUrl}/`).href;

function organization(site: SeoSite) {
  return {
    '@type': 'Organization', '@id': `${site.baseUrl}/#organization`, name: site.siteName, url: `${site.baseUrl}/`,
    ...(site.logoUrl && { logo: { '@type': 'ImageObject', url: absolute(site.baseUrl, site.logoUrl) } }),
  };
}

/** The byline's accounts as Person with their author page; a byline without accounts is one Person by its text. */
function authorsOf(article: Article, baseUrl: string) {
  const linked = (article.authors ?? []).filter((p) => p.slug !== null);
  if (linked.length === 0) return [{ '@type': 'Person', name: article.authorName }];
  return linked.map((p) => ({ '@type': 'Person', name: p.name, url: `${baseUrl}/authors/${encodeURIComponent(p.slug!)}` }));
}

/** Open Graph and Twitter card tags a link preview reads (any page kind). */
function ShareTags({ site, type, url, title, description, image, children }: {
  site: SeoSite; type: 'article' | 'website'; url: string; title: string; description: string; image: { url: string } | undefined; children?: ComponentChildren;
}) {
  return (
    <>
      <meta property="og:type" content={type} />
      <meta property="og:site_name" content={site.siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      {image && <meta property="og:image" content={image.url} />}
      {children}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
      {image && <meta name="twitter:image" content={image.url} />}
    </>
  );
}

export function ArticleHead({ site, article }: { site: SeoSite; article: Article }) {
  const url = `${site.baseUrl}/articles/${encodeURIComponent(article.slug)}`;
  const image = articleLeadImage(article, site.baseUrl);
  const description = excerptOf(article.summary, article.bodyHtml, 200);
  const modified = [article.updatedAt, article.publishedAt ?? article.updatedAt].sort().at(-1)!;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title.length > 110 ? `${article.title.slice(0, 109)}…` : article.title,
    description,
    datePublished: article.publishedAt,
    dateModified: modified,
    author: authorsOf(article, site.baseUrl),
    ...(image && { image: [image.url] }),
    publisher: organization(site),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    ...(article.tags.length > 0 && { keywords: article.tags.join(', ') }),
  };
  return (
    <>
      <link rel="canonical" href={url} />
      <link rel="alternate" type="application/rss+xml" title={`Comments on ${article.title}`} href={`/articles/${encodeURIComponent(article.slug)}/comments/feed`} />
      <ShareTags site={site} type="article" url={url} title={article.title} description={description} image={image}>
        {article.publishedAt && <meta property="article:published_time" content={article.publishedAt} />}
        <meta property="article:modified_time" content={modified} />
        {article.tags.map((t) => <meta property="article:tag" content={t} />)}
      </ShareTags>
      <JsonLd data={data} />
    </>
  );
}

export function HomeHead({ site, description }: { site: SeoSite; description: string }) {
  const url = `${site.baseUrl}/`;
  const image = site.logoUrl && absolute(site.baseUrl, site.logoUrl);
  const data = {
    '@context': 'https://schema.org',
    '@graph': [
      organization(site),
      {
        '@type': 'WebSite', '@id': `${site.baseUrl}/#website`, name: site.siteName, url,
        ...(description && { description }), publisher: { '@id': `${site.baseUrl}/#organization` }, inLanguage: 'en',
      },
    ],
  };
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={site.siteName} />
      <meta property="og:title" content={site.siteName} />
      {description && <meta property="og:description" content={description} />}
      <meta property="og:url" content={url} />
      {image && <meta property="og:image" content={image} />}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={site.siteName} />
      {description && <meta name="twitter:description" content={description} />}
      <JsonLd data={data} />
    </>
  );
}

/** A static page: canonical at /pages/:slug (also served at /:slug), Open Graph and Twitter tags, a WebPage. */
export function StaticPageHead({ site, page }: { site: SeoSite; page: Article }) {
  const url = `${site.baseUrl}/pages/${encodeURIComponent(page.slug)}`;
  const image = articleLeadImage(page, site.baseUrl);
  const description = excerptOf(page.summary, page.bodyHtml, 200);
  const data = {
    '@context': 'https://schema.org', '@type': 'WebPage', '@id': url, url, name: page.title, description,
    isPartOf: { '@type': 'WebSite', '@id': `${site.baseUrl}/#website`, name: site.siteName, url: `${site.baseUrl}/` },
  };
  return (
    <>
      <link rel="canonical" href={url} />
      <ShareTags site={site} type="website" url={url} title={page.title} description={description} image={image} />
      <JsonLd data={data} />
    </>
  );
}

/** A listing (a tag, an archive month, a later page of the home page): its canonical address and Open Graph title. */
export function ListingHead({ site, path, title }: { site: SeoSite; path: string; title: string }) {
  const url = absolute(site.baseUrl, path);
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={site.siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:url" content={url} />
    </>
  );
}
