// Rows of rate_limits: one atomic upsert per hit (the row lock on PostgreSQL, the one writer on SQLite), so
// instances counting the same key at once never lose a hit. Expressions in SET read the row as it was.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Counts one hit of each key (distinct keys: one row may be changed once per statement), in one statement;
 * a window that ended (reset_at ≤ now) starts again at 1 and ends at the key's `resetAt`. In the order given.
 */
export async function countHits(db: Kysely<Database>, hits: readonly { key: string; resetAt: string }[], now: string): Promise<{ hits: number; resetAt: string }[]> {
  const ended = sql<boolean>`rate_limits.reset_at <= ${now}`;
  const rows = await db.insertInto('rate_limits')
    .values(hits.map((h) => ({ key: h.key, hits: 1, reset_at: h.resetAt })))
    .onConflict((oc) => oc.column('key').doUpdateSet({
      hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
      reset_at: sql<string>`case when ${ended} then excluded.reset_at else rate_limits.reset_at end`,
    }))
    .returning(['key', 'hits', 'reset_at'])
    .execute();
  // RETURNING promises no order: matched by key.
  const byKey = new Map(rows.map((r) => [r.key, { hits: Number(r.hits), resetAt: r.reset_at }]));
  return hits.map((h) => byKey.get(h.key)!);
}

/** Deletes windows that ended before `now`. */
export async function deleteEnded(db: Kysely<Database>, now: string): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
