// First run: /setup creates the first admin, for whoever has the one-time set-up code (first-run.ts);
// until then, the admin pages lead visitors who are not signed in to it.
import { AppError } from '../../platform/http/errors.js';
import { SESSION_COOKIE } from './auth.js';
import { noticeQuery, setupForm, NAME_MAX, EMAIL_MAX } from './account-forms.js';
import type { AccountPageKit } from './account-pages.js';
import { Field, Form, NewPasswordField, Page, Submit, type AccountCtx, type FormError } from './views/AccountPage.js';

const setupPage = (ctx: AccountCtx, values: { displayName: string; email: string; code: string }, error?: FormError) => (
  <Page ctx={ctx} title="Set up your site">
    <p>Welcome to Gazette. Create the first administrator account; you can invite your newsroom afterwards.</p>
    <Form ctx={ctx} action="/setup" error={error}>
      <Field label="Set-up code" name="code" value={values.code} autoComplete="off" maxLength={40} error={error}
        hint="Printed in the server's log when it starts; also shown by: npm run gazette -- setup-url" />
      <Field label="Your name" name="displayName" value={values.displayName} autoComplete="name" maxLength={NAME_MAX} error={error} />
      <Field label="E-mail" name="email" type="email" value={values.email} autoComplete="email" maxLength={EMAIL_MAX} error={error} />
      <NewPasswordField error={error} />
      <Submit label="Create the admin account" />
    </Form>
  </Page>
);

export function registerSetupPages(kit: AccountPageKit) {
  const { app, pages, accounts, auth, firstRun } = kit;
  const setupGone = () => new AppError(404, 'NOT_FOUND', 'This site is already set up');
  // Two set-up forms sent at once by this instance must not both create an admin.
  let chain: Promise<unknown> = Promise.resolve();
  const serialised = <T,>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  pages.add({
    method: 'GET', url: '/setup', access: 'public', query: noticeQuery,
    handler: async ({ reply, caller, query }) => {
      if (!(await firstRun.needsSetup())) throw setupGone();
      return kit.send(reply, 200, setupPage(kit.ctxOf(caller), { displayName: '', email: '', code: (query.code ?? '').slice(0, 40) }));
    },
  });

  pages.add({
    method: 'POST', url: '/setup', access: 'public', form: setupForm,
    handler: async ({ req, reply, caller, form }) => serialised(async () => {
      if (!(await firstRun.needsSetup())) throw setupGone();
      await kit.limit(kit.loginLimiter, caller, reply, 'set-up attempts');
      if (!(await firstRun.codeMatches(form.code))) {
        throw new AppError(403, 'SETUP_CODE_INVALID', 'This set-up code is not right: use the one in the server\'s log, or run npm run gazette -- setup-url', 'code');
      }
      const user = await accounts.createUser({ email: form.email, password: form.password, displayName: form.displayName, role: 'admin' });
      await firstRun.complete();
      await auth.signIn(req, reply, user);
      return reply.redirect('/admin', 303);
    }),
    invalid: async ({ reply, caller, typed }, err) => {
      if (err.code === 'NOT_FOUND' || !(await firstRun.needsSetup())) throw setupGone();
      return kit.send(reply, err.status, setupPage(kit.ctxOf(caller), { displayName: typed.displayName ?? '', email: typed.email ?? '', code: typed.code ?? '' }, err));
    },
  });

  // Until there is an admin, the admin pages lead visitors who are not signed in to the set-up form.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (req.cookies[SESSION_COOKIE] || req.headers.authorization) return;
    const path = req.url.split('?')[0]!;
    if (path !== '/admin' && !path.startsWith('/admin/')) return;
    if (await firstRun.needsSetup()) return reply.redirect('/setup', 303);
  });
}
