// Rows of the accounts module: users, sessions, single-use links, failed sign-ins, API tokens.
// Plain Kysely queries taking a connection or a transaction first; every write to these tables is here.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { containsText } from '../../platform/db/database.js';
import type { ApiTokensTable, Database, UsersTable, UserTokensTable } from '../../platform/db/schema.js';
import type { Role } from './permissions.js';

type DB = Kysely<Database> | Transaction<Database>;
export type User = Selectable<UsersTable>;
export type LinkPurpose = UserTokensTable['purpose'];

/** E-mail addresses are compared without case and surrounding spaces. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

// ---- Users ------------------------------------------------------------------------------------------

export const findUserByEmail = (db: DB, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();

export const findUserById = (db: DB, id: number) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (db: DB, row: Insertable<UsersTable>) =>
  db.insertInto('users').values({ ...row, email: normaliseEmail(row.email) }).returningAll().executeTakeFirstOrThrow();

export const updateUser = (db: DB, id: number, patch: Updateable<UsersTable>) =>
  db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Which users a list shows: a part of the name or e-mail (any case), one role, a page of them. */
export interface UserFilter { search?: string; role?: Role }

function usersMatching(db: DB, search: string | undefined) {
  let q = db.selectFrom('users').where('status', '!=', 'deleted');
  if (search) q = q.where((eb) => eb.or([containsText('display_name', search), containsText('email', search)]));
  return q;
}

/** One page of the users who match, oldest account first (the newsroom's first people on top). */
export function findUsers(db: DB, filter: UserFilter, page: { limit: number; offset: number }) {
  let q = usersMatching(db, filter.search).selectAll();
  if (filter.role) q = q.where('role', '=', filter.role);
  return q.orderBy('id').limit(page.limit).offset(page.offset).execute();
}

/** How many users match the search, per role. */
export async function countUsersByRole(db: DB, search: string | undefined): Promise<Partial<Record<Role, number>>> {
  const rows = await usersMatching(db, search).select((eb) => ['role', eb.fn.countAll<number>().as('n')]).groupBy('role').execute();
  return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
}

export async function countActive(db: DB, role: Role, exceptId?: number): Promise<number> {
  let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).where('status', '=', 'active');
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

// ---- Single-use links (verify, reset, invite) -------------------------------------------------------

export const insertLink = (db: DB, row: Insertable<UserTokensTable>) => db.insertInto('user_tokens').values(row).execute();

export const findLink = (db: DB, tokenHash: string, purpose: LinkPurpose) =>
  db.selectFrom('user_tokens').selectAll().where('token_hash', '=', tokenHash).where('purpose', '=', purpose).executeTakeFirst();

/** Marks a link used; false when another request used or revoked it first. */
export async function markLinkUsed(db: DB, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('user_tokens').set({ used_at: at })
    .where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Revokes a user's unused links of one purpose (a reset link was used, the password changed). */
export async function revokeLinks(db: DB, userId: number, purpose: LinkPurpose, at: string): Promise<void> {
  await db.updateTable('user_tokens').set({ revoked_at: at })
    .where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
}

// ---- Sessions ---------------------------------------------------------------------------------------

export const insertSession = (db: DB, row: Insertable<Database['sessions']>) => db.insertInto('sessions').values(row).execute();

export async function findSessionUser(db: DB, idHash: string) {
  const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users').select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  const { csrf_token, expires_at, ...user } = row;
  return { user: user as User, csrf: csrf_token, expiresAt: expires_at };
}

export const deleteSession = (db: DB, idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();

/** Ends every session of a user, except the one given (the browser that changed the password). */
export async function deleteSessionsOf(db: DB, userId: number, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash !== undefined) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

// ---- Failed sign-ins, per account key and network ---------------------------------------------------

export async function loginLockedUntil(db: DB, accountKey: string, network: string): Promise<string | null> {
  const row = await db.selectFrom('login_failures').select('locked_until')
    .where('account_key', '=', accountKey).where('network', '=', network).executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * Counts one failed sign-in in SQL (parallel guesses cannot all read the same count); failures older
 * than `windowStartedAfter` start a new count. Returns the count in the current window.
 */
export async function countLoginFailure(db: DB, accountKey: string, network: string, now: string, windowStartedAfter: string): Promise<number> {
  const row = await db.insertInto('login_failures')
    .values({ account_key: accountKey, network, failures: 1, window_started_at: now, locked_until: null })
    .onConflict((oc) => oc.columns(['account_key', 'network']).doUpdateSet((eb) => {
      const stale = eb('login_failures.window_started_at', '<', windowStartedAfter);
      return {
        failures: eb.case().when(stale).then(1).else(eb('login_failures.failures', '+', 1)).end(),
        window_started_at: eb.case().when(stale).then(now).else(eb.ref('login_failures.window_started_at')).end(),
      };
    }))
    .returning('failures').executeTakeFirstOrThrow();
  return row.failures;
}

export async function lockLogin(db: DB, accountKey: string, network: string, until: string, now: string): Promise<void> {
  await db.updateTable('login_failures').set({ locked_until: until, failures: 0, window_started_at: now })
    .where('account_key', '=', accountKey).where('network', '=', network).execute();
}

/** Forgets failed sign-ins: from one network (a successful sign-in), or from all (a new password). */
export async function clearLoginFailures(db: DB, accountKey: string, network?: string): Promise<void> {
  let q = db.deleteFrom('login_failures').where('account_key', '=', accountKey);
  if (network !== undefined) q = q.where('network', '=', network);
  await q.execute();
}

// ---- API tokens ---------------------------------------------------------------------------------------

export const insertApiToken = (db: DB, row: Insertable<ApiTokensTable>) =>
  db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();

/** A user's API tokens, newest first, without their digests. */
export const listApiTokensOf = (db: DB, userId: number) =>
  db.selectFrom('api_tokens').select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId).orderBy('id', 'desc').execute();

/** Revokes one active token of a user; false when there is no such active token of theirs. */
export async function revokeApiToken(db: DB, userId: number, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at })
    .where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The user behind an unrevoked token digest (in any status: the caller decides), with the token's id and scope. */
export async function findApiTokenUser(db: DB, tokenHash: string) {
  const row = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users').select(['api_tokens.id as token_id', 'api_tokens.scope'])
    .where('api_tokens.token_hash', '=', tokenHash).where('api_tokens.revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const { token_id, scope, ...user } = row;
  return { user: user as User, tokenId: token_id, scope };
}

export async function markApiTokenUsed(db: DB, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}


/** Revokes every active API token of a user for good (deactivation). */
export async function revokeApiTokensOf(db: DB, userId: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Removes everything that lets a deleted account act: sessions, API tokens, single-use links. */
export async function deleteCredentialsOf(db: DB, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_tokens').where('user_id', '=', userId).execute();
}
