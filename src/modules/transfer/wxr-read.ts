// A WordPress export (WXR: RSS 2.0 with the wp:, content:, excerpt: and dc: namespaces) read into plain
// objects. Nothing here touches the database.
import { child, childElements, childText, parseXml, textOf, XmlError, type XmlElement } from './xml-reader.js';

export interface WxrAuthor { login: string; email: string; displayName: string }
export interface WxrTerm { kind: 'category' | 'tag'; slug: string; name: string }
export interface WxrComment {
  id: string;
  parentId: string;
  author: string;
  email: string;
  url: string;
  /** ISO UTC. */
  date: string;
  content: string;
  /** '1', '0', 'spam', 'trash', 'post-trashed' … as WordPress has it. */
  approved: string;
  type: string;
}
export interface WxrItem {
  id: string;
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  /** ISO UTC ('' when WordPress had none, e.g. a draft never saved with a date). */
  date: string;
  slug: string;
  status: string;
  type: string;
  parentId: string;
  attachmentUrl: string;
  commentStatus: string;
  /** Set when the post was password-protected on WordPress. */
  password: string;
  terms: WxrTerm[];
  meta: Map<string, string>;
  comments: WxrComment[];
}
export interface Wxr {
  title: string;
  /** The site's address (wp:base_blog_url, else the channel's link), without a trailing slash. */
  siteUrl: string;
  authors: WxrAuthor[];
  terms: WxrTerm[];
  items: WxrItem[];
}

/**
 * A WordPress date as ISO UTC: the GMT column when set (WordPress writes "0000-00-00 00:00:00" for none),
 * else the local one read as UTC, else the RSS pubDate.
 */
export function wpDate(gmt: string, local: string, pubDate = ''): string {
  for (const v of [gmt, local]) {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v.trim());
    if (m && m[1] !== '0000') {
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
      if (!Number.isNaN(d.getTime())) return d.toISOString();
    }
  }
  const d = new Date(pubDate);
  return pubDate && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

function readComment(el: XmlElement): WxrComment {
  const t = (n: string) => childText(el, `wp:${n}`);
  return {
    id: t('comment_id'), parentId: t('comment_parent') || '0', author: t('comment_author'), email: t('comment_author_email'),
    url: t('comment_author_url'), date: wpDate(t('comment_date_gmt'), t('comment_date')),
    content: textOf(child(el, 'wp:comment_content')), approved: t('comment_approved'), type: t('comment_type'),
  };
}

function readItem(el: XmlElement): WxrItem {
  const t = (n: string) => childText(el, n);
  const meta = new Map<string, string>();
  for (const m of childElements(el, 'wp:postmeta')) meta.set(childText(m, 'wp:meta_key'), childText(m, 'wp:meta_value'));
  return {
    id: t('wp:post_id'), title: t('title'), link: t('link'), guid: t('guid'), creator: t('dc:creator'),
    content: textOf(child(el, 'content:encoded')), excerpt: textOf(child(el, 'excerpt:encoded')).trim(),
    date: wpDate(t('wp:post_date_gmt'), t('wp:post_date'), t('pubDate')),
    slug: t('wp:post_name'), status: t('wp:status'), type: t('wp:post_type') || 'post', parentId: t('wp:post_parent'),
    attachmentUrl: t('wp:attachment_url'), commentStatus: t('wp:comment_status'), password: t('wp:post_password'),
    // Categories and tags (other taxonomies, e.g. post_format or nav_menu, are not the reader's).
    terms: childElements(el, 'category')
      .filter((c) => c.attrs.domain === 'category' || c.attrs.domain === 'post_tag')
      .map((c) => ({ kind: c.attrs.domain === 'post_tag' ? 'tag' as const : 'category' as const, slug: c.attrs.nicename ?? '', name: textOf(c).trim() }))
      .filter((x) => x.name !== ''),
    meta,
    comments: childElements(el, 'wp:comment').map(readComment),
  };
}

/** Reads a WXR document; anything that is not one is an XmlError with a reason. */
export function readWxr(xml: string): Wxr {
  const rss = parseXml(xml);
  if (rss.name !== 'rss') throw new XmlError(`Not a WordPress export: the root element is <${rss.name}>, not <rss>`);
  const channel = child(rss, 'channel');
  if (!channel || !child(channel, 'wp:wxr_version')) throw new XmlError('Not a WordPress export: no <channel> with <wp:wxr_version>');
  const siteUrl = (childText(channel, 'wp:base_blog_url') || childText(channel, 'link')).replace(/\/+$/, '');
  return {
    title: childText(channel, 'title'),
    siteUrl,
    authors: childElements(channel, 'wp:author').map((a) => ({
      login: childText(a, 'wp:author_login'), email: childText(a, 'wp:author_email'), displayName: childText(a, 'wp:author_display_name'),
    })),
    terms: [
      ...childElements(channel, 'wp:category').map((c) => ({ kind: 'category' as const, slug: childText(c, 'wp:category_nicename'), name: childText(c, 'wp:cat_name') })),
      ...childElements(channel, 'wp:tag').map((c) => ({ kind: 'tag' as const, slug: childText(c, 'wp:tag_slug'), name: childText(c, 'wp:tag_name') })),
    ],
    items: childElements(channel, 'item').map(readItem),
  };
}
