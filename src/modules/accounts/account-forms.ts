// What readers' account forms accept (zod, with messages meant for people), and small rules of those pages.
import { formText } from '../../platform/http/input.js';
import { z } from 'zod';
import { PASSWORD_MIN } from './accounts.service.js';

export const PASSWORD_MAX = 200;
export const NAME_MAX = 80;
export const EMAIL_MAX = 254;

const email = z.string({ error: 'Enter your e-mail address' }).trim().min(1, 'Enter your e-mail address')
  .max(EMAIL_MAX, 'This e-mail address is too long').pipe(z.email('Enter a valid e-mail address'));
const newPassword = z.string({ error: 'Choose a password' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for your password`);
const displayName = z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(NAME_MAX, `Use at most ${NAME_MAX} characters for your name`);
const password = (wrong: string) => z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(PASSWORD_MAX, wrong);

export const signupForm = z.object({ displayName, email, password: newPassword });
export const loginForm = z.object({
  email: z.string({ error: 'Enter your e-mail address' }).trim().min(1, 'Enter your e-mail address').max(EMAIL_MAX, 'This e-mail address is too long'),
  password: password('The e-mail or password is not right'),
  next: z.string().optional(),
});
export const resetRequestForm = z.object({ email });
export const resetForm = z.object({ token: z.string().optional(), password: newPassword });
export const changePasswordForm = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(PASSWORD_MAX, 'The current password is not right'),
  password: newPassword,
});
export const setupForm = signupForm.extend({
  code: z.string({ error: 'Enter the set-up code' }).trim().min(1, 'Enter the set-up code').max(40, 'This set-up code is not right'),
});
export const inviteForm = z.object({ token: z.string().optional(), displayName, password: newPassword });
export const deleteForm = z.object({
  password: password('The password is not right'),
  comments: z.enum(['keep', 'remove'], { error: 'Choose what happens to your comments' }),
});
/** Query strings of these pages: each value read leniently (a bad one is as good as none). */
export const tokenQuery = z.object({ token: formText });
export const noticeQuery = z.object({ notice: formText, next: formText, code: formText });

/** Pages that carry a secret link in their address: other sites never learn it, our own forms keep a real Origin. */
export const TOKEN_PAGE_REFERRER = 'same-origin';

/** Where to go after signing in: only a path on this site ("/x", never "//host" or "/\host"). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 2000) return undefined;
  if (!next.startsWith('/') || next[1] === '/' || next[1] === '\\') return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return undefined;
  return next;
}

/** Fixed messages shown after a redirect (?notice=key): nothing a link can put on the page itself. */
const NOTICES: Record<string, string> = {
  'email-confirmed': 'Your e-mail address is confirmed. Sign in to comment under your name.',
  'password-saved': 'Your new password is saved. You were signed out on every other device.',
  'verification-sent': 'We sent you a new confirmation link: check your e-mail.',
  'password-changed': 'Your password has been changed. Sign in with your new password.',
  'signed-out-everywhere': 'You have been signed out on every device.',
};
export const noticeText = (key: string | undefined) => (key !== undefined && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined);
