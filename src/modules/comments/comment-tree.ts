// Pure ordering and tree building for comment threads (unit-tested; no I/O).
import { DB_ID_MAX, DB_INT_MIN } from '../../platform/http/input.js';

export type CommentSort = 'newest' | 'oldest' | 'votes';
export const COMMENT_SORTS: readonly CommentSort[] = ['newest', 'oldest', 'votes'];

export interface Sortable {
  id: number;
  createdAt: string;
  up: number;
  down: number;
}

/** Order of top-level threads. Ties are broken by id so the order is stable. */
export function compareThreads(sort: CommentSort) {
  return (a: Sortable, b: Sortable): number => {
    switch (sort) {
      case 'newest':
        return a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1;
      case 'oldest':
        return a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1;
      case 'votes': {
        const d = (b.up - b.down) - (a.up - a.down);
        return d !== 0 ? d : a.id - b.id;
      }
    }
  };
}

/** Replies read as a conversation (oldest first), except under Most Voted where the best reply leads. */
export const compareReplies = (sort: CommentSort) => compareThreads(sort === 'votes' ? 'votes' : 'oldest');

export interface TreeInput extends Sortable {
  parentId: number | null;
  deleted: boolean;
}

export type TreeNode<T> = T & { replies: TreeNode<T>[] };

/**
 * Builds threads from top-level comments (already in page order) and their descendants.
 * Replies whose parent is missing are dropped; deleted comments stay only as placeholders
 * for replies that still stand.
 */
export function buildThreads<T extends TreeInput>(roots: T[], descendants: T[], sort: CommentSort): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>();
  for (const c of [...roots, ...descendants]) nodes.set(c.id, { ...c, replies: [] });
  for (const c of descendants) {
    const parent = c.parentId === null ? undefined : nodes.get(c.parentId);
    if (parent) parent.replies.push(nodes.get(c.id)!);
  }
  const byReply = compareReplies(sort);
  const finish = (n: TreeNode<T>): TreeNode<T> | undefined => {
    n.replies = n.replies.map(finish).filter((r): r is TreeNode<T> => r !== undefined).sort(byReply);
    return n.deleted && n.replies.length === 0 ? undefined : n;
  };
  return roots.map((r) => finish(nodes.get(r.id)!)).filter((r): r is TreeNode<T> => r !== undefined);
}

/** Comments in threads, replies at every depth included. */
export interface Branching { readonly replies: readonly Branching[] }
export function countNodes(threads: readonly Branching[]): number {
  return threads.reduce((n, t) => n + 1 + countNodes(t.replies), 0);
}

// Cursors name the last thread of a page by its sort key and id: opaque base64url JSON.
export interface Cursor { sort: CommentSort; key: string | number; id: number }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');
}

const isStoredTime = (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s));

export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return undefined;
    const [sort, key, id] = v as [unknown, unknown, unknown];
    // Every value is compared with a column: an id, a score within the database's integer range, or a
    // timestamp exactly as stored (ISO-8601 in UTC).
    const inRange = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= DB_ID_MAX;
    if (!COMMENT_SORTS.includes(sort as CommentSort) || !inRange(id, 1)) return undefined;
    if (sort === 'votes' ? !inRange(key, DB_INT_MIN) : typeof key !== 'string' || !isStoredTime(key)) return undefined;
    return { sort: sort as CommentSort, key: key as string | number, id: id as number };
  } catch {
    return undefined;
  }
}
