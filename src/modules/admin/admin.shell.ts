// What every admin page needs: the caller (checked against a permission) and the frame around the page.
import type { FastifyRequest } from 'fastify';
import type { Assets } from '../../platform/http/assets.js';
import type { Auth } from '../accounts/auth.js';
import type { Caller as Principal } from '../accounts/caller.js';
import type { Permission } from '../accounts/permissions.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AdminFrame } from '../../ui/admin/AdminLayout.js';
import { ADMIN_SECTIONS } from './admin.sections.js';


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
        nav: ADMIN_SECTIONS.filter((n) => principal.permissions.has(n.permission)),
        csrf: principal.csrf,
      };
      return { principal, frame };
    },
  };
}

export type AdminShell = ReturnType<typeof createAdminShell>;
