// The frame of an admin page for one caller: the site's name, the assets, and the sections they may open.
import type { AdminFrame, AdminNavItem } from './AdminLayout.js';

export interface AdminSection extends AdminNavItem { permission: string }

export interface FrameCaller { name: string; permissions: ReadonlySet<string>; csrf: string | undefined }

export function createAdminFrames(deps: { siteName: () => string; css: string; js: string; sections: readonly AdminSection[] }) {
  return (caller: FrameCaller): AdminFrame => ({
    siteName: deps.siteName(),
    css: deps.css,
    js: deps.js,
    userName: caller.name,
    nav: deps.sections.filter((s) => caller.permissions.has(s.permission)),
    csrf: caller.csrf,
  });
}

export type FrameOf = ReturnType<typeof createAdminFrames>;
