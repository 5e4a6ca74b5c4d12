// Readers' accounts as plain HTML pages that work without JavaScript: sign-up, sign-in (account lock-out
// plus a per-IP limit), sign-out (here or everywhere), the account page, e-mail verification, password
// reset, invitations, data export, account deletion, and the first-run setup of the first admin.
// Forms follow comments.forms.ts: parse, 303 on success, or the same page again with the error, what was
// typed (never a password) and a 4xx status.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { SESSION_COOKIE } from './auth.js';
import { renderToString } from 'preact-render-to-string';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Assets } from '../../platform/http/assets.js';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import { Layout } from '../../ui/Layout.js';
import type { SettingsService } from '../settings/settings.service.js';
import { PASSWORD_MIN, type AccountsService, type User } from './accounts.service.js';
import type { Auth } from './auth.js';
import type { FirstRun } from './first-run.js';

export interface AccountPagesDeps {
  accounts: AccountsService;
  auth: Auth;
  settings: SettingsService;
  assets: Assets;
  clock: Clock;
  firstRun: FirstRun;
  /** The network a request comes from, as a keyed digest (failed sign-ins are counted per network). */
  networkOf: (req: FastifyRequest) => string;
  /** Sign-in attempts per IP address and window (default 20 per 10 minutes). */
  loginLimit?: { max: number; windowMs: number };
  /** Sign-ups and reset requests (forms that send mail to any address) per IP and window (default 20 per 10 minutes). */
  mailFormLimit?: { max: number; windowMs: number };
}

const PASSWORD_MAX = 200;
const MINUTE = 60_000;

// ---- Form input ------------------------------------------------------------------------------------

const email = z.string({ error: 'Enter your e-mail address' }).trim().min(1, 'Enter your e-mail address')
  .max(254, 'This e-mail address is too long').pipe(z.email('Enter a valid e-mail address'));
