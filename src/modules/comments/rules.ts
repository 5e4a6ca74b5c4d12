// Who may do what with a comment: one set of rules asked by the service, the API, the forms and the views.
import { AppError } from '../../platform/http/errors.js';
import { can, isStaff, type Caller } from '../accounts/index.js';

export const mayModerateComments = (c: Caller): boolean => can(c, 'comments.moderate');

/** A vote belongs to a signed-in reader's account (on every device), else to the guest's reader cookie. */
export const voterOf = (c: Caller): string | undefined => (c.user ? `user:${c.user.id}` : c.readerId);

/** The comment was written by this caller: their account, or (for a guest) their reader cookie. */
export function wrote(c: Caller, row: { user_id: number | null; reader_id: string | null }): boolean {
  return (c.user !== undefined && row.user_id === c.user.id) || (c.readerId !== undefined && row.reader_id === c.readerId);
}

/** A signed-in commenter: the comment carries the account's name, and staff roles show a badge. */
export interface Commenter { userId: number; name: string; email: string; role: string; staff: boolean }

/** The account a comment is posted under; undefined for a guest; refused until the address is confirmed. */
export function commenterOf(c: Caller): Commenter | undefined {
  if (!c.user) return undefined;
  if (!c.user.email_verified_at) throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Confirm your e-mail address before commenting under your account');
  return { userId: c.user.id, name: c.name, email: c.user.email, role: c.user.role, staff: isStaff(c.user.role) };
}

/** The author may change a comment within the edit window (0 minutes: never); a moderator always. */
export function mayChangeComment(c: Caller, row: { user_id: number | null; reader_id: string | null; created_at: string }, editableSince: string | undefined): boolean {
  return mayModerateComments(c) || (wrote(c, row) && editableSince !== undefined && row.created_at >= editableSince);
}
