// Rows of rate_limits: one atomic upsert per hit (the row lock on PostgreSQL, the one writer on SQLite), so
// instances counting the same key at once never lose a hit. Expressions in SET read the row as it was.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Counts one hit of `key`; a window that ended (reset_at ≤ now) starts again at 1 and ends at `resetAt`. */
export async function countHit(db: Kysely<Database>, key: string, now: string, resetAt: string): Promise<{ hits: number; resetAt: string }> {
  const ended = sql<boolean>`rate_limits.reset_at <= ${now}`;
  const row = await db.insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: resetAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
      reset_at: sql<string>`case when ${ended} then excluded.reset_at else rate_limits.reset_at end`,
    }))
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: row.reset_at };
}

/** Deletes windows that ended before `now`. */
export async function deleteEnded(db: Kysely<Database>, now: string): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