const newPassword = z.string({ error: 'Choose a password' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for your password`);
const displayName = z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(80, 'Use at most 80 characters for your name');

const signupForm = z.object({ displayName, email, password: newPassword });
/** Pages that carry a secret link in their address: other sites never learn it, our own forms keep a real Origin. */
const TOKEN_PAGE_REFERRER = 'same-origin';
const loginForm = z.object({
  email: z.string({ error: 'Enter your e-mail address' }).trim().min(1, 'Enter your e-mail address').max(254, 'This e-mail address is too long'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(PASSWORD_MAX, 'The e-mail or password is not right'),
});
const resetRequestForm = z.object({ email });
const resetForm = z.object({ password: newPassword });
const changePasswordForm = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(PASSWORD_MAX, 'The current password is not right'),
  password: newPassword,
});
const setupForm = signupForm.extend({
  code: z.string({ error: 'Enter the set-up code' }).trim().min(1, 'Enter the set-up code').max(40, 'This set-up code is not right'),
});
const inviteForm = z.object({ displayName, password: newPassword });
const deleteForm = z.object({
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(PASSWORD_MAX, 'The password is not right'),
  comments: z.enum(['keep', 'remove'], { error: 'Choose what happens to your comments' }),
});

type Fields = Record<string, unknown>;
const fieldsOf = (req: FastifyRequest): Fields => (typeof req.body === 'object' && req.body !== null ? req.body as Fields : {});
const queryOf = (req: FastifyRequest): Fields => (typeof req.query === 'object' && req.query !== null ? req.query as Fields : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses a form; the first problem becomes a 400 with the field and a message meant for people. */
function parse<S extends z.ZodType>(schema: S, input: Fields): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const e = fromZodError(r.error, 'body', input);
  throw new AppError(400, e.code, r.error.issues[0]?.message ?? e.message, e.field);
}

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
const noticeOf = (req: FastifyRequest) => NOTICES[str(queryOf(req).notice)];

// ---- Views -----------------------------------------------------------------------------------------

interface Ctx { siteName: string; css: string; viewer?: { name: string; canAdmin: boolean; csrf: string } }
interface FormError { code: string; message: string; field?: string }

const doc = (vnode: VNode) => `<!doctype html>${renderToString(vnode)}`;

function Page(props: { ctx: Ctx; title: string; notice?: string; children: ComponentChildren }) {
  const { ctx, title, notice, children } = props;
  return (
    <Layout siteName={ctx.siteName} title={title} assets={{ css: ctx.css }} viewer={ctx.viewer}>
      <section class="account-page">
        <h1>{title}</h1>
        {notice && <p class="notice-ok" role="status">{notice}</p>}
        {children}
      </section>
    </Layout>
  );
}

/** A POST form with the session's CSRF token when someone is signed in. */
function Form(props: { ctx: Ctx; action: string; error?: FormError; class?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class={props.class ?? 'account-form'}>
      {props.ctx.viewer && <input type="hidden" name="_csrf" value={props.ctx.viewer.csrf} />}
      {props.error && <p class="form-error" role="alert" data-code={props.error.code}>{props.error.message}</p>}
      {props.children}
    </form>
  );
}

function Field(props: { label: string; name: string; type?: string; value?: string; autoComplete: string; error?: FormError; minLength?: number; maxLength: number; hint?: string }) {
  const { label, name, type = 'text', value, autoComplete, error, minLength, maxLength, hint } = props;
  return (
    <label class="field">
      <span>{label}</span>
      <input name={name} type={type} value={type === 'password' ? undefined : value} autoComplete={autoComplete} required
        minLength={minLength} maxLength={maxLength} aria-invalid={error?.field === name || undefined} />
      {hint && <small class="field-hint">{hint}</small>}
    </label>
  );
}

const passwordHint = `At least ${PASSWORD_MIN} characters.`;
const NewPasswordField = (p: { error?: FormError; label?: string }) => (
  <Field label={p.label ?? 'Password'} name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} hint={passwordHint} error={p.error} />
);
const Submit = ({ label, danger }: { label: string; danger?: boolean }) => (
  <div class="form-actions"><button type="submit" class={danger ? 'button danger' : 'button primary'}>{label}</button></div>
);
const LinkProblem = ({ error, again }: { error: FormError; again?: { href: string; label: string } }) => (
  <>
    <p class="form-error" role="alert" data-code={error.code}>{error.message}</p>
    {again && <p><a href={again.href}>{again.label}</a></p>}
  </>
);

const ROLE_NAMES: Record<User['role'], string> = { admin: 'Admin', editor: 'Editor', author: 'Author', moderator: 'Moderator', reader: 'Reader' };

// ---- Routes ----------------------------------------------------------------------------------------

export function registerAccountPages(app: FastifyInstance, deps: AccountPagesDeps) {
  const { accounts, auth, settings, assets, clock, firstRun, networkOf } = deps;
  const now = () => clock().getTime();
  const loginLimiter = new RateLimiter(deps.loginLimit?.max ?? 20, deps.loginLimit?.windowMs ?? 10 * MINUTE, now);
  const mailLimiter = new RateLimiter(deps.mailFormLimit?.max ?? 20, deps.mailFormLimit?.windowMs ?? 10 * MINUTE, now);

  async function ctxOf(req: FastifyRequest): Promise<Ctx> {
    const p = await auth.principal(req);
    const viewer = p?.via === 'session' && p.user ? { name: p.name, canAdmin: p.permissions.has('admin.access'), csrf: p.csrf! } : undefined;
    return { siteName: settings.get().siteName, css: assets.css, viewer };
  }

  /** The person signed in with a session cookie (401 otherwise: browsers are sent to the sign-in page). */
  async function sessionUser(req: FastifyRequest): Promise<User> {
    const p = await auth.principal(req);
    if (!p || p.via !== 'session' || !p.user) throw new AppError(401, 'UNAUTHORIZED', 'Sign in to see your account');
    return p.user;
  }

  // Account pages are personal (names, e-mail, CSRF tokens): never stored by a cache.
  const send = (reply: FastifyReply, status: number, vnode: VNode) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(doc(vnode));

  /** Runs a form action; an AppError below 500 re-renders the form with it, anything else propagates. */
  async function attempt(action: () => Promise<unknown>, onError: (err: AppError) => unknown): Promise<unknown> {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return onError(err);
    }
  }

  function limit(limiter: RateLimiter, req: FastifyRequest, reply: FastifyReply, what: string) {
    const wait = limiter.hit(req.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError(429, 'RATE_LIMITED', `Too many ${what} from your network. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
    }
  }

  const landing = (user: User) => (auth.can(user.role, 'admin.access') ? '/admin' : '/account');

  // -- Sign-up --------------------------------------------------------------------------------------

  const signupPage = (ctx: Ctx, values: { displayName: string; email: string }, error?: FormError) => (
    <Page ctx={ctx} title="Create an account">
      <p>With an account, your comments carry your name and you can follow the discussion.</p>
      <Form ctx={ctx} action="/signup" error={error}>
        <Field label="Your name (shown with your comments)" name="displayName" value={values.displayName} autoComplete="name" maxLength={80} error={error} />
        <Field label="E-mail (never shown)" name="email" type="email" value={values.email} autoComplete="email" maxLength={254} error={error} />
        <NewPasswordField error={error} />
        <Submit label="Create account" />
      </Form>
      <p>Already have an account? <a href="/login">Sign in</a></p>
    </Page>
  );

  app.get('/signup', async (req, reply) => {
    if (await auth.principal(req).then((p) => p?.via === 'session')) return reply.redirect('/account', 303);
    return send(reply, 200, signupPage(await ctxOf(req), { displayName: '', email: '' }));
  });

  app.post('/signup', async (req, reply) => {
    const f = fieldsOf(req);
    return attempt(async () => {
      limit(mailLimiter, req, reply, 'sign-ups and reset requests');
      const input = parse(signupForm, f);
      await accounts.register(input);
      // The same page whether the address is new or has an account (its owner gets a mail instead).
      return send(reply, 200, (
        <Page ctx={await ctxOf(req)} title="Check your e-mail">
          <p>We sent a message to <strong>{input.email}</strong>. Open the link in it to confirm your address, then sign in.</p>
          <p>No message within a few minutes? Look in your spam folder, or <a href="/signup">try again</a>.</p>
        </Page>
      ));
    }, async (err) => send(reply, err.status, signupPage(await ctxOf(req), { displayName: str(f.displayName), email: str(f.email) }, err)));
  });

  // -- Sign-in and sign-out -------------------------------------------------------------------------

  const loginPage = (ctx: Ctx, values: { email: string; next?: string }, error?: FormError, notice?: string) => (
    <Page ctx={ctx} title="Sign in" notice={notice}>
      <Form ctx={ctx} action="/login" error={error}>
        {values.next && <input type="hidden" name="next" value={values.next} />}
        <Field label="E-mail" name="email" type="email" value={values.email} autoComplete="username" maxLength={254} error={error} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" maxLength={PASSWORD_MAX} error={error} />
        <Submit label="Sign in" />
      </Form>
      <p><a href="/account/reset">Forgot your password?</a> · <a href="/signup">Create an account</a></p>
    </Page>
  );

  app.get('/login', async (req, reply) => {
    const next = safeNext(queryOf(req).next);
    const p = await auth.principal(req);
    if (p?.via === 'session' && p.user) return reply.redirect(next ?? landing(p.user), 303);
    return send(reply, 200, loginPage(await ctxOf(req), { email: '', next }, undefined, noticeOf(req)));
  });

  app.post('/login', async (req, reply) => {
    const f = fieldsOf(req);
    const next = safeNext(f.next) ?? safeNext(queryOf(req).next);
    return attempt(async () => {
      limit(loginLimiter, req, reply, 'sign-in attempts');
      const input = parse(loginForm, f);
      const user = await accounts.authenticate(input.email, input.password, networkOf(req));
      await auth.signIn(req, reply, user);
      return reply.redirect(next ?? landing(user), 303);
    }, async (err) => send(reply, err.status, loginPage(await ctxOf(req), { email: str(f.email), next }, err)));
  });

  app.post('/logout', async (req, reply) => {
    const p = await auth.principal(req);
    if (p?.via === 'session' && p.sessionToken) await accounts.endSession(p.sessionToken);
    auth.clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });

  app.post('/account/logout-all', async (req, reply) => {
    const user = await sessionUser(req);
    await accounts.endAllSessions(user.id);
    auth.clearSessionCookie(reply);
    return reply.redirect('/login?notice=signed-out-everywhere', 303);
  });

  // -- The account page and e-mail verification -----------------------------------------------------

  app.get('/account', async (req, reply) => {
    const user = await sessionUser(req);
    const ctx = await ctxOf(req);
    const verified = user.email_verified_at !== null;
    return send(reply, 200, (
      <Page ctx={ctx} title="Your account" notice={noticeOf(req)}>
        <dl class="account-details">
          <dt>Name</dt><dd>{user.display_name}</dd>
          <dt>E-mail</dt><dd>{user.email}</dd>
          <dt>Role</dt><dd>{ROLE_NAMES[user.role]}</dd>
          <dt>E-mail address</dt>
          <dd>{verified ? 'Confirmed' : (
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
        <h2>Your data</h2>
        <ul>
          <li><a href="/account/password">Change your password</a></li>
          <li><a href="/account/export">Download your data</a> (JSON)</li>
          <li><a href="/account/delete">Delete your account</a></li>
        </ul>
      </Page>
    ));
  });

  app.post('/account/verify/resend', async (req, reply) => {
    const user = await sessionUser(req);
    if (user.email_verified_at) return reply.redirect('/account', 303);
    const wait = mailLimiter.hit(`user:${user.id}`);
    if (wait > 0) throw new AppError(429, 'RATE_LIMITED', 'We sent several e-mails already: please wait a few minutes and check your spam folder.');
    await accounts.resendVerification(user.id);
    return reply.redirect('/account?notice=verification-sent', 303);
  });

  app.get('/account/verify', async (req, reply) => {
    const token = str(queryOf(req).token);
    reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
    return attempt(async () => {
      if (!token) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
      const user = await accounts.verifyEmail(token);
      const p = await auth.principal(req);
      if (p?.user?.id !== user.id) return reply.redirect('/login?notice=email-confirmed', 303);
      return send(reply, 200, (
        <Page ctx={await ctxOf(req)} title="E-mail confirmed">
          <p>Thank you: your e-mail address is confirmed. You can now comment under your name.</p>
          <p><a href="/">Go to the front page</a> · <a href="/account">Your account</a></p>
        </Page>
      ));
    }, async (err) => send(reply, err.status, (
      <Page ctx={await ctxOf(req)} title="This link does not work">
        <LinkProblem error={err} again={{ href: '/account', label: 'Sign in to send a new confirmation link' }} />
      </Page>
    )));
  });

  // -- Password reset -------------------------------------------------------------------------------

  const resetRequestPage = (ctx: Ctx, emailValue: string, error?: FormError) => (
    <Page ctx={ctx} title="Reset your password">
      <p>Enter the e-mail address of your account and we will send you a link to choose a new password.</p>
      <Form ctx={ctx} action="/account/reset" error={error}>
        <Field label="E-mail" name="email" type="email" value={emailValue} autoComplete="email" maxLength={254} error={error} />
        <Submit label="Send the link" />
      </Form>
    </Page>
  );
  const newPasswordPage = (ctx: Ctx, token: string, error?: FormError) => (
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

  app.get('/account/reset', async (req, reply) => {
    const token = str(queryOf(req).token);
    if (!token) return send(reply, 200, resetRequestPage(await ctxOf(req), ''));
    reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
    return send(reply, 200, newPasswordPage(await ctxOf(req), token));
  });

  app.post('/account/reset', async (req, reply) => {
    const f = fieldsOf(req);
    const token = str(f.token) || str(queryOf(req).token);
    if (token) {
      reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
      return attempt(async () => {
        const input = parse(resetForm, f);
        const user = await accounts.resetPassword(token, input.password);
        // Every session of the account has ended; drop this browser's cookie too if it was one of them.
        if ((await auth.principal(req))?.user?.id === user.id) auth.clearSessionCookie(reply);
        return reply.redirect('/login?notice=password-changed', 303);
      }, async (err) => send(reply, err.status, newPasswordPage(await ctxOf(req), token, err)));
    }
    return attempt(async () => {
      limit(mailLimiter, req, reply, 'sign-ups and reset requests');
      const input = parse(resetRequestForm, f);
      await accounts.requestPasswordReset(input.email);
      // The same answer whether or not the address has an account.
      return send(reply, 200, (
        <Page ctx={await ctxOf(req)} title="Check your e-mail">
          <p>If an account exists for that address, we sent a link to choose a new password. It works once, within an hour.</p>
          <p><a href="/login">Back to sign in</a></p>
        </Page>
      ));
    }, async (err) => send(reply, err.status, resetRequestPage(await ctxOf(req), str(f.email), err)));
  });

  // -- Changing the password (signed in) ------------------------------------------------------------

  const changePasswordPage = (ctx: Ctx, error?: FormError) => (
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

  app.get('/account/password', async (req, reply) => {
    await sessionUser(req);
    return send(reply, 200, changePasswordPage(await ctxOf(req)));
  });

  app.post('/account/password', async (req, reply) => {
    const user = await sessionUser(req);
    const f = fieldsOf(req);
    return attempt(async () => {
      const input = parse(changePasswordForm, f);
      const session = (await auth.principal(req))!.sessionToken!;
      await accounts.changePassword(user.id, input.currentPassword, input.password, networkOf(req), session);
      return reply.redirect('/account?notice=password-saved', 303);
    }, async (err) => send(reply, err.status, changePasswordPage(await ctxOf(req), err)));
  });

  // -- Invitations ----------------------------------------------------------------------------------

  const invitePage = (ctx: Ctx, token: string, nameValue: string, error?: FormError) => (
    <Page ctx={ctx} title="Join the newsroom">
      {!token || error?.code.startsWith('TOKEN_')
        ? <LinkProblem error={error ?? { code: 'TOKEN_INVALID', message: 'This link is not valid' }} />
        : (
          <Form ctx={ctx} action="/account/invite" error={error}>
            <input type="hidden" name="token" value={token} />
            <Field label="Your name" name="displayName" value={nameValue} autoComplete="name" maxLength={80} error={error} />
            <NewPasswordField error={error} />
            <Submit label="Create my account" />
          </Form>
        )}
    </Page>
  );

  app.get('/account/invite', async (req, reply) => {
    const token = str(queryOf(req).token);
    reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
    return send(reply, token ? 200 : 400, invitePage(await ctxOf(req), token, ''));
  });

  app.post('/account/invite', async (req, reply) => {
    const f = fieldsOf(req);
    const token = str(f.token) || str(queryOf(req).token);
    reply.header('referrer-policy', TOKEN_PAGE_REFERRER);
    return attempt(async () => {
      if (!token) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
      const input = parse(inviteForm, f);
      const user = await accounts.acceptInvite(token, input);
      await auth.signIn(req, reply, user);
      return reply.redirect(landing(user), 303);
    }, async (err) => send(reply, err.status, invitePage(await ctxOf(req), token, str(f.displayName), err)));
  });

  // -- Export and deletion --------------------------------------------------------------------------

  app.get('/account/export', async (req, reply) => {
    const user = await sessionUser(req);
    const data = await accounts.exportData(user.id);
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="account-${user.id}-export.json"`)
      .send(JSON.stringify(data, null, 2));
  });

  const deletePage = (ctx: Ctx, keep: boolean, error?: FormError) => (
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

  app.get('/account/delete', async (req, reply) => {
    await sessionUser(req);
    return send(reply, 200, deletePage(await ctxOf(req), true));
  });

  app.post('/account/delete', async (req, reply) => {
    const user = await sessionUser(req);
    const f = fieldsOf(req);
    return attempt(async () => {
      const input = parse(deleteForm, f);
      try {
        await accounts.authenticate(user.email, input.password, networkOf(req));
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') throw new AppError(403, 'WRONG_PASSWORD', 'The password is not right', 'password');
        throw err;
      }
      await accounts.deleteAccount(user.id, input.comments);
      auth.clearSessionCookie(reply);
      return reply.redirect('/', 303);
    }, async (err) => send(reply, err.status, deletePage(await ctxOf(req), str(f.comments) !== 'remove', err)));
  });

  // -- First run: the first admin -------------------------------------------------------------------

  // Two set-up forms sent at once by this instance must not both create an admin.
  let setupChain: Promise<unknown> = Promise.resolve();
  const serialised = <T,>(fn: () => Promise<T>): Promise<T> => {
    const run = setupChain.then(fn, fn);
    setupChain = run.catch(() => undefined);
    return run;
  };
  const setupGone = () => new AppError(404, 'NOT_FOUND', 'This site is already set up');

  const setupPage = (ctx: Ctx, values: { displayName: string; email: string; code: string }, error?: FormError) => (
    <Page ctx={ctx} title="Set up your site">
      <p>Welcome to Gazette. Create the first administrator account; you can invite your newsroom afterwards.</p>
      <Form ctx={ctx} action="/setup" error={error}>
        <Field label="Set-up code" name="code" value={values.code} autoComplete="off" maxLength={40} error={error}
          hint="Printed in the server's log when it starts; also shown by: npm run gazette -- setup-url" />
        <Field label="Your name" name="displayName" value={values.displayName} autoComplete="name" maxLength={80} error={error} />
        <Field label="E-mail" name="email" type="email" value={values.email} autoComplete="email" maxLength={254} error={error} />
        <NewPasswordField error={error} />
        <Submit label="Create the admin account" />
      </Form>
    </Page>
  );

  app.get('/setup', async (req, reply) => {
    if (!(await firstRun.needsSetup())) throw setupGone();
    const code = str(queryOf(req).code).slice(0, 40);
    return send(reply, 200, setupPage(await ctxOf(req), { displayName: '', email: '', code }));
  });

  app.post('/setup', async (req, reply) => {
    const f = fieldsOf(req);
    return serialised(async () => {
      if (!(await firstRun.needsSetup())) throw setupGone();
      return attempt(async () => {
        limit(loginLimiter, req, reply, 'set-up attempts');
        const input = parse(setupForm, f);
        if (!(await firstRun.codeMatches(input.code))) {
          throw new AppError(403, 'SETUP_CODE_INVALID', 'This set-up code is not right: use the one in the server\'s log, or run npm run gazette -- setup-url', 'code');
        }
        const user = await accounts.createUser({ email: input.email, password: input.password, displayName: input.displayName, role: 'admin' });
        await firstRun.complete();
        await auth.signIn(req, reply, user);
        return reply.redirect('/admin', 303);
      }, async (err) => send(reply, err.status, setupPage(await ctxOf(req), { displayName: str(f.displayName), email: str(f.email), code: str(f.code) }, err)));
    });
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
