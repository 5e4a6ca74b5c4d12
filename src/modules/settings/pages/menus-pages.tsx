// GET/POST /admin/menus (settings.manage): the header and footer menus, saved as site settings (so every
// rendered page's cache key, which includes the settings' fingerprint, changes with them).
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { noticeQuery } from '../../../platform/http/input.js';
import { AppError } from '../../../platform/http/errors.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import { noticeFrom, renderDoc, sendHtml } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import { MENU_MAX_ITEMS, menuItemSchema } from '../menus.schema.js';
import type { SettingsService } from '../settings.service.js';
import { MENUS_URL, MenusPage, type MenuName, type MenuRows } from '../views/MenusPage.js';

const access = { permission: 'settings.manage' };
const NOTICES = { saved: 'Menus saved: readers see them on the next page they open.' };
/** Rows a form may send per menu (the page shows fewer). */
const MAX_ROWS = MENU_MAX_ITEMS + 3;

/**
 * The form's marker field: a post without it is not this form (an empty menu is a choice, so a body missing
 * every row must not be read as "remove all links").
 */
const menusForm = z.object({ menusForm: z.literal('1', 'Send the menus form as the page shows it') });

/** The rows as typed, in order, without the empty ones. */
function rowsOf(body: Record<string, string>): MenuRows {
  const rows: MenuRows = { header: [], footer: [] };
  for (const name of ['header', 'footer'] as const) {
    for (let i = 0; i < MAX_ROWS; i++) {
      const label = body[`${name}.${i}.label`] ?? '';
      const url = body[`${name}.${i}.url`] ?? '';
      if (label.trim() || url.trim()) rows[name].push({ label, url });
    }
  }
  return rows;
}

/** Checks every row (the first problem is shown beside its field). */
function parseMenus(rows: MenuRows): MenuRows {
  const out: MenuRows = { header: [], footer: [] };
  for (const name of ['header', 'footer'] as MenuName[]) {
    if (rows[name].length > MENU_MAX_ITEMS) throw new AppError(400, 'TOO_MANY_LINKS', `At most ${MENU_MAX_ITEMS} links per menu`, `${name}.${MENU_MAX_ITEMS}.label`);
    rows[name].forEach((row, i) => {
      const r = menuItemSchema.safeParse(row);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        const field = String(issue.path[0] ?? 'label');
        throw new AppError(400, field === 'url' ? 'INVALID_MENU_URL' : 'INVALID_MENU_LABEL', `${name === 'header' ? 'Header' : 'Footer'} menu, link ${i + 1}: ${issue.message}`, `${name}.${i}.${field}`);
      }
      out[name].push(r.data);
    });
  }
  return out;
}

export function registerMenuPages(deps: { pages: PageRegistry<Caller>; frameOf: FrameOf; settings: SettingsService }) {
  const { pages, frameOf, settings } = deps;
  const show = (reply: FastifyReply, caller: Caller, opts: { rows?: MenuRows; error?: AppError; notice?: string } = {}) =>
    sendHtml(reply, renderDoc(<MenusPage frame={frameOf(caller)} rows={opts.rows ?? settings.get().menus} error={opts.error} notice={opts.notice} />), opts.error?.status);

  pages.add({
    method: 'GET', url: MENUS_URL, access, query: noticeQuery,
    handler: async ({ reply, caller, query }) => show(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: MENUS_URL, access, form: menusForm,
    handler: async ({ reply, typed }) => {
      await settings.update({ menus: parseMenus(rowsOf(typed)) });
      return reply.redirect(`${MENUS_URL}?notice=saved`, 303);
    },
    invalid: async ({ reply, caller, typed }, error) => show(reply, caller, { rows: rowsOf(typed), error }),
  });
}
