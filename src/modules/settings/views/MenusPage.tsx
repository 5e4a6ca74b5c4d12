// The menus page: the header and footer menus as rows of label and address, in order. Empty rows are
// left out on saving; a few empty rows wait below each menu for new links.
import type { AppError } from '../../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError } from '../../../ui/admin/form-parts.js';
import type { MenuItem } from '../../../ui/menu.js';
import { MENU_MAX_ITEMS } from '../menus.schema.js';

export type MenuName = 'header' | 'footer';
/** The rows as typed (shown again on an error). */
export type MenuRows = Record<MenuName, MenuItem[]>;

export const MENUS_URL = '/admin/menus';
const EMPTY_ROWS = 3;
const TITLES: Record<MenuName, string> = { header: 'Header menu (top of every reader page)', footer: 'Footer menu (bottom of every reader page)' };

function MenuFieldset({ name, rows, error }: { name: MenuName; rows: MenuItem[]; error?: AppError }) {
  const extra = Math.max(0, Math.min(EMPTY_ROWS, MENU_MAX_ITEMS - rows.length));
  const shown = [...rows, ...Array.from({ length: extra }, () => ({ label: '', url: '' }))];
  return (
    <fieldset class="menu-rows">
      <legend>{TITLES[name]}</legend>
      {shown.map((row, i) => (
        <div class="menu-row" key={i} style="display:flex;gap:.5rem;flex-wrap:wrap;align-items:end">
          <label>Link {i + 1}: label
            <input name={`${name}.${i}.label`} value={row.label} maxLength={40} aria-invalid={error?.field === `${name}.${i}.label` ? 'true' : undefined} />
          </label>
          <label>Address (a path such as /about, or https://…)
            <input name={`${name}.${i}.url`} value={row.url} maxLength={500} autocapitalize="none" spellcheck={false}
              aria-invalid={error?.field === `${name}.${i}.url` ? 'true' : undefined} />
          </label>
          <FieldError error={error} field={`${name}.${i}.label`} />
          <FieldError error={error} field={`${name}.${i}.url`} />
        </div>
      ))}
    </fieldset>
  );
}

export function MenusPage({ frame, rows, error, notice }: { frame: AdminFrame; rows: MenuRows; error?: AppError; notice?: string }) {
  return (
    <AdminLayout frame={frame} title="Menus" current={MENUS_URL} notice={notice} error={error?.message}>
      <p>The links readers see in the header and footer of every page, in this order. Leave a row empty to remove its link; at most {MENU_MAX_ITEMS} per menu.</p>
      <form method="post" action={MENUS_URL} class="admin-form" id="menus">
        <CsrfField csrf={frame.csrf} />
        <input type="hidden" name="menusForm" value="1" />
        <MenuFieldset name="header" rows={rows.header} error={error} />
        <MenuFieldset name="footer" rows={rows.footer} error={error} />
        <div class="form-actions"><button type="submit" class="button primary">Save menus</button></div>
      </form>
    </AdminLayout>
  );
}
