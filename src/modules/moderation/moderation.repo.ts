// Queries of the moderation module: history, bans, block lists, duplicates, reports, the audit log.
import type { ExpressionBuilder, Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { containsText } from '../../platform/db/database.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import type { ActiveBan, AuthorHistory, BlockList } from './stages/context.js';

type DB = Kysely<Database> | Transaction<Database>;

export interface Identity { userId: number | null; email: string; ipHash: string | null }

type HistoryShape = `${'user' | ''}/${'ip' | ''}/${'exclude' | ''}`;
export const historyQuery = preparedQuery((db, v: { email: string; userId: number | null; ipHash: string | null; since: string; excludeId: number | null }, shape: HistoryShape) => {
  const [user, ip, exclude] = shape.split('/').map(Boolean);
  return db.selectFrom('comments')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('status', '=', 'published').then(1).else(0).end()).as('approved'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', 'in', ['spam', 'rejected']), eb('created_at', '>=', v.since)])).then(1).else(0).end()).as('offences'),
    ])
    .where((eb) => eb.or([
      eb('author_email', '=', v.email),
      ...(user ? [eb('user_id', '=', v.userId)] : []),
      ...(ip ? [eb('ip_hash', '=', v.ipHash)] : []),
    ]))
    .$if(!!exclude, (q) => q.where('id', '!=', v.excludeId));
});

