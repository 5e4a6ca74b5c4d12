// Article and image rows: plain queries, rows mapped to domain objects in one place.
import type { ExpressionBuilder, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { containsText } from '../../platform/db/database.js';
import type { ArticlesTable, Database, ImagesTable } from '../../platform/db/schema.js';
import type { ArticleAuthor } from './article-authors.repo.js';
import type { ArticleLead } from './lead-image.js';

export interface Article {
  id: number;
  slug: string;
  title: string;
  summary: string;
  bodyMarkdown: string;
  bodyHtml: string;
  authorName: string;
  tags: string[];
  status: 'draft' | 'published';
  publishedAt: string | null;
  version: number;
  ownerId: number | null;
  reviewRequestedAt: string | null;
  commentsOpen: boolean | null;
  createdAt: string;
  updatedAt: string;
  /** 'page': a static page (About, Privacy): no comments, no dates, not in listings or feeds. */
  kind: 'article' | 'page';
  leadImageId: number | null;
  leadCaption: string;
  leadCredit: string;
  /** The byline's accounts in order, where the reader asked for them (article-authors.repo.ts). */
  authors?: ArticleAuthor[];
  /** The lead image resolved (reader pages, listings, feeds: see lead-image.ts); absent elsewhere. */
  lead?: ArticleLead;
}

/** An article as listings show it: everything but its body (a listing never shows it; ~3 KB a row not read). */
export type ListedArticle = Omit<Article, 'bodyMarkdown' | 'bodyHtml'>;

/** The columns a listing reads (ListedArticle's). */
export const LISTED_COLUMNS = [
  'id', 'slug', 'title', 'summary', 'author_name', 'tags', 'status', 'published_at', 'version', 'owner_id', 'review_requested_at',
  'comments_open', 'created_at', 'updated_at', 'kind', 'lead_image_id', 'lead_caption', 'lead_credit',
] as const satisfies readonly (keyof ArticlesTable)[];

export function toListedArticle(r: Pick<Selectable<ArticlesTable>, (typeof LISTED_COLUMNS)[number]>): ListedArticle {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    authorName: r.author_name,
    tags: JSON.parse(r.tags) as string[],
    status: r.status,
    publishedAt: r.published_at,
    version: r.version,
    ownerId: r.owner_id,
    reviewRequestedAt: r.review_requested_at,
    commentsOpen: r.comments_open === null ? null : r.comments_open === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    kind: r.kind,
    leadImageId: r.lead_image_id,
    leadCaption: r.lead_caption,
    leadCredit: r.lead_credit,
  };
}

export function toArticle(r: Selectable<ArticlesTable>): Article {
  const { id, slug, title, summary, ...rest } = toListedArticle(r);
  return { id, slug, title, summary, bodyMarkdown: r.body_markdown, bodyHtml: r.body_html, ...rest };
}

type DB = Kysely<Database> | Transaction<Database>;

/** Where readers find it: /articles/:slug, or /pages/:slug for a static page. */
export const publicPathOf = (a: { slug: string; kind: 'article' | 'page' }) =>
  `/${a.kind === 'page' ? 'pages' : 'articles'}/${encodeURIComponent(a.slug)}`;

export async function findArticleBySlug(db: DB, slug: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toArticle(row);
}

export async function findArticleById(db: DB, id: number): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toArticle(row);
}

/** Published articles (not pages) visible at `now`, newest first. */
export async function listPublished(db: DB, now: string, limit: number): Promise<Article[]> {
  const rows = await db.selectFrom('articles').selectAll()
    .where('kind', '=', 'article').where('status', '=', 'published').where('published_at', '<=', now)
    .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toArticle);
}

/** Where an article stands in the newsroom: published with a future date counts as scheduled. */
export type AdminStatus = 'draft' | 'review' | 'scheduled' | 'published';

export interface AdminListQuery {
  status?: AdminStatus;
  /** Part of the title, any case. */
  q?: string;
  /** Only this owner's articles (authors see their own work). */
  ownerId?: number;
  /** Only articles, or only static pages. */
  kind?: 'article' | 'page';
  now: string;
  limit: number;
}

/** The rule for an article's newsroom status at `now`, one place for the list and the counts. */
function inAdminStatus(status: AdminStatus, now: string) {
  return (w: ExpressionBuilder<Database, 'articles'>) => {
    switch (status) {
      case 'draft': return w.and([w('status', '=', 'draft'), w('review_requested_at', 'is', null)]);
      case 'review': return w.and([w('status', '=', 'draft'), w('review_requested_at', 'is not', null)]);
      case 'scheduled': return w.and([w('status', '=', 'published'), w('published_at', '>', now)]);
      case 'published': return w.and([w('status', '=', 'published'), w('published_at', '<=', now)]);
    }
  };
}

/** The newsroom's article list, newest first, filtered by status, title and owner. */
export async function listForAdmin(db: DB, query: AdminListQuery): Promise<Article[]> {
  let qb = db.selectFrom('articles').selectAll();
  if (query.ownerId !== undefined) qb = qb.where('owner_id', '=', query.ownerId);
  if (query.kind) qb = qb.where('kind', '=', query.kind);
  if (query.status) qb = qb.where(inAdminStatus(query.status, query.now));
  const q = query.q?.trim();
  if (q) {
    qb = qb.where(containsText('title', q));
  }
  const rows = await qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toArticle);
}

/** How many articles are in each newsroom status at `now`. */
export interface ArticleCounts { published: number; scheduled: number; review: number; draft: number }

/** The newsroom's article counts in one aggregate query (FILTER: SQLite ≥ 3.30 and PostgreSQL), not a row per article. */
export async function countByAdminStatus(db: DB, now: string): Promise<ArticleCounts> {
  const counted = await db.selectFrom('articles').select((eb) => [
    eb.fn.countAll<number>().filterWhere(inAdminStatus('published', now)).as('published'),
    eb.fn.countAll<number>().filterWhere(inAdminStatus('scheduled', now)).as('scheduled'),
    eb.fn.countAll<number>().filterWhere(inAdminStatus('review', now)).as('review'),
    eb.fn.countAll<number>().filterWhere(inAdminStatus('draft', now)).as('draft'),
  ]).executeTakeFirstOrThrow();
  return { published: Number(counted.published), scheduled: Number(counted.scheduled), review: Number(counted.review), draft: Number(counted.draft) };
}

export async function insertArticle(db: DB, row: Insertable<ArticlesTable>): Promise<Article> {
  const inserted = await db.insertInto('articles').values(row).returningAll().executeTakeFirstOrThrow();
  return toArticle(inserted);
}

export async function updateArticleRow(
  db: DB, id: number, patch: Partial<Omit<Selectable<ArticlesTable>, 'id' | 'version'>>,
): Promise<Article | undefined> {
  const row = await db.updateTable('articles')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id).returningAll().executeTakeFirst();
  return row && toArticle(row);
}

export async function insertImage(db: DB, row: Insertable<ImagesTable>): Promise<Selectable<ImagesTable>> {
  return db.insertInto('images').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findImages(db: DB, ids: number[]): Promise<Selectable<ImagesTable>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('images').selectAll().where('id', 'in', ids).execute();
}

