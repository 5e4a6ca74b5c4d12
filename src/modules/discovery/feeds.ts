// RSS 2.0 and Atom (RFC 4287) documents from plain items: pure functions, written with the escaping builder.
import { x, xmlDocument, type XmlNode } from './xml.js';
import type { LeadImage } from './lead-image.js';

export interface FeedChannel {
  title: string;
  description: string;
  /** The HTML page the feed follows (absolute). */
  link: string;
  /** The feed's own address (absolute). */
  self: string;
  /** The newest change among the items (ISO), or undefined for an empty feed. */
  updated: string | undefined;
}

export interface FeedItem {
  /** Permanent and absolute: the article's (or comment's) address. */
  id: string;
  title: string;
  link: string;
  author: string;
  published: string;
  updated: string;
  /** Plain text. */
  excerpt: string;
  /** HTML, when the feed carries full content. */
  contentHtml?: string;
  categories: string[];
  image?: LeadImage;
}

/** RFC 822 date (RFC 1123 form, as RSS 2.0 asks), always GMT. */
export const rfc822 = (iso: string) => new Date(iso).toUTCString();
/** RFC 3339 date-time in UTC. */
export const rfc3339 = (iso: string) => new Date(iso).toISOString();

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const GENERATOR = 'Gazette';

export function rssDocument(channel: FeedChannel, items: FeedItem[]): string {
  return xmlDocument(x('rss', {
    version: '2.0', 'xmlns:atom': ATOM_NS, 'xmlns:content': 'http://purl.org/rss/1.0/modules/content/', 'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  }, x('channel', {},
    x('title', {}, channel.title),
    x('link', {}, channel.link),
    x('description', {}, channel.description || channel.title),
    x('atom:link', { href: channel.self, rel: 'self', type: 'application/rss+xml' }),
    x('language', {}, 'en'),
    x('generator', {}, GENERATOR),
    channel.updated && x('lastBuildDate', {}, rfc822(channel.updated)),
    items.map((i): XmlNode => x('item', {},
      x('title', {}, i.title),
      x('link', {}, i.link),
      x('guid', { isPermaLink: 'true' }, i.id),
      x('pubDate', {}, rfc822(i.published)),
      x('dc:creator', {}, i.author),
      i.categories.map((c) => x('category', {}, c)),
      x('description', {}, i.excerpt),
      i.contentHtml !== undefined && x('content:encoded', {}, i.contentHtml),
      // A chosen lead image's size in bytes; a body image's is unknown without reading the file: 0, as RSS readers accept.
      i.image && x('enclosure', { url: i.image.url, length: i.image.length ?? 0, type: i.image.type }),
    )),
  )));
}

export function atomDocument(channel: FeedChannel, items: FeedItem[], epoch: string): string {
  return xmlDocument(x('feed', { xmlns: ATOM_NS, 'xml:lang': 'en' },
    x('id', {}, channel.self),
    x('title', {}, channel.title),
    channel.description && x('subtitle', {}, channel.description),
    x('updated', {}, rfc3339(channel.updated ?? epoch)),
    x('link', { rel: 'self', type: 'application/atom+xml', href: channel.self }),
    x('link', { rel: 'alternate', type: 'text/html', href: channel.link }),
    // Every entry has an author; the feed's author covers an empty feed's requirement too.
    x('author', {}, x('name', {}, channel.title)),
    x('generator', {}, GENERATOR),
    items.map((i): XmlNode => x('entry', {},
      x('id', {}, i.id),
      x('title', {}, i.title),
      x('link', { rel: 'alternate', type: 'text/html', href: i.link }),
      x('published', {}, rfc3339(i.published)),
      x('updated', {}, rfc3339(i.updated)),
      x('author', {}, x('name', {}, i.author)),
      i.categories.map((c) => x('category', { term: c })),
      x('summary', { type: 'text' }, i.excerpt),
      i.contentHtml !== undefined && x('content', { type: 'html' }, i.contentHtml),
      i.image && x('link', { rel: 'enclosure', type: i.image.type, href: i.image.url }),
    )),
  ));
}
