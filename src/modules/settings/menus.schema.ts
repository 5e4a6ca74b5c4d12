// The site's menus as settings: ordered lists of { label, url }, a url being a path on the site or an
// http(s) address (never javascript:, data: or a protocol-relative //host).
import { z } from 'zod';
import { DEFAULT_FOOTER_MENU, DEFAULT_HEADER_MENU } from '../../ui/menu.js';

/** Items per menu at most. */
export const MENU_MAX_ITEMS = 12;

export function isMenuUrl(url: string): boolean {
  if (/[\s\\<>"]/.test(url) || url.length === 0) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const menuItemSchema = z.object({
  label: z.string().trim().min(1, 'Give each link a label').max(40, 'A label has at most 40 characters'),
  url: z.string().trim().max(500, 'An address has at most 500 characters')
    .refine(isMenuUrl, 'Use a path on this site (starting with /) or an address starting with http:// or https://'),
});

const menu = z.array(menuItemSchema).max(MENU_MAX_ITEMS, `At most ${MENU_MAX_ITEMS} links per menu`);

export const menusSchema = z.object({ header: menu, footer: menu });
export type Menus = z.output<typeof menusSchema>;

export const defaultMenus = (): Menus => ({ header: DEFAULT_HEADER_MENU.map((m) => ({ ...m })), footer: DEFAULT_FOOTER_MENU.map((m) => ({ ...m })) });
