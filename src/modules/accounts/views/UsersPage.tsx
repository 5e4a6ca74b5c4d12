// The users page of the newsroom admin: everyone with their role and status, and the invitation form.
import type { AppError } from '../../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, PostButton, TableScroll } from '../../../ui/admin/form-parts.js';
import type { User } from '../accounts.repo.js';
import { ROLES, type Role } from '../permissions.js';

const ROLE_TEXT: Record<Role, string> = {
  admin: 'everything, including users and settings',
  editor: 'all articles, publishing, campaigns',
  author: 'own drafts, submitted for review',
  moderator: 'comments',
  reader: 'no admin access',
};

const STATUS_TEXT: Record<User['status'], string> = { active: 'active', invited: 'invited', deactivated: 'deactivated', deleted: 'deleted' };

function RoleOptions({ value }: { value: string }) {
  return <>{ROLES.map((r) => <option key={r} value={r} selected={r === value}>{r}</option>)}</>;
}

export interface UsersPageProps {
  frame: AdminFrame;
  users: readonly User[];
  /** The account of the person looking (marked "you"); undefined for the bootstrap token. */
  myId: number | undefined;
  notice?: string;
  error?: AppError;
  /** What the invitation form shows: what was typed, or an empty address and the author role. */
  invite?: { email: string; role: string };
}

function UserRow({ u, frame, me }: { u: User; frame: AdminFrame; me: boolean }) {
  return (
    <tr id={`user-${u.id}`} data-role={u.role} data-status={u.status}>
      <td>{u.display_name}{me && <> <span class="badge">you</span></>}</td>
      <td>{u.email}</td>
      <td>
        <form method="post" action={`/admin/users/${u.id}/role`} class="role-form">
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
          <PostButton action={`/admin/users/${u.id}/reactivate`} csrf={frame.csrf} label="Reactivate" ariaLabel={`Reactivate ${u.display_name}`} />
        )}
      </td>
      <td class="wide">{u.email_verified_at ? 'yes' : 'no'}</td>
    </tr>
  );
}

export function UsersPage({ frame, users, myId, notice, error, invite = { email: '', role: 'author' } }: UsersPageProps) {
  return (
    <AdminLayout frame={frame} title="Users" current="/admin/users" notice={notice} error={error?.message}>
      <TableScroll>
        <table class="admin-table users">
          <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Status</th><th class="wide">Verified</th></tr></thead>
          <tbody>
            {users.map((u) => <UserRow key={u.id} u={u} frame={frame} me={myId === u.id} />)}
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
    </AdminLayout>
  );
}
