// What the comments module announces. Every change to a comment is one of these, emitted in the
// transaction of the change (see platform/events); the subject is the article ("article:<id>"), so a
// cached page of the article is stale as soon as one of them is committed.
import type { CommentStatus } from '../../platform/db/schema.js';

/** Who made a change: the reader (the comment's author), a moderator, the system (reports), an import. */
export type ChangedBy =
  | { kind: 'reader'; userId?: number }
  | { kind: 'moderator'; name: string; userId?: number }
  | { kind: 'system'; reason: string }
  | { kind: 'import'; source: string };

interface About { commentId: number; articleId: number }

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    /** A new comment, whatever the pipeline decided (status). */
    'comment.created': About & {
      parentId: number | null; status: CommentStatus; userId: number | null; by: ChangedBy;
      /** The poster asked for e-mail about the discussion (the notifications module subscribes them). */
      notify?: 'replies' | 'all';
    };
    /** A comment readers can see now: posted and published at once, or approved later. */
    'comment.published': About & { parentId: number | null; userId: number | null };
    'comment.edited': About & { by: ChangedBy; status: CommentStatus; lengths?: { before: number; after: number } };
    /**
     * Removed, or kept as a "deleted" placeholder because others replied. `status`: what it was before (readers saw
     * it only when published); absent in events stored before it was recorded.
     */
    'comment.deleted': About & { by: ChangedBy; placeholder: boolean; authorName: string; status?: CommentStatus };
    /** `action` names the decision: a moderator's (approve, reject, spam, not-spam), hold (reports), edit. */
    'comment.status-changed': About & { from: CommentStatus; to: CommentStatus; by: ChangedBy; action: string };
    'comment.voted': About & { up: number; down: number };
  }
}

export const articleSubject = (articleId: number) => `article:${articleId}`;
