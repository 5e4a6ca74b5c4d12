// User administration (users.manage): invitations, roles, deactivation. And each person's own API tokens
// (tokens.own): created with a scope, shown once, revocable.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../ui/admin/AdminLayout.js';
import { CsrfField, PostButton } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import type { AdminShell } from '../admin/admin.shell.js';
import { formError, formOf, idParam, noticeOf, sendHtml, TableScroll, Time } from '../admin/admin.routes.js';
import type { AccountsService, User } from './accounts.service.js';
import type { ApiTokensService } from './api-tokens.service.js';
import type { Caller as Principal } from './caller.js';
import { ROLE_PERMISSIONS, ROLES, TOKEN_SCOPES, type Role, type TokenScope } from './permissions.js';

export interface UserAdminDeps {
  shell: AdminShell;
  accounts: AccountsService;
  apiTokens: ApiTokensService;
}

const ROLE_TEXT: Record<Role, string> = {
  admin: 'everything, including users and settings',
  editor: 'all articles, publishing, campaigns',
  author: 'own drafts, submitted for review',
  moderator: 'comments',
  reader: 'no admin access',
};

const SCOPE_TEXT: Record<TokenScope, string> = {
  read: 'read only (public data)',
  articles: 'write and publish articles, upload images (as far as your role allows)',
  campaigns: 'manage campaigns (as far as your role allows)',
  comments: 'moderate comments (as far as your role allows)',
  all: 'everything your role allows',
};

const USER_NOTICES = {
  invited: 'Invitation queued: the e-mail with the link is in the outbox.',
  role: 'Role changed.',
  deactivated: 'Account deactivated; its sessions have ended.',
  reactivated: 'Account reactivated.',
};
const TOKEN_NOTICES = { revoked: 'Token revoked: it no longer works.' };

const inviteForm = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('enter a valid e-mail address').max(254)),
  role: z.enum(ROLES, 'choose a role'),
});
const roleForm = z.object({ role: z.enum(ROLES, 'choose a role') });
const scopes = Object.keys(TOKEN_SCOPES) as [TokenScope, ...TokenScope[]];
const tokenForm = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(80),
  scope: z.enum(scopes, 'choose a scope'),
});

function RoleOptions({ value }: { value: string }) {
  return <>{ROLES.map((r) => <option key={r} value={r} selected={r === value}>{r}</option>)}</>;
}

function FieldError({ error, field }: { error: AppError | undefined; field: string }) {
  return error?.field === field ? <p class="form-error" data-code={error.code}>{error.message}</p> : null;
}

const STATUS_TEXT: Record<User['status'], string> = { active: 'active', invited: 'invited', deactivated: 'deactivated', deleted: 'deleted' };

