// What readers of an article's live stream may see, translated from the comments' domain events. Only
// published comments are ever told about: a held or spam comment's creation, edits and deletion send nothing,
// and a comment that becomes visible (posted published, or approved later) arrives as `comment.created`.
// Bodies are read from the database when the message is made, so they may be newer than the event (the
// reader then sees the newer text at once; a later event sends it again).
import type { DomainEvent, EventType } from '../../../platform/events/event-bus.js';
import type { CommentsService } from '../comments.service.js';

/** The reader's comment as the comments API gives it (allow-listed: no e-mail, nothing personal). */
export type LiveComment = NonNullable<Awaited<ReturnType<CommentsService['readerView']>>>;

export type LiveMessage =
  | { event: 'comment.created'; data: { comment: LiveComment } }
  | { event: 'comment.edited'; data: { comment: LiveComment } }
  /** `placeholder`: the comment stays as "deleted" because of its replies; else it goes with them. */
  | { event: 'comment.deleted'; data: { id: number; placeholder: boolean } }
  | { event: 'votes'; data: { id: number; up: number; down: number } };

/** The event types that can make a message (the stream listens to these). */
export const LIVE_SOURCES = ['comment.published', 'comment.edited', 'comment.status-changed', 'comment.deleted', 'comment.voted'] as const satisfies readonly EventType[];
type Source = (typeof LIVE_SOURCES)[number];

export function isLiveSource(type: string): type is Source {
  return (LIVE_SOURCES as readonly string[]).includes(type);
}

/** The message readers may see for an event, or undefined when there is none for them. */
export async function liveMessageOf(e: DomainEvent, comments: Pick<CommentsService, 'readerView'>): Promise<LiveMessage | undefined> {
  if (!isLiveSource(e.type)) return undefined;
  switch (e.type) {
    case 'comment.published': {
      const comment = await comments.readerView((e as DomainEvent<'comment.published'>).payload.commentId);
      return comment && { event: 'comment.created', data: { comment } };
    }
    case 'comment.edited': {
      const p = (e as DomainEvent<'comment.edited'>).payload;
      if (p.status !== 'published') return undefined;
      const comment = await comments.readerView(p.commentId);
      return comment && { event: 'comment.edited', data: { comment } };
    }
    case 'comment.status-changed': {
      // Into published: `comment.published` tells. Out of it: readers no longer see the comment nor its replies.
      const p = (e as DomainEvent<'comment.status-changed'>).payload;
      return p.from === 'published' && p.to !== 'published' ? { event: 'comment.deleted', data: { id: p.commentId, placeholder: false } } : undefined;
    }
    case 'comment.deleted': {
      // Events stored before `status` was recorded say nothing: they may be about a held comment.
      const p = (e as DomainEvent<'comment.deleted'>).payload;
      return p.status === 'published' ? { event: 'comment.deleted', data: { id: p.commentId, placeholder: p.placeholder } } : undefined;
    }
    case 'comment.voted': {
      const p = (e as DomainEvent<'comment.voted'>).payload;
      return { event: 'votes', data: { id: p.commentId, up: p.up, down: p.down } };
    }
  }
}
