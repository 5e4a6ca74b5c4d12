import type { ComponentChildren } from 'preact';
import { DEFAULT_FOOTER_MENU, DEFAULT_HEADER_MENU, type MenuItem } from './menu.js';

export interface LayoutProps {
  siteName: string;
  title: string;
  description?: string;
  assets: { css: string; js?: string };
  banner?: ComponentChildren;
  /** The signed-in person: their name links to the account page; staff also get the admin link. */
  viewer?: { name: string; canAdmin: boolean };
  /** The site's logo (a thumbnail URL), shown beside the name. */
  logo?: { url: string; width?: number; height?: number };
  /** More of the <head>: canonical link, Open Graph and Twitter tags, JSON-LD (site/seo.tsx). */
  head?: ComponentChildren;
  /** The admin's header and footer menus (settings); the defaults when not given. */
  menus?: { header: readonly MenuItem[]; footer: readonly MenuItem[] };
  children: ComponentChildren;
}

const MenuLinks = ({ items }: { items: readonly MenuItem[] }) => <>{items.map((m) => <a key={m.url + m.label} href={m.url}>{m.label}</a>)}</>;

export function Layout({ siteName, title, description, assets, banner, viewer, logo, head, menus, children }: LayoutProps) {
  const footerMenu = menus?.footer ?? DEFAULT_FOOTER_MENU;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? siteName : `${title} — ${siteName}`}</title>
        {description && <meta name="description" content={description} />}
        <link rel="icon" href="data:," />
        <link rel="alternate" type="application/rss+xml" title={`${siteName} (RSS)`} href="/feed" />
        <link rel="alternate" type="application/atom+xml" title={`${siteName} (Atom)`} href="/feed.atom" />
        {head}
        <link rel="stylesheet" href={assets.css} />
        {assets.js && <script type="module" src={assets.js} />}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        {banner}
        <header class="site-header">
          <a class="site-name" href="/">
            {logo && <img class="site-logo" src={logo.url} alt="" width={logo.width} height={logo.height} style="vertical-align:middle;margin-right:.5rem;max-height:2.5rem;width:auto" />}
            {siteName}
          </a>
          <nav class="account-nav" aria-label="Site">
            <MenuLinks items={menus?.header ?? DEFAULT_HEADER_MENU} />
            {viewer ? (
              <>
                {viewer.canAdmin && <a href="/admin">Admin</a>}
                <a href="/account">{viewer.name}</a>
              </>
            ) : <a href="/login">Sign in</a>}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          {footerMenu.length > 0 && <nav class="footer-nav" aria-label="Footer"><MenuLinks items={footerMenu} /></nav>}
          <p>{siteName} is independent and reader-supported. Powered by Gazette.</p>
        </footer>
      </body>
    </html>
  );
}
