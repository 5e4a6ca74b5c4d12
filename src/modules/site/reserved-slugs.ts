// Which slugs a static page may not have: the first path segments of the routes the application serves
// (read from Fastify's route table, so a new route reserves its address by being registered), plus names
// kept for routes to come. A page with such a slug could never be reached at /:slug.

/** First path segments reserved for later routes, and names that would mislead readers. */
export const FUTURE_SEGMENTS: readonly string[] = [
  'about-gazette', 'account', 'admin', 'api', 'archive', 'articles', 'assets', 'authors', 'categories', 'category',
  'comments', 'embed', 'export', 'feed', 'feeds', 'healthz', 'import', 'login', 'logout', 'media', 'notifications',
  'pages', 'register', 'robots', 'rss', 'search', 'setup', 'signin', 'signup', 'sitemap', 'sitemaps', 'static',
  'support', 'tags', 'webhooks', 'wp-admin', 'wp-content', 'wp-json', 'wp-login', 'xmlrpc',
];

/** The literal first segment of a route path, or undefined for "/" and a parameter ("/:slug"). */
export function firstSegment(url: string): string | undefined {
  const segment = url.split('?')[0]!.split('/')[1] ?? '';
  if (segment === '' || segment.startsWith(':') || segment.startsWith('*')) return undefined;
  return segment.toLowerCase();
}

/**
 * `isReserved(slug)` over the routes as registered (read on each call: routes registered later count too).
 * A segment with a dot ("feed.atom", "robots.txt") also reserves its name before the dot.
 */
export function reservedSlugs(routes: () => readonly { url: string }[]): (slug: string) => boolean {
  let known: { count: number; set: Set<string> } | undefined;
  const current = () => {
    const list = routes();
    if (known?.count !== list.length) {
      const set = new Set(FUTURE_SEGMENTS);
      for (const r of list) {
        const s = firstSegment(r.url);
        if (s) { set.add(s); set.add(s.split('.')[0]!); }
      }
      known = { count: list.length, set };
    }
    return known.set;
  };
  return (slug) => current().has(slug.toLowerCase());
}
