// Read-only queries over published articles for the feeds and sitemaps (the articles module stays the
// only writer of the table). "Published" always means status published with a publish time that has passed.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export interface FeedArticle {
  id: number;
  slug: string;
  title: string;
  summary: string;
  bodyHtml: string;
  authorName: string;
  tags: string[];
  publishedAt: string;
  updatedAt: string;
  leadImageId: number | null;
  leadCaption: string;
  leadCredit: string;
}

export interface SitemapEntry { slug: string; title: string; publishedAt: string; updatedAt: string; kind: 'article' | 'page' }

const published = (db: Kysely<Database>, now: string) =>
  db.selectFrom('articles').where('status', '=', 'published').where('published_at', 'is not', null).where('published_at', '<=', now);

/** Newest published articles, optionally only those with a tag (the tag's newest from article_tags, the tag pages' index). */
export async function feedArticles(db: Kysely<Database>, now: string, opts: { limit: number; tag?: string }): Promise<FeedArticle[]> {
  let qb = published(db, now).where('kind', '=', 'article')
    .select(['id', 'slug', 'title', 'summary', 'body_html', 'author_name', 'tags', 'published_at', 'updated_at', 'lead_image_id', 'lead_caption', 'lead_credit']);
  if (opts.tag !== undefined) {
    qb = qb.where('id', 'in', db.selectFrom('article_tags').select('article_id').where('tag', '=', opts.tag).where('published_at', '<=', now)
      .orderBy('published_at', 'desc').orderBy('article_id', 'desc').limit(opts.limit));
  }
  const rows = await qb.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id, slug: r.slug, title: r.title, summary: r.summary, bodyHtml: r.body_html, authorName: r.author_name,
    tags: JSON.parse(r.tags) as string[], publishedAt: r.published_at!, updatedAt: r.updated_at,
    leadImageId: r.lead_image_id, leadCaption: r.lead_caption, leadCredit: r.lead_credit,
  }));
}

export async function countPublished(db: Kysely<Database>, now: string): Promise<number> {
  const row = await published(db, now).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the article sitemap (static pages too), oldest id first (a URL stays on its page as new articles arrive). */
export async function sitemapPage(db: Kysely<Database>, now: string, offset: number, limit: number): Promise<SitemapEntry[]> {
  const rows = await published(db, now).select(['slug', 'title', 'published_at', 'updated_at', 'kind'])
    .orderBy('id', 'asc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: r.published_at!, updatedAt: r.updated_at, kind: r.kind }));
}

/** The newest change (edit or publication) among the articles of one sitemap page. */
export async function sitemapPageLastmod(db: Kysely<Database>, now: string, offset: number, limit: number): Promise<string | undefined> {
  const row = await db.selectFrom(
    published(db, now).select(['updated_at', 'published_at']).orderBy('id', 'asc').limit(limit).offset(offset).as('p'),
  ).select((eb) => [eb.fn.max('p.updated_at').as('u'), eb.fn.max('p.published_at').as('p')]).executeTakeFirst();
  const times = [row?.u, row?.p].filter((t): t is string => typeof t === 'string');
  return times.sort().at(-1);
}

/** Articles (not static pages) published since `since` (the news sitemap's last 48 hours), newest first. */
export async function publishedSince(db: Kysely<Database>, now: string, since: string, limit: number): Promise<SitemapEntry[]> {
  const rows = await published(db, now).where('kind', '=', 'article').where('published_at', '>=', since).select(['slug', 'title', 'published_at', 'updated_at', 'kind'])
    .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: r.published_at!, updatedAt: r.updated_at, kind: r.kind }));
}
