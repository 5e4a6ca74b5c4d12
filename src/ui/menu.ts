// The site's menus (header and footer) as the reader layout renders them; an admin sets them (settings).
export interface MenuItem {
  label: string;
  /** A path on the site ("/about") or an http(s) URL. */
  url: string;
}

/** The header menu of a site whose admin has not set one. */
export const DEFAULT_HEADER_MENU: readonly MenuItem[] = [
  { label: 'Home', url: '/' },
  { label: 'Search', url: '/search' },
  { label: 'Support', url: '/support' },
];

/** The footer menu of a site whose admin has not set one: none. */
export const DEFAULT_FOOTER_MENU: readonly MenuItem[] = [];
