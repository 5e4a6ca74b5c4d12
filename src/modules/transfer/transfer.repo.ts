// The transfer module's tables: redirects (old addresses → new ones) and imported_items (what an import
// brought in, so a re-run adds nothing twice). Every write to them is here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

export type ImportSource = 'wordpress' | 'disqus';
export type ImportKind = 'post' | 'comment' | 'user' | 'term' | 'attachment' | 'thread';

export async function findImported(db: DB, source: ImportSource, kind: ImportKind, externalId: string): Promise<number | undefined> {
  const row = await db.selectFrom('imported_items').select('local_id')
    .where('source', '=', source).where('kind', '=', kind).where('external_id', '=', externalId).executeTakeFirst();
  return row?.local_id;
}

/** Every item of one kind an import brought in: external id → local id. */
export async function importedOfKind(db: DB, source: ImportSource, kind: ImportKind): Promise<Map<string, number>> {
  const rows = await db.selectFrom('imported_items').select(['external_id', 'local_id'])
    .where('source', '=', source).where('kind', '=', kind).execute();
  return new Map(rows.map((r) => [r.external_id, r.local_id]));
}

export async function recordImported(db: DB, source: ImportSource, kind: ImportKind, externalId: string, localId: number, at: string): Promise<void> {
  await db.insertInto('imported_items').values({ source, kind, external_id: externalId, local_id: localId, created_at: at }).execute();
}

/**
 * Adds redirects; an old address that already has one keeps it (the first import to claim it wins).
 * Returns how many were new.
 */
export async function addRedirects(db: DB, rows: readonly { from: string; to: string }[], at: string): Promise<number> {
  const unique = [...new Map(rows.map((r) => [r.from, r])).values()];
  let added = 0;
  for (let i = 0; i < unique.length; i += 200) {
    const result = await db.insertInto('redirects')
      .values(unique.slice(i, i + 200).map((r) => ({ from_path: r.from, to_path: r.to, created_at: at })))
      .onConflict((oc) => oc.column('from_path').doNothing()).executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Where an old address now lives, if it is one: the first of the candidates found. */
export async function findRedirect(db: DB, candidates: readonly string[]): Promise<string | undefined> {
  const rows = await db.selectFrom('redirects').select(['from_path', 'to_path']).where('from_path', 'in', candidates).execute();
  for (const c of candidates) {
    const hit = rows.find((r) => r.from_path === c);
    if (hit) return hit.to_path;
  }
  return undefined;
}
