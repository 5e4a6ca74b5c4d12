// Sitemaps (sitemaps.org 0.9): the index, one article sitemap per page, the Google News sitemap.
import { x, xmlDocument } from './xml.js';
import { rfc3339 } from './feeds.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export function sitemapIndex(entries: { loc: string; lastmod?: string }[]): string {
  return xmlDocument(x('sitemapindex', { xmlns: SITEMAP_NS },
    entries.map((e) => x('sitemap', {}, x('loc', {}, e.loc), e.lastmod && x('lastmod', {}, rfc3339(e.lastmod)))),
  ));
}

export function urlSet(urls: { loc: string; lastmod?: string }[]): string {
  return xmlDocument(x('urlset', { xmlns: SITEMAP_NS },
    urls.map((u) => x('url', {}, x('loc', {}, u.loc), u.lastmod && x('lastmod', {}, rfc3339(u.lastmod)))),
  ));
}

export function newsSitemap(publication: { name: string; language: string }, urls: { loc: string; title: string; published: string }[]): string {
  return xmlDocument(x('urlset', { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS },
    urls.map((u) => x('url', {},
      x('loc', {}, u.loc),
      x('news:news', {},
        x('news:publication', {}, x('news:name', {}, publication.name), x('news:language', {}, publication.language)),
        x('news:publication_date', {}, rfc3339(u.published)),
        x('news:title', {}, u.title),
      ),
    )),
  ));
}
