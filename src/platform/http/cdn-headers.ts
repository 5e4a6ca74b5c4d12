// Cache-Control and surrogate keys for a CDN or caching reverse proxy in front of the app.
// A page that a shared cache may keep names what it shows with cdnKeys(reply, 'article-12'); when the
// request carried no cookie and the response sets none, it goes out `public` with `s-maxage` (and, for the CDN
// alone, stale-while-revalidate in CDN-Cache-Control and Surrogate-Control) and the keys
// (`Surrogate-Key`, space-separated, for Fastly/Varnish; `Cache-Tag`, comma-separated, for Cloudflare),
// plus the site-wide key `site`. Otherwise it stays private and carries no keys.
import type { FastifyInstance, FastifyReply } from 'fastify';

const KEYS = 'surrogate-key';
export const SITE_KEY = 'site';

/** Marks the page shareable by a CDN and names what it shows (the site-wide key is added for you). */
export function cdnKeys(reply: FastifyReply, ...keys: string[]): FastifyReply {
  return reply.header(KEYS, sharedKeys(...keys).join(' '));
}

export interface CdnHeaderOptions { sMaxAgeSeconds: number; staleWhileRevalidateSeconds: number }

/**
 * The caching headers of a shareable response to a request without cookies, naming `keys` (as cdnKeys gives
 * them: the site-wide key first). The onSend hook below sets exactly these; a response built without Fastify
 * (the cached article page's fast lane) uses them too.
 */
export function sharedCacheHeaders(opts: CdnHeaderOptions, keys: readonly string[]): Record<string, string> {
  // Browsers must ask again every time (a reader who just posted must see the page with their comment, and a
  // browser honours stale-while-revalidate too): so that directive goes only to the CDN's own headers
  // (CDN-Cache-Control: Cloudflare and others; Surrogate-Control: Fastly, Varnish), never in Cache-Control.
  const cdnOnly = `max-age=${opts.sMaxAgeSeconds}, stale-while-revalidate=${opts.staleWhileRevalidateSeconds}`;
  const list = [...new Set(keys.filter(Boolean))];
  return {
    [KEYS]: list.join(' '), 'cache-tag': list.join(','), 'cache-control': `public, max-age=0, s-maxage=${opts.sMaxAgeSeconds}`,
    'cdn-cache-control': `public, ${cdnOnly}`, 'surrogate-control': cdnOnly,
  };
}

/** The keys of a page marked by cdnKeys (in order). */
export const sharedKeys = (...keys: string[]): string[] => [SITE_KEY, ...keys];

export function installCdnHeaders(app: FastifyInstance, opts: CdnHeaderOptions): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const keys = reply.getHeader(KEYS);
    if (keys === undefined) return payload;
    const shareable = (req.method === 'GET' || req.method === 'HEAD')
      && (reply.statusCode === 200 || reply.statusCode === 304)
      && !req.headers.cookie && !req.headers.authorization && reply.getHeader('set-cookie') === undefined;
    if (shareable) {
      reply.headers(sharedCacheHeaders(opts, String(keys).split(' ')));
      return payload;
    }
    // A reader with a cookie may be shown something of their own: never stored by a shared cache.
    reply.removeHeader(KEYS);
    const current = reply.getHeader('cache-control');
    if (current === undefined || current === 'no-cache') reply.header('cache-control', 'private, no-cache');
    return payload;
  });
}
