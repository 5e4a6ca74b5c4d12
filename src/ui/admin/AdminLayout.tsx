// The newsroom admin's frame: the header with the sections the person may open, the title, a notice.
import type { ComponentChildren } from 'preact';
import { CsrfField } from './form-parts.js';

export interface AdminNavItem { href: string; label: string; /** One line for the dashboard. */ description?: string }

export interface AdminFrame {
  siteName: string;
  css: string;
  /** The admin script (islands: live preview, drag-and-drop upload); optional. */
  js?: string;
  userName: string;
  nav: AdminNavItem[];
  csrf: string | undefined;
}

export function AdminLayout(props: { frame: AdminFrame; title: string; current?: string; notice?: string; error?: string; children: ComponentChildren }) {
  const { frame, title, current, notice, error, children } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} — ${frame.siteName} admin`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={frame.css} />
        {frame.js && <script type="module" src={frame.js} />}
      </head>
      <body class="admin" data-csrf={frame.csrf}>
        <header class="admin-header">
          <a class="site-name" href="/">{frame.siteName}</a>
          <nav class="admin-nav" aria-label="Admin">
            {frame.nav.map((n) => (
              <a key={n.href} href={n.href} aria-current={current === n.href ? 'page' : undefined}>{n.label}</a>
            ))}
          </nav>
          <span class="admin-user">
            <a href="/account">{frame.userName}</a>
            <form method="post" action="/logout" class="inline-form">
              <CsrfField csrf={frame.csrf} />
              <button type="submit" class="button link">Sign out</button>
            </form>
          </span>
        </header>
        <main id="main" class="admin-main">
          <h1>{title}</h1>
          {notice && <p class="notice-ok" role="status">{notice}</p>}
          {error && <p class="form-error" role="alert">{error}</p>}
          {children}
        </main>
      </body>
    </html>
  );
}
