// The byline's accounts (article_authors, written only here, in the article's transaction) and the reads
// that join them: an article's authors with their names and slugs, an author's published articles.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { WRITING_ROLES } from '../accounts/index.js';
import { type Article, toArticle } from './articles.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

/** An author of an article as bylines show them (the account's current name; its page's slug, null when it has no page). */
export interface ArticleAuthor { userId: number; name: string; slug: string | null }

/** Makes `userIds`, in this order, the article's authors. */
export async function replaceArticleAuthors(db: DB, articleId: number, userIds: number[]): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  if (userIds.length === 0) return;
  await db.insertInto('article_authors').values(userIds.map((user_id, position) => ({ article_id: articleId, user_id, position }))).execute();
}

/** The authors of each article, in byline order (accounts not deleted; one that no longer writes has no page to link). */
export async function authorsOfArticles(db: DB, articleIds: number[]): Promise<Map<number, ArticleAuthor[]>> {
  const byArticle = new Map<number, ArticleAuthor[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return byArticle;
  const rows = await db.selectFrom('article_authors').innerJoin('users', 'users.id', 'article_authors.user_id')
    .select(['article_authors.article_id', 'users.id', 'users.display_name', 'users.slug', 'users.role'])
    .where('article_authors.article_id', 'in', articleIds).where('users.status', '!=', 'deleted')
    .orderBy('article_authors.article_id').orderBy('article_authors.position').execute();
  for (const r of rows) byArticle.get(r.article_id)?.push({ userId: r.id, name: r.display_name, slug: WRITING_ROLES.includes(r.role) ? r.slug : null });
  return byArticle;
}

/** Unlinks an account from every byline; returns the articles it was on. */
export async function removeAuthorFromAll(db: DB, userId: number): Promise<{ id: number; slug: string }[]> {
  const on = await db.selectFrom('article_authors').innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .select(['articles.id', 'articles.slug']).where('article_authors.user_id', '=', userId).execute();
  await db.deleteFrom('article_authors').where('user_id', '=', userId).execute();
  return on;
}

const publishedOf = (db: DB, userId: number, now: string) =>
  db.selectFrom('articles').innerJoin('article_authors', 'article_authors.article_id', 'articles.id')
    .where('article_authors.user_id', '=', userId).where('articles.kind', '=', 'article')
    .where('articles.status', '=', 'published').where('articles.published_at', '<=', now);

/** One page of an account's published articles, newest first. */
export async function publishedByAuthor(db: DB, userId: number, now: string, limit: number, offset: number): Promise<Article[]> {
  const rows = await publishedOf(db, userId, now).selectAll('articles')
    .orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(toArticle);
}

export async function countPublishedByAuthor(db: DB, userId: number, now: string): Promise<number> {
  const row = await publishedOf(db, userId, now).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The articles with their byline's accounts attached (one query for all). */
export async function attachAuthors<T extends { id: number; authors?: ArticleAuthor[] }[]>(q: Kysely<Database> | Transaction<Database>, list: T): Promise<T> {
  const byArticle = await authorsOfArticles(q, list.map((a) => a.id));
  for (const a of list) a.authors = byArticle.get(a.id) ?? [];
  return list;
}
