// Comment and vote rows. Rows become domain objects in toComment; the e-mail never leaves here
// except through findCommentRow for the service's own checks.
import type { ExpressionBuilder, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { CommentsTable, Database } from '../../platform/db/schema.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import type { CommentSort, Cursor } from './comment-tree.js';
import { heldNoticeOf } from './moderation-port.js';

type DB = Kysely<Database> | Transaction<Database>;

export interface CommentRecord {
  id: number;
  articleId: number;
  parentId: number | null;
  authorName: string;
  readerId: string | null;
  userId: number | null;
  authorRole: string | null;
  bodyHtml: string;
  status: Selectable<CommentsTable>['status'];
  deleted: boolean;
  up: number;
  down: number;
  createdAt: string;
  editedAt: string | null;
  editedBy: string | null;
  /** Why a held comment waits, in words for its poster (only they ever see a held comment). */
  heldNotice: string | undefined;
  /** Inline feedback: the passage quoted and whether it is placed in the article now. */
  anchor: { exact: string; prefix: string; suffix: string; placed: boolean } | undefined;
}

export function toComment(r: Selectable<CommentsTable>): CommentRecord {
  const deleted = r.status === 'deleted';
  return {
    id: r.id,
    articleId: r.article_id,
    parentId: r.parent_id,
    authorName: deleted ? '' : r.author_name,
    readerId: r.reader_id,
    userId: r.user_id,
    authorRole: deleted ? null : r.author_role,
    bodyHtml: deleted ? '' : r.body_html,
    status: r.status,
    deleted,
    up: r.up,
    down: r.down,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    editedBy: r.edited_by,
    heldNotice: heldNoticeOf(r.status, r.moderation),
    anchor: deleted || r.anchor_exact === null ? undefined
      : { exact: r.anchor_exact, prefix: r.anchor_prefix ?? '', suffix: r.anchor_suffix ?? '', placed: r.anchor_placed === 1 },
  };
}

const VISIBLE = ['published', 'deleted'] as const;
const HELD = ['pending', 'spam'] as const;

/** The reader looking: their own held comments are shown to them (marked "awaiting moderation"). */
export interface Owner { readerId?: string; userId?: number }

/** What a reader sees: published comments and placeholders, and their own held comments. */
function visibleTo(owner: Owner | undefined) {
  return (eb: ExpressionBuilder<Database, 'comments'>) => eb.or([
    eb('status', 'in', VISIBLE),
    ...(owner?.readerId !== undefined || owner?.userId !== undefined
      ? [eb.and([eb('status', 'in', HELD), eb.or([
        ...(owner.readerId !== undefined ? [eb('reader_id', '=', owner.readerId)] : []),
        ...(owner.userId !== undefined ? [eb('user_id', '=', owner.userId)] : []),
      ])])]
      : []),
  ]);
}

const commentRowQuery = preparedQuery((db, v: { id: number }) => db.selectFrom('comments').selectAll().where('id', '=', v.id));

export async function findCommentRow(db: DB, id: number): Promise<Selectable<CommentsTable> | undefined> {
  return (await commentRowQuery(db, '', { id })).rows[0];
}

// The shape is the row's columns (an anchored comment has more).
const insertCommentQuery = preparedQuery((db, v: Record<string, unknown>, columns: string) =>
  db.insertInto('comments').values(Object.fromEntries(columns.split(',').map((c) => [c, v[c]])) as Insertable<CommentsTable>).returningAll());

export async function insertComment(db: DB, row: Insertable<CommentsTable>) {
  const columns = Object.keys(row).filter((c) => row[c as keyof typeof row] !== undefined);
  const [inserted] = (await insertCommentQuery(db, columns.join(','), row)).rows;
  if (!inserted) throw new Error('insertComment: no row returned');
  return inserted;
}

/** One page of top-level threads in sort order, after the cursor; fetches limit + 1 to know if more follow. */
export async function topLevelPage(db: DB, articleId: number, sort: CommentSort, cursor: Cursor | undefined, limit: number, owner?: Owner, inlineOnly = false) {
  let q = db.selectFrom('comments').selectAll()
    .where('article_id', '=', articleId).where('parent_id', 'is', null).where(visibleTo(owner));
  if (inlineOnly) q = q.where('anchor_placed', 'is not', null);
  if (sort === 'newest') {
    if (cursor) q = q.where((eb) => eb.or([eb('created_at', '<', cursor.key as string), eb.and([eb('created_at', '=', cursor.key as string), eb('id', '<', cursor.id)])]));
    q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  } else if (sort === 'oldest') {
    if (cursor) q = q.where((eb) => eb.or([eb('created_at', '>', cursor.key as string), eb.and([eb('created_at', '=', cursor.key as string), eb('id', '>', cursor.id)])]));
    q = q.orderBy('created_at', 'asc').orderBy('id', 'asc');
  } else {
    if (cursor) q = q.where((eb) => eb.or([eb('score', '<', cursor.key as number), eb.and([eb('score', '=', cursor.key as number), eb('id', '>', cursor.id)])]));
    q = q.orderBy('score', 'desc').orderBy('id', 'asc');
  }
  return (await q.limit(limit).execute()).map(toComment);
}

export async function repliesOfThreads(db: DB, rootIds: number[], owner?: Owner) {
  if (rootIds.length === 0) return [];
  const rows = await db.selectFrom('comments').selectAll().where('root_id', 'in', rootIds).where(visibleTo(owner)).execute();
  return rows.map(toComment);
}

export async function countPublished(db: DB, articleId: number): Promise<number> {
  const r = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Published comments per article, for a listing's articles in one grouped query (article ids without any are absent). */
export async function countPublishedOf(db: DB, articleIds: readonly number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db.selectFrom('comments').select(['article_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('article_id', 'in', [...articleIds]).where('status', '=', 'published').groupBy('article_id').execute();
  return new Map(rows.map((r) => [r.article_id, Number(r.n)]));
}

/** Published comments on any article written since `since` (an ISO time), for the dashboard. */
export async function countPublishedSince(db: DB, since: string): Promise<number> {
  const r = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether any reply (in any state) hangs on the comment: it then stays as a "deleted" placeholder. */
export async function hasReplies(db: DB, id: number): Promise<boolean> {
  const r = await db.selectFrom('comments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function updateComment(db: DB, id: number, patch: Updateable<CommentsTable>) {
  return db.updateTable('comments').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Empties a comment into a placeholder (its replies keep their thread) or deletes it outright. */
export async function removeCommentRow(db: DB, id: number): Promise<{ placeholder: boolean }> {
  if (await hasReplies(db, id)) {
    await db.updateTable('comments').set({ status: 'deleted', body: '', body_html: '', author_email: '' }).where('id', '=', id).execute();
    return { placeholder: true };
  }
  await db.deleteFrom('comments').where('id', '=', id).execute();
  return { placeholder: false };
}

export async function insertRevision(db: DB, row: Insertable<Database['comment_revisions']>) {
  await db.insertInto('comment_revisions').values(row).execute();
}

export const revisionsOf = (db: DB, commentId: number) =>
  db.selectFrom('comment_revisions').selectAll().where('comment_id', '=', commentId).orderBy('id', 'desc').execute();

/** The comments an account wrote (for its deletion and its data export). */
export const idsByUser = (db: DB, userId: number) =>
  db.selectFrom('comments').select(['id', 'article_id', 'status', 'author_name']).where('user_id', '=', userId).orderBy('id').execute();

/** A deleted account's comments stay, by "deleted user", with nothing left that points to the person. */
export async function anonymiseByUser(db: DB, userId: number): Promise<void> {
  await db.updateTable('comments').set({ author_name: 'deleted user', author_email: '', user_id: null, author_role: null, reader_id: null })
    .where('user_id', '=', userId).execute();
}

export const exportRowsOf = (db: DB, userId: number) =>
  db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
    .select(['comments.id', 'articles.slug as article', 'comments.parent_id', 'comments.body', 'comments.status', 'comments.created_at', 'comments.edited_at', 'comments.up', 'comments.down'])
    .where('comments.user_id', '=', userId).orderBy('comments.id').execute();

/** Ids of this reader's comments on an article that only they see differently: still editable, or held. */
export async function ownPersonalIds(db: DB, articleId: number, readerId: string | undefined, userId: number | undefined, editableSince: string | undefined): Promise<number[]> {
  if (readerId === undefined && userId === undefined) return [];
  const rows = await db.selectFrom('comments').select('id')
    .where((eb) => eb.or([
      ...(readerId !== undefined ? [eb('reader_id', '=', readerId)] : []),
      ...(userId !== undefined ? [eb('user_id', '=', userId)] : []),
    ]))
    .where('article_id', '=', articleId)
    .where((eb) => eb.or([
      eb('status', 'in', HELD),
      ...(editableSince !== undefined ? [eb.and([eb('status', '=', 'published'), eb('created_at', '>=', editableSince)])] : []),
    ]))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The guests (reader ids) with a comment of their own in sight on an article: held (pending or spam), or
 * published at `editableSince` or later (still editable); the newest such comment's time and status per reader.
 */
export async function readersWithOwnInSight(db: DB, articleId: number, editableSince: string | undefined): Promise<{ readerId: string; held: boolean; createdAt: string }[]> {
  const rows = await db.selectFrom('comments').select(['reader_id', 'status', 'created_at'])
    .where('article_id', '=', articleId)
    .where('reader_id', 'is not', null)
    .where((eb) => eb.or([
      eb('status', 'in', HELD),
      ...(editableSince !== undefined ? [eb.and([eb('status', '=', 'published'), eb('created_at', '>=', editableSince)])] : []),
    ]))
    .execute();
  return rows.map((r) => ({ readerId: r.reader_id!, held: r.status !== 'published', createdAt: r.created_at }));
}

export async function votesOf(db: DB, voter: string, commentIds: number[]): Promise<Map<number, number>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.selectFrom('votes').select(['comment_id', 'value'])
    .where('voter', '=', voter).where('comment_id', 'in', commentIds).execute();
  return new Map(rows.map((r) => [r.comment_id, r.value]));
}

/**
 * Sets (1 / -1) or withdraws (0) a voter's vote and adjusts the counts on the comment in the same
 * transaction. The first statement touches the comment row, which serialises concurrent votes on it.
 */
export async function applyVote(tx: Transaction<Database>, commentId: number, voter: string, value: -1 | 0 | 1, now: string) {
  await tx.updateTable('comments').set((eb) => ({ up: eb.ref('up') })).where('id', '=', commentId).execute();
  const previous = (await tx.selectFrom('votes').select('value').where('comment_id', '=', commentId).where('voter', '=', voter).executeTakeFirst())?.value ?? 0;
  if (previous === value) return;
  if (value === 0) {
    await tx.deleteFrom('votes').where('comment_id', '=', commentId).where('voter', '=', voter).execute();
  } else if (previous === 0) {
    await tx.insertInto('votes').values({ comment_id: commentId, voter, value, created_at: now }).execute();
  } else {
    await tx.updateTable('votes').set({ value }).where('comment_id', '=', commentId).where('voter', '=', voter).execute();
  }
  const dUp = (value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
  const dDown = (value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
  await tx.updateTable('comments').set((eb) => ({
    up: eb('up', '+', dUp),
    down: eb('down', '+', dDown),
    score: eb('score', '+', dUp - dDown),
  })).where('id', '=', commentId).execute();
}

/** Who has a published comment in the discussion, each with their newest one (what "@Name" links to). */
export const mentionableAuthors = (db: DB, articleId: number) =>
  db.selectFrom('comments').select('author_name').select((eb) => eb.fn.max('id').as('id'))
    .where('article_id', '=', articleId).where('status', '=', 'published').groupBy('author_name').execute();

/** Comments by id with who wrote them (for notifications; never sent to a client). */
export const authorsOf = (db: DB, ids: number[]) => ids.length === 0 ? Promise.resolve([]) :
  db.selectFrom('comments').select(['id', 'article_id', 'parent_id', 'author_name', 'author_email', 'user_id', 'body', 'status', 'created_at'])
    .where('id', 'in', ids).orderBy('id').execute();
