// Rows of authors' public profiles (users.slug, bio, photo_image_id): the accounts module writes them here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { ROLE_PERMISSIONS, type Role } from './permissions.js';

type DB = Kysely<Database> | Transaction<Database>;

/** The roles that may write articles, so may stand in a byline (admins, editors, authors). */
export const WRITING_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('articles.write.own'));

const profileColumns = ['id', 'display_name', 'slug', 'bio', 'photo_image_id', 'role', 'status'] as const;

/** Active accounts that may write, by name (the editor's choice of authors). */
export const listWriters = (db: DB) =>
  db.selectFrom('users').select(['id', 'display_name', 'slug']).where('role', 'in', WRITING_ROLES).where('status', '=', 'active')
    .orderBy('display_name').orderBy('id').execute();

export const findProfilesByIds = (db: DB, ids: number[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('users').select(profileColumns).where('id', 'in', ids).execute();

export const findProfileBySlug = (db: DB, slug: string) =>
  db.selectFrom('users').select(profileColumns).where('slug', '=', slug).executeTakeFirst();

/** Slugs taken that are `base` or `base-<n>` (to pick the next free one). */
export const slugsStartingWith = async (db: DB, base: string): Promise<Set<string>> => {
  const rows = await db.selectFrom('users').select('slug').where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute();
  return new Set(rows.map((r) => r.slug).filter((s): s is string => s !== null));
};

export const updateProfile = (db: DB, id: number, patch: { slug?: string | null; bio?: string; photo_image_id?: number | null; updated_at: string }) =>
  db.updateTable('users').set(patch).where('id', '=', id).returning(profileColumns).executeTakeFirstOrThrow();
