// Rate limits shared by every instance on one database: one row per limit and key (the key names the limit,
// its window length and who is counted), holding the hits of the key's current window and when it ends.
// A hit is one upsert (platform/rate-limits/rate-limits.repo.ts). Frozen once merged.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull()) // ISO-8601 UTC: the end of the current window
    .execute();
  // Ended windows are deleted now and then.
  await db.schema.createIndex('rate_limits_reset').on('rate_limits').column('reset_at').execute();
}
