// Rows of the settings table: one value (text) per key. Every write to it is here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export async function readValue(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Stores a value unless the key has one already (the first writer wins). */
export async function insertValueIfAbsent(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

export async function writeValue(db: Kysely<Database> | Transaction<Database>, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function deleteValue(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}
