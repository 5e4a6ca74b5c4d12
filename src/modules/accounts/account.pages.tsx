// A signed-in person's own account: details, confirming the address, the password, the data, deletion.
import { AppError } from '../../platform/http/errors.js';
import { signedInUser } from './caller.js';
import { WRITING_ROLES } from './author-profiles.repo.js';
import type { User } from './accounts.service.js';
import { changePasswordForm, deleteForm, noticeQuery, noticeText, tokenQuery, PASSWORD_MAX, TOKEN_PAGE_REFERRER } from './account-forms.js';
import type { AccountPageKit } from './account-pages.js';
import { Field, Form, LinkProblem, NewPasswordField, Page, Submit, type AccountCtx, type FormError } from './views/AccountPage.js';

const ROLE_NAMES: Record<User['role'], string> = { admin: 'Admin', editor: 'Editor', author: 'Author', moderator: 'Moderator', reader: 'Reader' };

const accountPage = (ctx: AccountCtx, user: User, notice?: string) => (
  <Page ctx={ctx} title="Your account" notice={notice}>
    <dl class="account-details">
      <dt>Name</dt><dd>{user.display_name}</dd>
      <dt>E-mail</dt><dd>{user.email}</dd>
      <dt>Role</dt><dd>{ROLE_NAMES[user.role]}</dd>
      <dt>E-mail address</dt>
      <dd>{user.email_verified_at !== null ? 'Confirmed' : (
        <>
          <span class="account-unverified">Not confirmed yet</span>: open the link we sent you to comment under your name.
          <Form ctx={ctx} action="/account/verify/resend" class="inline-form">
            <button type="submit" class="button link">Resend the confirmation e-mail</button>
          </Form>
        </>
      )}</dd>
    </dl>
    <div class="account-actions">
      <Form ctx={ctx} action="/logout" class="inline-form"><button type="submit" class="button">Sign out</button></Form>
      <Form ctx={ctx} action="/account/logout-all" class="inline-form"><button type="submit" class="button">Sign out on every device</button></Form>
    </div>
    {WRITING_ROLES.includes(user.role) && (
      <>
        <h2>Your author page</h2>
        <p><a href="/account/profile">Your author profile</a>: the address of your page, your bio and your photo.</p>
      </>
    )}
    <h2>E-mail about discussions</h2>
    <p><a href="/account/notifications">The discussions you follow</a>: stop any of them, or get one daily digest instead.</p>
    <h2>Your data</h2>
    <ul>
      <li><a href="/account/password">Change your password</a></li>
      <li><a href="/account/export">Download your data</a> (JSON)</li>
      <li><a href="/account/delete">Delete your account</a></li>
    </ul>
  </Page>
);

const changePasswordPage = (ctx: AccountCtx, error?: FormError) => (
  <Page ctx={ctx} title="Change your password">
    <p>Your other devices are signed out, and password-reset links sent earlier stop working.</p>
    <Form ctx={ctx} action="/account/password" error={error}>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" maxLength={PASSWORD_MAX} error={error} />
      <NewPasswordField label="New password" error={error} />
      <Submit label="Save the new password" />
    </Form>
    <p><a href="/account">Back to your account</a></p>
  </Page>
);

const deletePage = (ctx: AccountCtx, keep: boolean, error?: FormError) => (
  <Page ctx={ctx} title="Delete your account">
    <p>Your account, your sessions and your API tokens are deleted for good. This cannot be undone.</p>
    <Form ctx={ctx} action="/account/delete" error={error}>
      <fieldset class="account-choice">
        <legend>Your comments</legend>
        <label><input type="radio" name="comments" value="keep" checked={keep} /> Keep my comments, shown as by “deleted user”</label>
        <label><input type="radio" name="comments" value="remove" checked={!keep} /> Remove my comments (those with replies stay as “deleted” placeholders)</label>
      </fieldset>
      <Field label="Your password, to confirm" name="password" type="password" autoComplete="current-password" maxLength={PASSWORD_MAX} error={error} />
      <Submit label="Delete my account" danger />
    </Form>
    <p><a href="/account">Back to your account</a></p>
  </Page>
);

