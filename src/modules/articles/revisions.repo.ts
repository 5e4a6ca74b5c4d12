// Kept versions of articles (article_revisions): one row per save, written in the save's transaction.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ArticleRevisionsTable, Database } from '../../platform/db/schema.js';
import type { Article } from './articles.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

export interface Revision {
  id: number;
  articleId: number;
  version: number;
  byUserId: number | null;
  byName: string;
  title: string;
  summary: string;
  bodyMarkdown: string;
  createdAt: string;
}

const toRevision = (r: Selectable<ArticleRevisionsTable>): Revision => ({
  id: r.id, articleId: r.article_id, version: r.version, byUserId: r.by_user_id, byName: r.by_name,
  title: r.title, summary: r.summary, bodyMarkdown: r.body_markdown, createdAt: r.created_at,
});

/** Keeps the article as it now stands, saved by `by` at `at`. */
export async function insertRevision(db: DB, a: Article, by: { userId: number | null; name: string }, at: string): Promise<Revision> {
  const row = await db.insertInto('article_revisions').values({
    article_id: a.id, version: a.version, by_user_id: by.userId, by_name: by.name,
    title: a.title, summary: a.summary, body_markdown: a.bodyMarkdown, created_at: at,
  }).returningAll().executeTakeFirstOrThrow();
  return toRevision(row);
}

/** An article's revisions, newest first. */
export async function listRevisions(db: DB, articleId: number, limit: number): Promise<Revision[]> {
  const rows = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId)
    .orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRevision);
}

export async function findRevision(db: DB, articleId: number, id: number): Promise<Revision | undefined> {
  const row = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('id', '=', id).executeTakeFirst();
  return row && toRevision(row);
}

/** The revision saved just before `id` (the one its diff is taken against). */
export async function findPreviousRevision(db: DB, articleId: number, id: number): Promise<Revision | undefined> {
  const row = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('id', '<', id)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && toRevision(row);
}
