// Rows of rate_limits: one atomic upsert per hit (the row lock on PostgreSQL, the one writer on SQLite), so
// instances counting the same key at once never lose a hit. Expressions in SET read the row as it was.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { preparedQuery } from '../db/prepared-query.js';

/**
 * Counts one hit of each key (distinct keys: one row may be changed once per statement), in one statement;
 * a window that ended (reset_at ≤ now) starts again at 1 and ends at the key's `resetAt`. In the order given.
 */
const countHitsQuery = preparedQuery((db, v: Record<string, string>, rows: `${number}`) => {
  const ended = sql<boolean>`rate_limits.reset_at <= ${v.now}`;
  return db.insertInto('rate_limits')
    .values(Array.from({ length: Number(rows) }, (_, i) => ({ key: v[`key${i}`]!, hits: 1, reset_at: v[`resetAt${i}`]! })))
    .onConflict((oc) => oc.column('key').doUpdateSet({
      hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
      reset_at: sql<string>`case when ${ended} then excluded.reset_at else rate_limits.reset_at end`,
    }))
    .returning(['key', 'hits', 'reset_at']);
});

export async function countHits(db: Kysely<Database>, hits: readonly { key: string; resetAt: string }[], now: string): Promise<{ hits: number; resetAt: string }[]> {
  const values: Record<string, string> = { now };
  hits.forEach((h, i) => { values[`key${i}`] = h.key; values[`resetAt${i}`] = h.resetAt; });
  const { rows } = await countHitsQuery(db, `${hits.length}`, values);
  // RETURNING promises no order: matched by key.
  const byKey = new Map(rows.map((r) => [r.key, { hits: Number(r.hits), resetAt: r.reset_at }]));
  return hits.map((h) => byKey.get(h.key)!);
}

/** Deletes windows that ended before `now`. */
export async function deleteEnded(db: Kysely<Database>, now: string): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
