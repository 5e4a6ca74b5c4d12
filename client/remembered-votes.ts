// The votes this browser gave, kept in localStorage. The shared cached article page carries nobody's
// votes; the island shows the reader's own from here (the server's answer to a vote keeps it right).
import type { CommentThread } from '../src/modules/comments/comments.schemas.js';

const KEY = 'gazette.votes';
/** Kept at most; integer keys iterate in ascending order, so the oldest comments' votes go first. */
const MAX = 500;

function read(): Record<string, 1 | -1> {
  try { return JSON.parse(localStorage.getItem(KEY) ?? '{}') ?? {}; } catch { return {}; }
}

export function rememberVote(id: number, value: 1 | -1 | 0): void {
  const votes = read();
  delete votes[id];
  if (value !== 0) votes[id] = value;
  const ids = Object.keys(votes);
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX))) delete votes[old];
  try { localStorage.setItem(KEY, JSON.stringify(votes)); } catch { /* private mode, full */ }
}

/** Threads with this browser's votes filled in where the page did not say (the cached page never does). */
export function withRememberedVotes(threads: CommentThread[]): CommentThread[] {
  const votes = read();
  const fill = (c: CommentThread): CommentThread => ({
    ...c, ...(c.myVote === undefined && votes[c.id] !== undefined && { myVote: votes[c.id] }), replies: c.replies.map(fill),
  });
  return threads.map(fill);
}
