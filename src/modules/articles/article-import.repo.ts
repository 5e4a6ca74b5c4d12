// Queries of an imported article: a free slug near the one it had.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

/** Slugs taken among `slug`, `slug-2`, `slug-3` … (one query). */
export async function takenSlugsLike(db: DB, slug: string): Promise<Set<string>> {
  const rows = await db.selectFrom('articles').select('slug')
    .where((w) => w.or([w('slug', '=', slug), w('slug', 'like', `${slug.replace(/[\\%_]/g, '')}-%`)])).execute();
  return new Set(rows.map((r) => r.slug));
}
