// Queries of the moderation module: history, bans, block lists, duplicates, reports, the audit log.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ActiveBan, AuthorHistory, BlockList } from './stages/context.js';

type DB = Kysely<Database> | Transaction<Database>;

export interface Identity { userId: number | null; email: string; ipHash: string | null }

export async function authorHistory(db: DB, who: Identity, since: string, excludeId: number | null): Promise<AuthorHistory> {
  const rows = await db.selectFrom('comments')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('status', '=', 'published').then(1).else(0).end()).as('approved'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', 'in', ['spam', 'rejected']), eb('created_at', '>=', since)])).then(1).else(0).end()).as('offences'),
    ])
    .where((eb) => eb.or([
      eb('author_email', '=', who.email.toLowerCase()),
      ...(who.userId !== null ? [eb('user_id', '=', who.userId)] : []),
      ...(who.ipHash !== null ? [eb('ip_hash', '=', who.ipHash)] : []),
    ]))
    .$if(excludeId !== null, (q) => q.where('id', '!=', excludeId!))
    .executeTakeFirst();
  return { approved: Number(rows?.approved ?? 0), offences: Number(rows?.offences ?? 0) };
}

export async function activeBan(db: DB, who: Identity, now: string): Promise<ActiveBan | undefined> {
  const row = await db.selectFrom('bans').select(['kind', 'reason', 'expires_at'])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) => eb.or([
      eb.and([eb('kind', '=', 'email'), eb('value', '=', who.email.toLowerCase())]),
      ...(who.userId !== null ? [eb.and([eb('kind', '=', 'account'), eb('value', '=', String(who.userId))])] : []),
      ...(who.ipHash !== null ? [eb.and([eb('kind', '=', 'ip'), eb('value', '=', who.ipHash)])] : []),
    ]))
    .orderBy('id', 'desc').executeTakeFirst();
  return row && { kind: row.kind, reason: row.reason, expiresAt: row.expires_at };
}

export async function loadBlockList(db: DB): Promise<BlockList> {
  const rows = await db.selectFrom('block_list').select(['kind', 'value']).execute();
  const of = (k: string) => rows.filter((r) => r.kind === k).map((r) => r.value);
  return { phrases: of('phrase'), emails: of('email'), domains: of('domain'), ipRanges: of('ip_range') };
}

export async function findDuplicate(db: DB, textHash: string, since: string, excludeId: number | null) {
  const row = await db.selectFrom('comments').select(['id', 'created_at'])
    .where('text_hash', '=', textHash).where('created_at', '>=', since)
    .where('status', 'in', ['published', 'pending', 'spam'])
    .$if(excludeId !== null, (q) => q.where('id', '!=', excludeId!))
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && { id: row.id, createdAt: row.created_at };
}

export async function logAction(db: DB, entry: { actor: string; action: string; commentId: number | null; detail: string; at: string }) {
  await db.insertInto('moderation_log').values({
    actor: entry.actor, action: entry.action, comment_id: entry.commentId, detail: entry.detail, created_at: entry.at,
  }).execute();
}