export function registerAccountPage(kit: AccountPageKit) {
  const { pages, accounts, auth } = kit;

  pages.add({
    method: 'GET', url: '/account', access: 'signed-in', query: noticeQuery,
    handler: async ({ reply, caller, query }) => kit.send(reply, 200, accountPage(kit.ctxOf(caller), signedInUser(caller), noticeText(query.notice))),
  });

  pages.add({
    method: 'POST', url: '/account/verify/resend', access: 'signed-in',
    handler: async ({ reply, caller }) => {
      const user = signedInUser(caller);
      if (user.email_verified_at) return reply.redirect('/account', 303);
      const wait = await kit.mailLimiter.hit(`user:${user.id}`);
      if (wait > 0) throw new AppError(429, 'RATE_LIMITED', 'We sent several e-mails already: please wait a few minutes and check your spam folder.');
      await accounts.resendVerification(user.id);
      return reply.redirect('/account?notice=verification-sent', 303);
    },
  });

  pages.add({
    method: 'GET', url: '/account/verify', access: 'public', query: tokenQuery,
    handler: async ({ reply, caller, query }) => {
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      if (!query.token) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
      const user = await accounts.verifyEmail(query.token);
      if (caller.user?.id !== user.id) return reply.redirect('/login?notice=email-confirmed', 303);
      return kit.send(reply, 200, (
        <Page ctx={kit.ctxOf(caller)} title="E-mail confirmed">
          <p>Thank you: your e-mail address is confirmed. You can now comment under your name.</p>
          <p><a href="/">Go to the front page</a> · <a href="/account">Your account</a></p>
        </Page>
      ));
    },
    invalid: async ({ reply, caller }, err) => kit.send(reply, err.status, (
      <Page ctx={kit.ctxOf(caller)} title="This link does not work">
        <LinkProblem error={err} again={{ href: '/account', label: 'Sign in to send a new confirmation link' }} />
      </Page>
    )),
  });

  pages.add({
    method: 'GET', url: '/account/password', access: 'signed-in',
    handler: async ({ reply, caller }) => kit.send(reply, 200, changePasswordPage(kit.ctxOf(caller))),
  });

  pages.add({
    method: 'POST', url: '/account/password', access: 'signed-in', form: changePasswordForm,
    handler: async ({ reply, caller, form }) => {
      await accounts.changePassword(signedInUser(caller).id, form.currentPassword, form.password, caller.network, caller.sessionToken!);
      return reply.redirect('/account?notice=password-saved', 303);
    },
    invalid: async ({ reply, caller }, err) => kit.send(reply, err.status, changePasswordPage(kit.ctxOf(caller), err)),
  });

  pages.add({
    method: 'GET', url: '/account/export', access: 'signed-in',
    handler: async ({ reply, caller }) => {
      const user = signedInUser(caller);
      const data = await accounts.exportData(user.id);
      return reply.type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="account-${user.id}-export.json"`)
        .send(JSON.stringify(data, null, 2));
    },
  });

  pages.add({
    method: 'GET', url: '/account/delete', access: 'signed-in',
    handler: async ({ reply, caller }) => kit.send(reply, 200, deletePage(kit.ctxOf(caller), true)),
  });

  pages.add({
    method: 'POST', url: '/account/delete', access: 'signed-in', form: deleteForm,
    handler: async ({ reply, caller, form }) => {
      const user = signedInUser(caller);
      try {
        await accounts.authenticate(user.email, form.password, caller.network);
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') throw new AppError(403, 'WRONG_PASSWORD', 'The password is not right', 'password');
        throw err;
      }
      await accounts.deleteAccount(user.id, form.comments);
      auth.clearSessionCookie(reply);
      return reply.redirect('/', 303);
    },
    invalid: async ({ reply, caller, typed }, err) => kit.send(reply, err.status, deletePage(kit.ctxOf(caller), typed.comments !== 'remove', err)),
  });
}
