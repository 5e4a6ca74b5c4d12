// Queries of an imported article: a free slug near the one it had, and its byline's accounts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

/** Slugs taken among `slug`, `slug-2`, `slug-3` … (one query). */
export async function takenSlugsLike(db: DB, slug: string): Promise<Set<string>> {
  const rows = await db.selectFrom('articles').select('slug')
    .where((w) => w.or([w('slug', '=', slug), w('slug', 'like', `${slug.replace(/[\\%_]/g, '')}-%`)])).execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertArticleAuthors(db: DB, articleId: number, userIds: readonly number[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await db.insertInto('article_authors').values(unique.map((userId, position) => ({ article_id: articleId, user_id: userId, position }))).execute();
}
