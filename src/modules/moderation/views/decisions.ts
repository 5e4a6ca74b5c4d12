// A moderator's decisions on comments as the pages offer them: the button, its keyboard shortcut
// (client/admin-moderation.ts presses the button with data-key) and the notice once it is done.
import type { ModeratorAction } from '../moderation.service.js';

export const DECISIONS: readonly { action: ModeratorAction; label: string; key: string; done: string; danger?: true }[] = [
  { action: 'approve', label: 'Approve', key: 'a', done: 'approved' },
  { action: 'reject', label: 'Reject', key: 'r', done: 'rejected', danger: true },
  { action: 'spam', label: 'Spam', key: 's', done: 'marked spam', danger: true },
  { action: 'not-spam', label: 'Not spam', key: 'n', done: 'marked not spam and published' },
];

/** "3 comments marked spam." after a decision (?notice=<action>&n=<count>); undefined for any other notice. */
export function decisionNotice(notice: string | undefined, n: string | undefined): string | undefined {
  const done = DECISIONS.find((d) => d.action === notice)?.done;
  if (!done) return undefined;
  const count = n !== undefined && /^\d{1,4}$/.test(n) ? Number(n) : 0;
  return `${count} ${count === 1 ? 'comment' : 'comments'} ${done}.`;
}
