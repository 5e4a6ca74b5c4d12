// What a WXR export reads: every article and page, their byline accounts, and their comments. Read-only
// queries of the articles, accounts and comments modules' tables (like discovery's feeds): an export is a
// snapshot of all of them at once, which no one service offers.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export function allArticles(db: Kysely<Database>) {
  return db.selectFrom('articles')
    .select(['id', 'slug', 'title', 'summary', 'body_html', 'author_name', 'tags', 'status', 'published_at', 'created_at', 'comments_open', 'kind', 'owner_id'])
    .orderBy('id').execute();
}

/** Accounts named on bylines (or owning an article), with the article ids, in byline order. */
export async function bylineAccounts(db: Kysely<Database>) {
  const bylines = await db.selectFrom('article_authors').innerJoin('users', 'users.id', 'article_authors.user_id')
    .select(['article_authors.article_id', 'users.id', 'users.email', 'users.display_name', 'users.slug'])
    .orderBy('article_authors.article_id').orderBy('article_authors.position').execute();
  const owners = await db.selectFrom('articles').innerJoin('users', 'users.id', 'articles.owner_id')
    .select(['articles.id as article_id', 'users.id', 'users.email', 'users.display_name', 'users.slug']).execute();
  return { bylines, owners };
}

/** Comments that are still comments (not deleted), parents before replies. */
export function allComments(db: Kysely<Database>) {
  return db.selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'author_name', 'author_email', 'body', 'status', 'created_at'])
    .where('status', '!=', 'deleted').orderBy('article_id').orderBy('id').execute();
}
