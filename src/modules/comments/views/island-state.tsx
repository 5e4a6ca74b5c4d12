// The comment section's data, embedded in the article page for the island to start from (no request
// to the comments API on load). It carries exactly what the server rendered: on the shared cached page
// that is nothing personal (no myVote, no canEdit, no held comments); a personal page carries the reader's.
import type { CommentSort } from '../comment-tree.js';
import type { CommentThread } from '../comments.schemas.js';
import type { CommentSectionProps } from './CommentSection.js';

export const ISLAND_STATE_ID = 'comments-state';

export interface IslandState {
  sort: CommentSort;
  all: boolean;
  /** The "Inline Feedbacks" filter is on. */
  inline: boolean;
  total: number;
  threads: CommentThread[];
  nextCursor: string | null;
  replyTo: number | null;
  editing: number | null;
  reporting: number | null;
  /** The newest event of the article the page reflects: live updates resume after it (null: start from now). */
  liveFrom: number | null;
}

export function islandStateOf(p: CommentSectionProps): IslandState {
  return {
    sort: p.sort, all: p.showingAll ?? false, inline: p.inline ?? false, total: p.total, threads: p.threads, nextCursor: p.nextCursor,
    replyTo: p.replyTo ?? null, editing: p.editing ?? null, reporting: p.reporting ?? null, liveFrom: p.liveFrom ?? null,
  };
}

/**
 * JSON that is safe inside <script type="application/json">: `<`, `>` and `&` are written as \u escapes
 * (so no "</script>" or "<!--" can appear), which JSON.parse reads back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function IslandStateScript({ state }: { state: IslandState }) {
  return <script type="application/json" id={ISLAND_STATE_ID} dangerouslySetInnerHTML={{ __html: scriptJson(state) }} />;
}
