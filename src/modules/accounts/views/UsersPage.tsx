// The users page of the newsroom admin: who matches the search and role, a page at a time, with their role and
// status, and the invitation form.
import type { AppError } from '../../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, PostButton, TableScroll } from '../../../ui/admin/form-parts.js';
import type { User, UserFilter } from '../accounts.repo.js';
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
  /** The page of users shown, the number per role (for the filter's links) and where the page is. */
  list: { users: readonly User[]; counts: Partial<Record<Role, number>>; total: number; page: number; pages: number; offset: number };
  filter: UserFilter;
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

/** The users page's address for a filter and page (what the filter links, the search and the pager use). */
function usersUrl(filter: UserFilter, page = 1): string {
  const q = new URLSearchParams();
  if (filter.search) q.set('q', filter.search);
  if (filter.role) q.set('role', filter.role);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text ? `/admin/users?${text}` : '/admin/users';
}

function UserFilters({ list, filter }: Pick<UsersPageProps, 'list' | 'filter'>) {
  const all = Object.values(list.counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <form method="get" action="/admin/users" role="search" class="user-search">
        <label for="user-search">Find a user</label>
        <input type="search" id="user-search" name="q" value={filter.search ?? ''} maxLength={200} placeholder="part of a name or e-mail" />
        {filter.role && <input type="hidden" name="role" value={filter.role} />}
        <button type="submit" class="button">Search</button>
        {filter.search && <a href={usersUrl({ role: filter.role })}>Clear</a>}
      </form>
      <nav class="mod-tabs" aria-label="Roles">
        <a href={usersUrl({ search: filter.search })} aria-current={filter.role ? undefined : 'page'}>all <span class="count">{all}</span></a>
        {ROLES.map((r) => (
          <a key={r} href={usersUrl({ search: filter.search, role: r })} data-role={r} aria-current={filter.role === r ? 'page' : undefined}>
            {r} <span class="count">{list.counts[r] ?? 0}</span>
          </a>
        ))}
      </nav>
    </>
  );
}

export function UsersPage({ frame, list, filter, myId, notice, error, invite = { email: '', role: 'author' } }: UsersPageProps) {
  const { users, total, page, pages, offset } = list;
  return (
    <AdminLayout frame={frame} title="Users" current="/admin/users" notice={notice} error={error?.message}>
      <UserFilters list={list} filter={filter} />
      {users.length === 0 ? (
        <p class="users-none">{filter.search ? `No user matches “${filter.search}”${filter.role ? ` among the ${filter.role}s` : ''}.` : `No ${filter.role ?? 'user'}s yet.`}</p>
      ) : (
        <>
          <p class="users-shown" aria-live="polite">{total > users.length ? `${offset + 1}–${offset + users.length} of ${total}` : `${total} ${total === 1 ? 'user' : 'users'}`}</p>
          <TableScroll>
            <table class="admin-table users">
              <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Status</th><th class="wide">Verified</th></tr></thead>
              <tbody>
                {users.map((u) => <UserRow key={u.id} u={u} frame={frame} me={myId === u.id} />)}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {pages > 1 && (
        <nav class="mod-pager" aria-label="Pages of users">
          {page > 1 && <a rel="prev" href={usersUrl(filter, page - 1)}>Previous</a>}
          <span>Page {page} of {pages}</span>
          {page < pages && <a rel="next" href={usersUrl(filter, page + 1)}>Next</a>}
        </nav>
      )}
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
