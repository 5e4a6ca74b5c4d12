// `gazette export`: the whole site as a WordPress export (WXR 1.2), so nobody is locked in: articles (posts)
// and pages with their HTML, dates, slugs, tags and bylines, the bylines' accounts (no passwords), and the
// comments with their threads and statuses. Commenters' e-mail addresses are included, as WordPress's own
// export includes them: the file is the site owner's own data, for moving the site (keep it private).
// Gazette's importer and WordPress's read it back.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { slugify } from '../articles/index.js';
import { escapeHtml } from './html-sanitise.js';
import { allArticles, allComments, bylineAccounts } from './export.repo.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** CDATA that survives "]]>" inside the text (split across two sections). */
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
/** Characters XML 1.0 cannot carry at all. */
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
const wpDate = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const rfc822 = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

const COMMENT_APPROVED: Record<string, string | undefined> = { published: '1', pending: '0', spam: 'spam', rejected: 'trash' };

export function createWxrExport(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return async function exportWxr(site: { name: string; baseUrl: string }): Promise<string> {
    const base = site.baseUrl.replace(/\/+$/, '');
    const [articles, accounts, comments] = await Promise.all([allArticles(db), bylineAccounts(db), allComments(db)]);
    const loginOf = (u: { id: number; slug: string | null }) => u.slug ?? `user-${u.id}`;
    const authors = new Map<number, { id: number; email: string; display_name: string; slug: string | null }>();
    const firstAuthor = new Map<number, number>();
    for (const b of [...accounts.bylines, ...accounts.owners]) {
      authors.set(b.id, b);
      if (!firstAuthor.has(b.article_id)) firstAuthor.set(b.article_id, b.id);
    }
    const tags = new Map<string, string>();
    for (const a of articles) for (const t of JSON.parse(a.tags) as string[]) tags.set(slugify(t), t);
    const commentsOf = new Map<number, typeof comments>();
    for (const c of comments) commentsOf.set(c.article_id, [...(commentsOf.get(c.article_id) ?? []), c]);
    const now = clock().toISOString();

    const out: string[] = [];
    const w = (s: string) => out.push(s);
    w('<?xml version="1.0" encoding="UTF-8" ?>');
    w(`<!-- A WordPress eXtended RSS (WXR 1.2) export of ${esc(site.name).replace(/--/g, '- -')}, made by Gazette on ${now}. -->`);
    w('<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">');
    w('<channel>');
    w(`\t<title>${esc(xmlSafe(site.name))}</title>\n\t<link>${esc(base)}</link>\n\t<description></description>\n\t<pubDate>${rfc822(now)}</pubDate>`);
    w(`\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>${esc(base)}</wp:base_site_url>\n\t<wp:base_blog_url>${esc(base)}</wp:base_blog_url>`);
    for (const u of authors.values()) {
      w(`\t<wp:author><wp:author_id>${u.id}</wp:author_id><wp:author_login>${cdata(loginOf(u))}</wp:author_login><wp:author_email>${cdata(u.email)}</wp:author_email><wp:author_display_name>${cdata(xmlSafe(u.display_name))}</wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>`);
    }
    for (const [slug, name] of tags) w(`\t<wp:tag><wp:tag_slug>${cdata(slug)}</wp:tag_slug><wp:tag_name>${cdata(xmlSafe(name))}</wp:tag_name></wp:tag>`);
    for (const a of articles) {
      const link = `${base}/${a.kind === 'page' ? 'pages' : 'articles'}/${a.slug}`;
      const date = a.published_at ?? a.created_at;
      const status = a.status === 'draft' ? 'draft' : a.published_at && a.published_at > now ? 'future' : 'publish';
      const author = firstAuthor.get(a.id);
      w('\t<item>');
      w(`\t\t<title>${esc(xmlSafe(a.title))}</title>\n\t\t<link>${esc(link)}</link>\n\t\t<pubDate>${rfc822(date)}</pubDate>`);
      w(`\t\t<dc:creator>${cdata(author !== undefined ? loginOf(authors.get(author)!) : xmlSafe(a.author_name))}</dc:creator>`);
      w(`\t\t<guid isPermaLink="false">${esc(`${base}/?p=${a.id}`)}</guid>\n\t\t<description></description>`);
      w(`\t\t<content:encoded>${cdata(xmlSafe(a.body_html))}</content:encoded>\n\t\t<excerpt:encoded>${cdata(xmlSafe(escapeHtml(a.summary)))}</excerpt:encoded>`);
      w(`\t\t<wp:post_id>${a.id}</wp:post_id>\n\t\t<wp:post_date>${cdata(wpDate(date))}</wp:post_date>\n\t\t<wp:post_date_gmt>${cdata(a.status === 'draft' ? '0000-00-00 00:00:00' : wpDate(date))}</wp:post_date_gmt>`);
      w(`\t\t<wp:comment_status>${cdata(a.comments_open === 0 ? 'closed' : 'open')}</wp:comment_status>\n\t\t<wp:ping_status><![CDATA[closed]]></wp:ping_status>`);
      w(`\t\t<wp:post_name>${cdata(a.slug)}</wp:post_name>\n\t\t<wp:status>${cdata(status)}</wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>`);
      w(`\t\t<wp:post_type>${cdata(a.kind === 'page' ? 'page' : 'post')}</wp:post_type>\n\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>`);
      for (const t of JSON.parse(a.tags) as string[]) w(`\t\t<category domain="post_tag" nicename="${esc(slugify(t))}">${cdata(xmlSafe(t))}</category>`);
      for (const c of commentsOf.get(a.id) ?? []) {
        const approved = COMMENT_APPROVED[c.status];
        if (approved === undefined) continue;
        w(`\t\t<wp:comment><wp:comment_id>${c.id}</wp:comment_id><wp:comment_author>${cdata(xmlSafe(c.author_name))}</wp:comment_author><wp:comment_author_email>${cdata(c.author_email)}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP></wp:comment_author_IP>`);
        w(`\t\t\t<wp:comment_date>${cdata(wpDate(c.created_at))}</wp:comment_date><wp:comment_date_gmt>${cdata(wpDate(c.created_at))}</wp:comment_date_gmt><wp:comment_content>${cdata(xmlSafe(escapeHtml(c.body)))}</wp:comment_content>`);
        w(`\t\t\t<wp:comment_approved>${cdata(approved)}</wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>${c.parent_id ?? 0}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>`);
      }
      w('\t</item>');
    }
    w('</channel>\n</rss>\n');
    return out.join('\n');
  };
}
