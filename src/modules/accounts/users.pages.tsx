// User administration (users.manage), declared in the page registry: the list (search by name or e-mail,
// a role, pages of USERS_PER_PAGE), invitations, roles, deactivation and reactivation. Forms answer 303 on success, or the users page again with the error.
import { formText } from '../../platform/http/input.js';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppError } from '../../platform/http/errors.js';
import { pageIdParams } from '../../platform/http/id-params.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { FrameOf } from '../../ui/admin/frame.js';
import { lenient } from '../../ui/admin/form-fields.js';
import { noticeFrom, renderDoc, sendHtml } from '../../ui/admin/render.js';
import type { UserFilter } from './accounts.repo.js';
import type { AccountsService } from './accounts.service.js';
import type { Caller } from './caller.js';
import { can, ROLES } from './permissions.js';
import { UsersPage } from './views/UsersPage.js';

export interface UserPagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  accounts: AccountsService;
}

const NOTICES = {
  invited: 'Invitation queued: the e-mail with the link is in the outbox.',
  role: 'Role changed.',
  deactivated: 'Account deactivated; its sessions have ended.',
  reactivated: 'Account reactivated.',
};

const access = { permission: 'users.manage' };
const listQuery = z.object({
  notice: formText,
  q: lenient(z.string().trim().max(200).optional(), undefined),
  role: lenient(z.enum(ROLES).optional(), undefined),
  page: lenient(z.coerce.number().int().min(1).max(1_000_000).optional(), undefined),
});
const userParams = pageIdParams('USER_NOT_FOUND', 'User');
const role = z.enum(ROLES, 'choose a role');
const inviteForm = z.object({
  email: z.string({ error: 'enter a valid e-mail address' }).trim().toLowerCase().pipe(z.email('enter a valid e-mail address').max(254, 'this e-mail address is too long')),
  role,
});
const roleForm = z.object({ role });

export function registerUserPages({ pages, frameOf, accounts }: UserPagesDeps) {
  const usersPage = async (reply: FastifyReply, caller: Caller,
    opts: { notice?: string; error?: AppError; invite?: { email: string; role: string }; filter?: UserFilter; page?: number } = {}) => {
    const filter = opts.filter ?? {};
    const list = await accounts.listPage(filter, opts.page ?? 1);
    const page = <UsersPage frame={frameOf(caller)} list={list} filter={filter} myId={caller.user?.id} notice={opts.notice} error={opts.error} invite={opts.invite} />;
    return sendHtml(reply, renderDoc(page), opts.error?.status ?? 200);
  };
  const showError = ({ reply, caller }: { reply: FastifyReply; caller: Caller }, error: AppError) => usersPage(reply, caller, { error });

  pages.add({
    method: 'GET', url: '/admin/users', access, query: listQuery,
    handler: ({ reply, caller, query }) => usersPage(reply, caller, {
      notice: noticeFrom(query.notice, NOTICES), filter: { search: query.q || undefined, role: query.role }, page: query.page,
    }),
  });

  pages.add({
    method: 'POST', url: '/admin/users/invite', access, form: inviteForm,
    handler: async ({ reply, caller, form }) => {
      await accounts.invite({ email: form.email, role: form.role, invitedBy: caller.name });
      return reply.redirect('/admin/users?notice=invited', 303);
    },
    invalid: ({ reply, caller, typed }, error) =>
      usersPage(reply, caller, { error, invite: { email: (typed.email ?? '').trim(), role: typed.role ?? '' } }),
  });

  pages.add({
    method: 'POST', url: '/admin/users/:id/role', access, params: userParams, form: roleForm,
    handler: async ({ reply, caller, params, form }) => {
      const user = await accounts.setRole(params.id, form.role);
      // Who demoted themselves may no longer see this page.
      if (caller.user?.id === user.id && !can(user.role, 'users.manage')) return reply.redirect(can(user.role, 'admin.access') ? '/admin' : '/', 303);
      return reply.redirect('/admin/users?notice=role', 303);
    },
    invalid: showError,
  });

  for (const [action, active] of [['deactivate', false], ['reactivate', true]] as const) {
    pages.add({
      method: 'POST', url: `/admin/users/:id/${action}`, access, params: userParams,
      handler: async ({ reply, caller, params }) => {
        await accounts.setActive(params.id, active);
        // Deactivating oneself ends one's own session too.
        if (!active && caller.user?.id === params.id) return reply.redirect('/', 303);
        return reply.redirect(`/admin/users?notice=${active ? 'reactivated' : 'deactivated'}`, 303);
      },
      invalid: showError,
    });
  }
}
