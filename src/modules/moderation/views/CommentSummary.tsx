// One line about the comment a moderator edits or bans the author of: who, where, when, its status.
import { Time } from '../../../ui/admin/form-parts.js';
import type { ModerationService } from '../moderation.service.js';

/** A comment as a moderator looks at it (not deleted), with its article. */
export type ModeratedComment = Awaited<ReturnType<ModerationService['comment']>>;

export function CommentSummary({ row }: { row: ModeratedComment }) {
  return (
    <p class="mod-why">
      Comment #{row.id} by <strong>{row.author_name}</strong> ({row.author_email}) on{' '}
      <a href={`/articles/${encodeURIComponent(row.article_slug)}`}>{row.article_title}</a>, <Time iso={row.created_at} />,{' '}
      <span class={`mod-status status-${row.status}`}>{row.status}</span>
    </p>
  );
}
