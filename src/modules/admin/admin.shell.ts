// What every admin page needs: the caller (checked against a permission) and the frame around the page.
import type { FastifyRequest } from 'fastify';
import type { Assets } from '../../platform/http/assets.js';
import type { Auth } from '../accounts/auth.js';
import type { Caller as Principal } from '../accounts/caller.js';
import type { Permission } from '../accounts/permissions.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AdminFrame, AdminNavItem } from '../../ui/AdminLayout.js';

// The admin's sections: the navigation and the dashboard's list both come from here.
const NAV: (AdminNavItem & { permission: Permission })[] = [
  { href: '/admin', label: 'Dashboard', permission: 'admin.access' },
  { href: '/admin/articles', label: 'Articles', permission: 'articles.write.own', description: 'Write, edit and publish articles.' },
  { href: '/admin/campaigns', label: 'Campaigns', permission: 'campaigns.manage', description: "Set this month's fundraising goal and the amount raised." },
  { href: '/admin/moderation', label: 'Moderation', permission: 'comments.moderate', description: 'Held, spam and reported comments; bans, block lists and the audit log.' },
  { href: '/admin/users', label: 'Users', permission: 'users.manage', description: 'Invite people, change roles, deactivate accounts.' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings.manage', description: 'Site name, description, logo and comment rules.' },
  { href: '/admin/tokens', label: 'API tokens', permission: 'tokens.own', description: 'Personal tokens for scripts and integrations.' },
  { href: '/admin/outbox', label: 'Outbox', permission: 'outbox.read', description: 'Mails Gazette has queued, sent or failed to send.' },
];

export function createAdminShell(deps: { auth: Auth; settings: SettingsService; assets: Assets }) {
  return {
    /** The signed-in caller with this permission (401 → sign-in page, 403 otherwise) and the page frame. */
    async page(req: FastifyRequest, permission: Permission): Promise<{ principal: Principal; frame: AdminFrame }> {
      const principal = await deps.auth.require(req, permission);
      const frame: AdminFrame = {
        siteName: deps.settings.get().siteName,
        css: deps.assets.css,
        js: deps.assets.adminJs,
        userName: principal.name,
        nav: NAV.filter((n) => principal.permissions.has(n.permission)),
        csrf: principal.csrf,
      };
      return { principal, frame };
    },
  };
}

export type AdminShell = ReturnType<typeof createAdminShell>;
