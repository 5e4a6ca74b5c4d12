// People brought in by an import (a WordPress site's authors): accounts without a password, so nobody can
// sign in as them until the person sets one through "Forgot your password" (the reset mail goes to the
// address the old site had) or an admin changes the account. An address that already has an account here is
// that account: the import links to it and changes nothing about it.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { findUserByEmail, insertUser, type User } from './accounts.repo.js';
import { slugTaken } from './imported-users.repo.js';

export interface ImportedUser {
  email: string;
  displayName: string;
  /** The author page's address (/authors/:slug), taken only while free. */
  slug: string | null;
}

export function createUserImport(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return async function importUser(input: ImportedUser): Promise<{ user: User; created: boolean }> {
    return db.transaction().execute(async (tx) => {
      const existing = await findUserByEmail(tx, input.email);
      if (existing) return { user: existing, created: false };
      const now = clock().toISOString();
      const slug = input.slug && !(await slugTaken(tx, input.slug)) ? input.slug : null;
      const user = await insertUser(tx, {
        email: input.email, display_name: input.displayName.slice(0, 80) || input.email.split('@')[0]!, password_hash: null,
        role: 'author', status: 'active', email_verified_at: null, created_at: now, updated_at: now, slug,
      });
      return { user, created: true };
    });
  };
}
