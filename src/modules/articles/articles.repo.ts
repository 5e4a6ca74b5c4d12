// Article and image rows: plain queries, rows mapped to domain objects in one place.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ArticlesTable, Database, ImagesTable } from '../../platform/db/schema.js';

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
}

export function toArticle(r: Selectable<ArticlesTable>): Article {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    bodyMarkdown: r.body_markdown,
    bodyHtml: r.body_html,
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
  };
}

type DB = Kysely<Database>;

export async function findArticleBySlug(db: DB, slug: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toArticle(row);
}

export async function findArticleById(db: DB, id: number): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toArticle(row);
}

/** Published articles visible at `now`, newest first. */
export async function listPublished(db: DB, now: string, limit: number): Promise<Article[]> {
  const rows = await db.selectFrom('articles').selectAll()
    .where('status', '=', 'published').where('published_at', '<=', now)
    .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toArticle);
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

/** Marks an article's rendered page stale (a comment or vote changed). */
export async function bumpArticleVersion(db: DB, id: number): Promise<void> {
  await db.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).execute();
}

export async function insertImage(db: DB, row: Omit<Selectable<ImagesTable>, 'id'>): Promise<Selectable<ImagesTable>> {
  return db.insertInto('images').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findImages(db: DB, ids: number[]): Promise<Selectable<ImagesTable>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('images').selectAll().where('id', 'in', ids).execute();
}

export async function findImageByFile(db: DB, fileName: string): Promise<Selectable<ImagesTable> | undefined> {
  return db.selectFrom('images').selectAll().where('file_name', '=', fileName).executeTakeFirst();
}
