// Pages reached from a mailed link: choosing a new password (after asking for the link), and accepting an
// invitation to the newsroom. They carry the secret in their address, so they tell the browser not to pass
// it on to other sites (TOKEN_PAGE_REFERRER).
import { AppError } from '../../platform/http/errors.js';
import { parseForm } from '../../platform/http/pages.js';
import { inviteForm, resetForm, resetRequestForm, tokenQuery, NAME_MAX, EMAIL_MAX, TOKEN_PAGE_REFERRER } from './account-forms.js';
import type { AccountPageKit } from './account-pages.js';
import { Field, Form, LinkProblem, NewPasswordField, Page, Submit, type AccountCtx, type FormError } from './views/AccountPage.js';

const resetRequestPage = (ctx: AccountCtx, emailValue: string, error?: FormError) => (
  <Page ctx={ctx} title="Reset your password">
    <p>Enter the e-mail address of your account and we will send you a link to choose a new password.</p>
    <Form ctx={ctx} action="/account/reset" error={error}>
      <Field label="E-mail" name="email" type="email" value={emailValue} autoComplete="email" maxLength={EMAIL_MAX} error={error} />
      <Submit label="Send the link" />
    </Form>
  </Page>
);

const newPasswordPage = (ctx: AccountCtx, token: string, error?: FormError) => (
  <Page ctx={ctx} title="Choose a new password">
    {error?.code.startsWith('TOKEN_')
      ? <LinkProblem error={error} again={{ href: '/account/reset', label: 'Ask for a new link' }} />
      : (
        <Form ctx={ctx} action="/account/reset" error={error}>
          <input type="hidden" name="token" value={token} />
          <NewPasswordField label="New password" error={error} />
          <Submit label="Save the new password" />
        </Form>
      )}
  </Page>
);

const invitePage = (ctx: AccountCtx, token: string, nameValue: string, error?: FormError) => (
  <Page ctx={ctx} title="Join the newsroom">
    {!token || error?.code.startsWith('TOKEN_')
      ? <LinkProblem error={error ?? { code: 'TOKEN_INVALID', message: 'This link is not valid' }} />
      : (
        <Form ctx={ctx} action="/account/invite" error={error}>
          <input type="hidden" name="token" value={token} />
          <Field label="Your name" name="displayName" value={nameValue} autoComplete="name" maxLength={NAME_MAX} error={error} />
          <NewPasswordField error={error} />
          <Submit label="Create my account" />
        </Form>
      )}
  </Page>
);

export function registerLinkPages(kit: AccountPageKit) {
  const { pages, accounts, auth } = kit;

  pages.add({
    method: 'GET', url: '/account/reset', access: 'public', query: tokenQuery,
    handler: async ({ reply, caller, query }) => {
      if (!query.token) return kit.send(reply, 200, resetRequestPage(kit.ctxOf(caller), ''));
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      return kit.send(reply, 200, newPasswordPage(kit.ctxOf(caller), query.token));
    },
  });

  // One address for both forms: with a token it sets the new password, without one it asks for a link.
  pages.add({
    method: 'POST', url: '/account/reset', access: 'public', query: tokenQuery,
    handler: async ({ reply, caller, query, typed }) => {
      const token = typed.token || query.token;
      if (token) {
        reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
        const { password } = parseForm(resetForm, typed);
        const user = await accounts.resetPassword(token, password);
        // Every session of the account has ended; drop this browser's cookie too if it was one of them.
        if (caller.user?.id === user.id) auth.clearSessionCookie(reply);
        return reply.redirect('/login?notice=password-changed', 303);
      }
      await kit.limit(kit.mailLimiter, caller, reply, 'sign-ups and reset requests');
      await accounts.requestPasswordReset(parseForm(resetRequestForm, typed).email);
      // The same answer whether or not the address has an account.
      return kit.send(reply, 200, (
        <Page ctx={kit.ctxOf(caller)} title="Check your e-mail">
          <p>If an account exists for that address, we sent a link to choose a new password. It works once, within an hour.</p>
          <p><a href="/login">Back to sign in</a></p>
        </Page>
      ));
    },
    invalid: async ({ reply, caller, query, typed }, err) => {
      const token = typed.token || query.token;
      return kit.send(reply, err.status, token ? newPasswordPage(kit.ctxOf(caller), token, err) : resetRequestPage(kit.ctxOf(caller), typed.email ?? '', err));
    },
  });

  pages.add({
    method: 'GET', url: '/account/invite', access: 'public', query: tokenQuery,
    handler: async ({ reply, caller, query }) => {
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      return kit.send(reply, query.token ? 200 : 400, invitePage(kit.ctxOf(caller), query.token ?? '', ''));
    },
  });

  pages.add({
    method: 'POST', url: '/account/invite', access: 'public', query: tokenQuery, form: inviteForm,
    handler: async ({ req, reply, query, form }) => {
      const token = form.token || query.token;
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      if (!token) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
      const user = await accounts.acceptInvite(token, form);
      await auth.signIn(req, reply, user);
      return reply.redirect(kit.landing(user), 303);
    },
    invalid: async ({ reply, caller, query, typed }, err) => {
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      return kit.send(reply, err.status, invitePage(kit.ctxOf(caller), typed.token || query.token || '', typed.displayName ?? '', err));
    },
  });
}
