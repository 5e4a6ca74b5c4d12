// Sign-up, sign-in and sign-out.
import { hasSession, signedInUser } from './caller.js';
import { loginForm, noticeQuery, noticeText, safeNext, signupForm, PASSWORD_MAX, NAME_MAX, EMAIL_MAX } from './account-forms.js';
import type { AccountPageKit } from './account-pages.js';
import { Field, Form, NewPasswordField, Page, Submit, type AccountCtx, type FormError } from './views/AccountPage.js';

const signupPage = (ctx: AccountCtx, values: { displayName: string; email: string }, error?: FormError) => (
  <Page ctx={ctx} title="Create an account">
    <p>With an account, your comments carry your name and you can follow the discussion.</p>
    <Form ctx={ctx} action="/signup" error={error}>
      <Field label="Your name (shown with your comments)" name="displayName" value={values.displayName} autoComplete="name" maxLength={NAME_MAX} error={error} />
      <Field label="E-mail (never shown)" name="email" type="email" value={values.email} autoComplete="email" maxLength={EMAIL_MAX} error={error} />
      <NewPasswordField error={error} />
      <Submit label="Create account" />
    </Form>
    <p>Already have an account? <a href="/login">Sign in</a></p>
  </Page>
);

const loginPage = (ctx: AccountCtx, values: { email: string; next?: string }, error?: FormError, notice?: string) => (
  <Page ctx={ctx} title="Sign in" notice={notice}>
    <Form ctx={ctx} action="/login" error={error}>
      {values.next && <input type="hidden" name="next" value={values.next} />}
      <Field label="E-mail" name="email" type="email" value={values.email} autoComplete="username" maxLength={EMAIL_MAX} error={error} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" maxLength={PASSWORD_MAX} error={error} />
      <Submit label="Sign in" />
    </Form>
    <p><a href="/account/reset">Forgot your password?</a> · <a href="/signup">Create an account</a></p>
  </Page>
);

export function registerSignInPages(kit: AccountPageKit) {
  const { pages, accounts, auth } = kit;

  pages.add({
    method: 'GET', url: '/signup', access: 'public',
    handler: async ({ reply, caller }) => {
      if (hasSession(caller)) return reply.redirect('/account', 303);
      return kit.send(reply, 200, signupPage(kit.ctxOf(caller), { displayName: '', email: '' }));
    },
  });

  pages.add({
    method: 'POST', url: '/signup', access: 'public', form: signupForm,
    handler: async ({ reply, caller, form }) => {
      await kit.limit(kit.mailLimiter, caller, reply, 'sign-ups and reset requests');
      await accounts.register(form);
      // The same page whether the address is new or has an account (its owner gets a mail instead).
      return kit.send(reply, 200, (
        <Page ctx={kit.ctxOf(caller)} title="Check your e-mail">
          <p>We sent a message to <strong>{form.email}</strong>. Open the link in it to confirm your address, then sign in.</p>
          <p>No message within a few minutes? Look in your spam folder, or <a href="/signup">try again</a>.</p>
        </Page>
      ));
    },
    invalid: async ({ reply, caller, typed }, err) =>
      kit.send(reply, err.status, signupPage(kit.ctxOf(caller), { displayName: typed.displayName ?? '', email: typed.email ?? '' }, err)),
  });

  pages.add({
    method: 'GET', url: '/login', access: 'public', query: noticeQuery,
    handler: async ({ reply, caller, query }) => {
      const next = safeNext(query.next);
      if (hasSession(caller) && caller.user) return reply.redirect(next ?? kit.landing(caller.user), 303);
      return kit.send(reply, 200, loginPage(kit.ctxOf(caller), { email: '', next }, undefined, noticeText(query.notice)));
    },
  });

  pages.add({
    method: 'POST', url: '/login', access: 'public', form: loginForm, query: noticeQuery,
    handler: async ({ req, reply, caller, form, query }) => {
      await kit.limit(kit.loginLimiter, caller, reply, 'sign-in attempts');
      const user = await accounts.authenticate(form.email, form.password, caller.network);
      await auth.signIn(req, reply, user);
      return reply.redirect(safeNext(form.next) ?? safeNext(query.next) ?? kit.landing(user), 303);
    },
    invalid: async ({ reply, caller, typed, query }, err) =>
      kit.send(reply, err.status, loginPage(kit.ctxOf(caller), { email: typed.email ?? '', next: safeNext(typed.next) ?? safeNext(query.next) }, err)),
  });

  pages.add({
    method: 'POST', url: '/logout', access: 'public',
    handler: async ({ reply, caller }) => {
      if (hasSession(caller) && caller.sessionToken) await accounts.endSession(caller.sessionToken);
      auth.clearSessionCookie(reply);
      return reply.redirect('/', 303);
    },
  });

  pages.add({
    method: 'POST', url: '/account/logout-all', access: 'signed-in',
    handler: async ({ reply, caller }) => {
      await accounts.endAllSessions(signedInUser(caller).id);
      auth.clearSessionCookie(reply);
      return reply.redirect('/login?notice=signed-out-everywhere', 303);
    },
  });
}
