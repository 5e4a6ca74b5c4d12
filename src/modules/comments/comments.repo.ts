// Comment and vote rows. Rows become domain objects in toComment; the e-mail never leaves here
// except through findCommentRow for the service's own checks.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { CommentsTable, Database } from '../../platform/db/schema.js';
import type { CommentSort, Cursor } from './comment-tree.js';
import { posterNotice } from '../moderation/poster-notice.js';

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
    heldNotice: posterNotice(r.status, r.moderation),
  };
}

const VISIBLE = ['published', 'deleted'] as const;
const HELD = ['pending', 'spam'] as const;

/** The reader looking: their own held comments are shown to them (marked "awaiting moderation"). */
export interface Owner { readerId?: string; userId?: number }

function visibleTo<QB extends { where: (...args: any[]) => QB }>(q: QB, owner: Owner | undefined): QB {
  return q.where((eb: any) => eb.or([
    eb('status', 'in', VISIBLE),
    ...(owner?.readerId !== undefined || owner?.userId !== undefined
      ? [eb.and([eb('status', 'in', HELD), eb.or([
        ...(owner.readerId !== undefined ? [eb('reader_id', '=', owner.readerId)] : []),
        ...(owner.userId !== undefined ? [eb('user_id', '=', owner.userId)] : []),
      ])])]
      : []),
  ]));
}

export async function findCommentRow(db: DB, id: number): Promise<Selectable<CommentsTable> | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertComment(db: DB, row: Insertable<CommentsTable>) {
  return db.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One page of top-level threads in sort order, after the cursor; fetches limit + 1 to know if more follow. */
export async function topLevelPage(db: DB, articleId: number, sort: CommentSort, cursor: Cursor | undefined, limit: number, owner?: Owner) {
  let q = visibleTo(db.selectFrom('comments').selectAll()
    .where('article_id', '=', articleId).where('parent_id', 'is', null), owner);
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
  const rows = await visibleTo(db.selectFrom('comments').selectAll().where('root_id', 'in', rootIds), owner).execute();
  return rows.map(toComment);
}

export async function countPublished(db: DB, articleId: number): Promise<number> {
  const r = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function hasVisibleReplies(db: DB, id: number): Promise<boolean> {
  const r = await db.selectFrom('comments').select('id').where('parent_id', '=', id).where('status', 'in', VISIBLE).limit(1).executeTakeFirst();
  return r !== undefined;
}

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

export async function readerVotes(db: DB, readerId: string, commentIds: number[]): Promise<Map<number, number>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.selectFrom('votes').select(['comment_id', 'value'])
    .where('reader_id', '=', readerId).where('comment_id', 'in', commentIds).execute();
  return new Map(rows.map((r) => [r.comment_id, r.value]));
}

/**
 * Sets (1 / -1) or withdraws (0) a reader's vote and adjusts the counts on the comment in the same
 * transaction. The first statement touches the comment row, which serialises concurrent votes on it.
 */
export async function applyVote(tx: Transaction<Database>, commentId: number, readerId: string, value: -1 | 0 | 1, now: string) {
  await tx.updateTable('comments').set((eb) => ({ up: eb.ref('up') })).where('id', '=', commentId).execute();
  const previous = (await tx.selectFrom('votes').select('value').where('comment_id', '=', commentId).where('reader_id', '=', readerId).executeTakeFirst())?.value ?? 0;
  if (previous === value) return;
  if (value === 0) {
    await tx.deleteFrom('votes').where('comment_id', '=', commentId).where('reader_id', '=', readerId).execute();
  } else if (previous === 0) {
    await tx.insertInto('votes').values({ comment_id: commentId, reader_id: readerId, value, created_at: now }).execute();
  } else {
    await tx.updateTable('votes').set({ value }).where('comment_id', '=', commentId).where('reader_id', '=', readerId).execute();
  }
  const dUp = (value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
  const dDown = (value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
  await tx.updateTable('comments').set((eb) => ({
    up: eb('up', '+', dUp),
    down: eb('down', '+', dDown),
    score: eb('score', '+', dUp - dDown),
  })).where('id', '=', commentId).execute();
}
