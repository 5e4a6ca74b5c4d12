// Queries of imported accounts (see imported-users.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

export async function slugTaken(db: DB, slug: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}