export function registerUserAdmin(app: FastifyInstance, deps: UserAdminDeps) {
  const { shell, accounts, apiTokens } = deps;

  // ---- Users ---------------------------------------------------------------------------------------

  const usersPage = async (reply: FastifyReply, frame: AdminFrame, me: Principal,
    opts: { notice?: string; error?: AppError; invite?: { email: string; role: string }; status?: number }) => {
    const users = await accounts.list();
    const { error } = opts;
    const invite = opts.invite ?? { email: '', role: 'author' };
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Users" current="/admin/users" notice={opts.notice} error={error?.message}>
        <TableScroll>
          <table class="admin-table users">
            <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Status</th><th class="wide">Verified</th></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} id={`user-${u.id}`} data-role={u.role} data-status={u.status}>
                  <td>{u.display_name}{me.user?.id === u.id && <> <span class="badge">you</span></>}</td>
                  <td style="overflow-wrap:anywhere">{u.email}</td>
                  <td>
                    <form method="post" action={`/admin/users/${u.id}/role`} class="role-form" style="display:flex;flex-wrap:wrap;gap:.25rem">
                      <CsrfField csrf={frame.csrf} />
                      <select name="role" aria-label={`Role of ${u.display_name}`}><RoleOptions value={u.role} /></select>
                      <button type="submit" class="button" aria-label={`Change the role of ${u.display_name}`}>Change</button>
                    </form>
                  </td>
                  <td>
                    {STATUS_TEXT[u.status]}
                    {u.status === 'active' && (
                      <PostButton action={`/admin/users/${u.id}/deactivate`} csrf={frame.csrf} label="Deactivate" ariaLabel={`Deactivate ${u.display_name}`} danger />
                    )}
                    {u.status === 'deactivated' && (
                      <form method="post" action={`/admin/users/${u.id}/reactivate`}>
                        <CsrfField csrf={frame.csrf} />
                        <button type="submit" class="button" aria-label={`Reactivate ${u.display_name}`}>Reactivate</button>
                      </form>
                    )}
                  </td>
                  <td class="wide">{u.email_verified_at ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h2>Invite someone</h2>
        <p>They receive an e-mail with a link (valid 7 days) to choose their name and password.</p>
        <form method="post" action="/admin/users/invite" class="admin-form" id="invite">
          <CsrfField csrf={frame.csrf} />
          <label>E-mail
            <input type="email" name="email" required autocomplete="off" value={invite.email} aria-invalid={error?.field === 'email' ? 'true' : undefined} />
          </label>
          <FieldError error={error} field="email" />
          <label>Role
            <select name="role" required><RoleOptions value={invite.role} /></select>
          </label>
          <FieldError error={error} field="role" />
          <ul class="role-help">{ROLES.map((r) => <li key={r}><strong>{r}</strong>: {ROLE_TEXT[r]}</li>)}</ul>
          <div class="form-actions"><button type="submit" class="button primary">Send invitation</button></div>
        </form>
      </AdminLayout>,
    ), opts.status ?? 200);
  };

  app.get('/admin/users', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'users.manage');
    return usersPage(reply, frame, principal, { notice: noticeOf(req, USER_NOTICES) });
  });

  app.post('/admin/users/invite', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'users.manage');
    const f = formOf(req);
    const typed = { email: (f.email ?? '').trim(), role: f.role ?? '' };
    try {
      const parsed = inviteForm.safeParse(typed);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', typed);
      await accounts.invite({ email: parsed.data.email, role: parsed.data.role, invitedBy: principal.name });
      return reply.redirect('/admin/users?notice=invited', 303);
    } catch (err) {
      const error = formError(err);
      return usersPage(reply, frame, principal, { error, invite: typed, status: error.status });
    }
  });

  app.post('/admin/users/:id/role', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'users.manage');
    const id = idParam(req, 'USER_NOT_FOUND', 'User');
    const f = formOf(req);
    try {
      const parsed = roleForm.safeParse(f);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', f);
      const user = await accounts.setRole(id, parsed.data.role);
      // Who demoted themselves may no longer see this page.
      if (principal.user?.id === user.id && !ROLE_PERMISSIONS[user.role].includes('users.manage')) {
        return reply.redirect(ROLE_PERMISSIONS[user.role].includes('admin.access') ? '/admin' : '/', 303);
      }
      return reply.redirect('/admin/users?notice=role', 303);
    } catch (err) {
      const error = formError(err);
      return usersPage(reply, frame, principal, { error, status: error.status });
    }
  });

  for (const [action, active] of [['deactivate', false], ['reactivate', true]] as const) {
    app.post(`/admin/users/:id/${action}`, async (req, reply) => {
      const { principal, frame } = await shell.page(req, 'users.manage');
      const id = idParam(req, 'USER_NOT_FOUND', 'User');
      try {
        await accounts.setActive(id, active);
        // Deactivating oneself ends one's own session too.
        if (!active && principal.user?.id === id) return reply.redirect('/', 303);
        return reply.redirect(`/admin/users?notice=${active ? 'reactivated' : 'deactivated'}`, 303);
      } catch (err) {
        const error = formError(err);
        return usersPage(reply, frame, principal, { error, status: error.status });
      }
    });
  }

  // ---- API tokens ----------------------------------------------------------------------------------

  const tokensPage = async (reply: FastifyReply, frame: AdminFrame, me: Principal,
    opts: { notice?: string; error?: AppError; typed?: { name: string; scope: string }; status?: number }) => {
    const { error } = opts;
    const typed = opts.typed ?? { name: '', scope: 'read' };
    const tokens = me.user ? await apiTokens.list(me.user.id) : [];
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="API tokens" current="/admin/tokens" notice={opts.notice} error={error?.message}>
        {!me.user ? (
          <p class="notice" id="no-account">
            You are using the bootstrap token (<code>GAZETTE_ADMIN_TOKEN</code>), which belongs to no account. API tokens belong to a person:
            sign in with your own account to create them.
          </p>
        ) : (
          <>
            <p>Send a token as <code>Authorization: Bearer &lt;token&gt;</code>. A token can never do more than your role allows, and only what its scope names.</p>
            {tokens.length === 0 ? <p>You have no API tokens.</p> : (
              <TableScroll>
                <table class="admin-table tokens">
                  <thead><tr><th>Name</th><th>Scope</th><th class="wide">Created</th><th>Last used</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                  <tbody>
                    {tokens.map((tk) => (
                      <tr key={tk.id} id={`token-${tk.id}`} data-revoked={tk.revoked_at ? 'true' : 'false'}>
                        <td>{tk.name}</td>
                        <td>{tk.scope}</td>
                        <td class="wide"><Time iso={tk.created_at} /></td>
                        <td>{tk.last_used_at ? <Time iso={tk.last_used_at} /> : 'never'}</td>
                        <td>{tk.revoked_at ? <>revoked <Time iso={tk.revoked_at} /></> : 'active'}</td>
                        <td>
                          {!tk.revoked_at && (
                            <PostButton action={`/admin/tokens/${tk.id}/revoke`} csrf={frame.csrf} label="Revoke" ariaLabel={`Revoke ${tk.name}`} danger />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <h2>New token</h2>
            <form method="post" action="/admin/tokens" class="admin-form" id="new-token">
              <CsrfField csrf={frame.csrf} />
              <label>Name (what it is for)
                <input name="name" required maxLength={80} value={typed.name} aria-invalid={error?.field === 'name' ? 'true' : undefined} />
              </label>
              <FieldError error={error} field="name" />
              <label>Scope
                <select name="scope" required>
                  {scopes.map((s) => <option key={s} value={s} selected={s === typed.scope}>{`${s} — ${SCOPE_TEXT[s]}`}</option>)}
                </select>
              </label>
              <FieldError error={error} field="scope" />
              <div class="form-actions"><button type="submit" class="button primary">Create token</button></div>
            </form>
          </>
        )}
      </AdminLayout>,
    ), opts.status ?? 200);
  };

  const noAccount = () => new AppError(400, 'NO_ACCOUNT', 'The bootstrap token belongs to no account: sign in with your own account to manage API tokens');

  app.get('/admin/tokens', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'tokens.own');
    return tokensPage(reply, frame, principal, { notice: noticeOf(req, TOKEN_NOTICES) });
  });

  app.post('/admin/tokens', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'tokens.own');
    const f = formOf(req);
    const typed = { name: (f.name ?? '').trim(), scope: f.scope ?? '' };
    let created: { name: string; scope: TokenScope; token: string };
    try {
      if (!principal.user) throw noAccount();
      const parsed = tokenForm.safeParse(typed);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', typed);
      const { token } = await apiTokens.create(principal.user.id, parsed.data.name, parsed.data.scope);
      created = { name: parsed.data.name, scope: parsed.data.scope, token };
    } catch (err) {
      const error = formError(err);
      return tokensPage(reply, frame, principal, { error, typed, status: error.status });
    }
    // The plain token exists only in this response: not stored, not in a redirect, not cached.
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Token created" current="/admin/tokens">
        <p class="form-error" role="alert"><strong>Copy this token now: it is shown only once.</strong> Gazette keeps only a digest of it; if you lose it, revoke it and create a new one.</p>
        <p><label>Token “{created.name}” (scope {created.scope})<br />
          <input id="new-token-value" readOnly value={created.token} style="width:100%;font-family:monospace" />
        </label></p>
        <p><code class="token">{created.token}</code></p>
        <p><a class="button" href="/admin/tokens">Done</a></p>
      </AdminLayout>,
    ));
  });

  app.post('/admin/tokens/:id/revoke', async (req, reply) => {
    const { principal, frame } = await shell.page(req, 'tokens.own');
    const id = idParam(req, 'TOKEN_NOT_FOUND', 'Token');
    try {
      if (!principal.user) throw noAccount();
      await apiTokens.revoke(principal.user.id, id);
      return reply.redirect('/admin/tokens?notice=revoked', 303);
    } catch (err) {
      const error = formError(err);
      return tokensPage(reply, frame, principal, { error, status: error.status });
    }
  });
}