export async function authorHistory(db: DB, who: Identity, since: string, excludeId: number | null): Promise<AuthorHistory> {
  const shape: HistoryShape = `${who.userId !== null ? 'user' : ''}/${who.ipHash !== null ? 'ip' : ''}/${excludeId !== null ? 'exclude' : ''}`;
  const { rows: [row] } = await historyQuery(db, shape, { email: who.email.toLowerCase(), userId: who.userId, ipHash: who.ipHash, since, excludeId });
  return { approved: Number(row?.approved ?? 0), offences: Number(row?.offences ?? 0) };
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

const sameTextQuery = preparedQuery((db, v: { textHash: string; duplicateSince: string; spamSince: string; earliest: string; excludeId: number | null }, shape: 'exclude' | 'all') => {
  const isDuplicate = (eb: ExpressionBuilder<Database, 'comments'>) =>
    eb.and([eb('status', 'in', ['published', 'pending', 'spam']), eb('created_at', '>=', v.duplicateSince)]);
  const isSpam = (eb: ExpressionBuilder<Database, 'comments'>) => eb.and([eb('status', '=', 'spam'), eb('created_at', '>=', v.spamSince)]);
  return db.selectFrom('comments')
    .select((eb) => [
      eb.fn.max(eb.case().when(isDuplicate(eb)).then(eb.ref('id')).end()).as('dup_id'),
      eb.fn.max(eb.case().when(isDuplicate(eb)).then(eb.ref('created_at')).end()).as('dup_at'),
      eb.fn.sum<number>(eb.case().when(isSpam(eb)).then(1).else(0).end()).as('spam_n'),
      eb.fn.max(eb.case().when(isSpam(eb)).then(eb.ref('id')).end()).as('spam_latest'),
    ])
    .where('text_hash', '=', v.textHash)
    .where('created_at', '>=', v.earliest)
    .$if(shape === 'exclude', (q) => q.where('id', '!=', v.excludeId));
});

/**
 * Earlier comments with this normalised text (not `excludeId`), in one look-up: the newest still shown, held or
 * binned since `duplicateSince` (id and when), and those marked spam since `spamSince` (how many, the newest id).
 */
export async function sameText(db: DB, textHash: string, since: { duplicate: string; spam: string }, excludeId: number | null) {
  const { rows: [row] } = await sameTextQuery(db, excludeId !== null ? 'exclude' : 'all', {
    textHash, duplicateSince: since.duplicate, spamSince: since.spam, earliest: since.duplicate < since.spam ? since.duplicate : since.spam, excludeId,
  });
  const spamCount = Number(row?.spam_n ?? 0);
  return {
    duplicate: row?.dup_id != null ? { id: Number(row.dup_id), createdAt: String(row.dup_at) } : undefined,
    earlierSpam: spamCount > 0 ? { count: spamCount, latestId: Number(row!.spam_latest) } : undefined,
  };
}

export async function logAction(db: DB, entry: { actor: string; action: string; commentId: number | null; detail: string; at: string }) {
  await db.insertInto('moderation_log').values({
    actor: entry.actor, action: entry.action, comment_id: entry.commentId, detail: entry.detail, created_at: entry.at,
  }).execute();
}

// ---- Reports -----------------------------------------------------------------------------------------

/** Files a report; false when this reporter already reported the comment. */
export async function insertReport(db: DB, r: { commentId: number; reporter: string; reason: string; note: string | null; at: string }): Promise<boolean> {
  const inserted = await db.insertInto('comment_reports').values({
    comment_id: r.commentId, reporter: r.reporter, reason: r.reason, note: r.note, created_at: r.at, resolved_at: null,
  }).onConflict((oc) => oc.columns(['comment_id', 'reporter']).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Reports no moderator has acted on yet. */
export async function openReportCount(db: DB, commentId: number): Promise<number> {
  const r = await db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', commentId).where('resolved_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function resolveReports(db: DB, commentId: number, at: string): Promise<void> {
  await db.updateTable('comment_reports').set({ resolved_at: at }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).execute();
}

// ---- Queues --------------------------------------------------------------------------------------------

export type QueueName = 'pending' | 'spam' | 'reported' | 'all';

/** Narrows a queue: to one article (by slug), to comments whose text or author name contains `search`. */
export interface QueueFilter { article?: string; search?: string }

type CommentsQuery = ReturnType<typeof queueBase>;
const queueBase = (db: DB) => db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
  .where('comments.status', '!=', 'deleted');

/** The comments of a queue, filtered. */
function inQueue(q: CommentsQuery, queue: QueueName, filter: QueueFilter): CommentsQuery {
  if (queue === 'pending') q = q.where('comments.status', '=', 'pending');
  if (queue === 'spam') q = q.where('comments.status', '=', 'spam');
  if (queue === 'reported') {
    q = q.where((eb) => eb.exists(eb.selectFrom('comment_reports').select('comment_reports.id')
      .whereRef('comment_reports.comment_id', '=', 'comments.id').where('comment_reports.resolved_at', 'is', null)));
  }
  if (filter.article) q = q.where('articles.slug', '=', filter.article);
  const search = filter.search;
  if (search) q = q.where((eb) => eb.or([containsText('comments.body', search), containsText('comments.author_name', search)]));
  return q;
}

/**
 * One page of a queue, newest first, with the article, the comment replied to and every report count;
 * `limit + 1` rows to know if more follow.
 */
export async function queuePage(db: DB, queue: QueueName, before: number | undefined, limit: number, filter: QueueFilter = {}) {
  let q = inQueue(queueBase(db), queue, filter)
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select(['comments.id', 'comments.article_id', 'articles.title as article_title', 'articles.slug as article_slug',
      'comments.author_name', 'comments.author_email', 'comments.user_id', 'comments.reader_id', 'comments.ip_hash', 'comments.body',
      'comments.body_html', 'comments.status', 'comments.moderation', 'comments.spam_score',
      'comments.created_at', 'comments.edited_at', 'comments.edited_by',
      'comments.parent_id', 'parent.author_name as parent_author', 'parent.body as parent_body', 'parent.status as parent_status'])
    .select((eb) => eb.selectFrom('comment_reports').select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('comment_reports.comment_id', '=', 'comments.id').as('report_count'));
  if (before) q = q.where('comments.id', '<', before);
  const rows = await q.orderBy('comments.id', 'desc').limit(limit + 1).execute();
  return rows.map((r) => ({ ...r, report_count: Number(r.report_count ?? 0) }));
}

/** The articles with comments in a queue (for its filter), the most recently commented first. */
export async function queueArticles(db: DB, queue: QueueName, limit: number) {
  const rows = await inQueue(queueBase(db), queue, {})
    .select(['articles.slug', 'articles.title', (eb) => eb.fn.max('comments.id').as('newest')])
    .groupBy(['articles.id', 'articles.slug', 'articles.title'])
    .orderBy('newest', 'desc').limit(limit).execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title }));
}

/** What an author has written so far: comments by status (deleted ones left out) and the first one's time. */
export interface AuthorRecord { published: number; pending: number; spam: number; rejected: number; firstSeen: string }

/**
 * The records of authors, keyed `user:<id>`, `email:<address>` or `reader:<id>` (see authorKey): an account's
 * comments by the account, a guest's by e-mail address, else by reader cookie.
 */
export async function authorRecords(db: DB, keys: string[]): Promise<Map<string, AuthorRecord>> {
  const of = (prefix: string) => [...new Set(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))];
  const users = of('user:').map(Number);
  const emails = of('email:');
  const readers = of('reader:');
  const grouped = (column: 'user_id' | 'author_email' | 'reader_id', values: (string | number)[]) => values.length === 0 ? Promise.resolve([]) :
    db.selectFrom('comments')
      .select([`${column} as who`, 'status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('first')])
      .where(column, 'in', values as never[]).where('status', '!=', 'deleted')
      .groupBy([column, 'status']).execute();
  const [byUser, byEmail, byReader] = await Promise.all([grouped('user_id', users), grouped('author_email', emails), grouped('reader_id', readers)]);
  const out = new Map<string, AuthorRecord>();
  const add = (prefix: string, rows: { who: unknown; status: string; n: unknown; first: unknown }[]) => {
    for (const r of rows) {
      const key = `${prefix}${String(r.who)}`;
      const rec = out.get(key) ?? { published: 0, pending: 0, spam: 0, rejected: 0, firstSeen: String(r.first) };
      if (r.status in rec && r.status !== 'firstSeen') rec[r.status as 'published' | 'pending' | 'spam' | 'rejected'] += Number(r.n);
      if (String(r.first) < rec.firstSeen) rec.firstSeen = String(r.first);
      out.set(key, rec);
    }
  };
  add('user:', byUser);
  add('email:', byEmail);
  add('reader:', byReader);
  return out;
}

/** Whose history a comment counts in (authorRecords): the account, else the e-mail address, else the reader cookie. */
export function authorKey(c: { user_id: number | null; author_email: string; reader_id: string | null }): string | undefined {
  if (c.user_id !== null) return `user:${c.user_id}`;
  if (c.author_email) return `email:${c.author_email.toLowerCase()}`;
  return c.reader_id ? `reader:${c.reader_id}` : undefined;
}

export async function openReportsOf(db: DB, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db.selectFrom('comment_reports').select(['comment_id', 'reason', 'note', 'created_at'])
    .where('comment_id', 'in', commentIds).where('resolved_at', 'is', null).execute();
}

export async function queueCounts(db: DB): Promise<Record<QueueName, number>> {
  const rows = await db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'deleted').groupBy('status').execute();
  // Counted like queuePage('reported'): comments (not deleted) with open reports.
  const reported = await db.selectFrom('comment_reports').innerJoin('comments', 'comments.id', 'comment_reports.comment_id')
    .select((eb) => eb.fn.count<number>('comment_reports.comment_id').distinct().as('n'))
    .where('comment_reports.resolved_at', 'is', null).where('comments.status', '!=', 'deleted').executeTakeFirstOrThrow();
  const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { pending: of('pending'), spam: of('spam'), reported: Number(reported.n), all: rows.reduce((sum, r) => sum + Number(r.n), 0) };
}

/** A comment as a moderator looks at it, with its article; undefined when unknown or deleted. */
export async function commentForModerator(db: DB, id: number) {
  const row = await db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
    .select(['comments.id', 'comments.article_id', 'comments.author_name', 'comments.author_email', 'comments.user_id', 'comments.ip_hash',
      'comments.body', 'comments.body_html', 'comments.status', 'comments.created_at', 'articles.title as article_title', 'articles.slug as article_slug'])
    .where('comments.id', '=', id).executeTakeFirst();
  return row && row.status !== 'deleted' ? row : undefined;
}

// ---- Bans, block list, log -------------------------------------------------------------------------------

export async function insertBan(db: DB, b: Insertable<Database['bans']>): Promise<void> {
  await db.insertInto('bans').values(b).execute();
}

export const activeBans = (db: DB, now: string, limit?: number) => db.selectFrom('bans').selectAll().where('lifted_at', 'is', null)
  .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).orderBy('id', 'desc')
  .$if(limit !== undefined, (q) => q.limit(limit!)).execute();

export async function liftBan(db: DB, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('bans').set({ lifted_at: at }).where('id', '=', id).where('lifted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const blockListEntries = (db: DB) => db.selectFrom('block_list').selectAll().orderBy('kind').orderBy('value').execute();

/** Adds an entry; false when it is on the list already. */
export async function insertBlock(db: DB, b: Insertable<Database['block_list']>): Promise<boolean> {
  const added = await db.insertInto('block_list').values(b).onConflict((oc) => oc.columns(['kind', 'value']).doNothing()).executeTakeFirst();
  return Number(added.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const deleteBlock = (db: DB, id: number) =>
  db.deleteFrom('block_list').where('id', '=', id).returning(['kind', 'value']).executeTakeFirst();

export const logEntries = (db: DB, limit: number) => db.selectFrom('moderation_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
