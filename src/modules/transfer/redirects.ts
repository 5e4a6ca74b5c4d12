// Old addresses of an imported site answer 301 to their new place. The table is asked only for requests
// no route answers (Fastify's 404 path) and for the home page with a query string (WordPress's "/?p=123"),
// so the pages Gazette serves cost nothing more.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { findRedirect } from './transfer.repo.js';

/** WordPress's query addresses that name one thing (other query parameters are left out). */
const QUERY_KEYS = ['p', 'page_id', 'cat', 'tag', 'feed', 'attachment_id'];

/** The forms of a requested address a redirect may have been stored under, most exact first. */
export function redirectCandidates(url: string): string[] {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const out = new Set<string>();
  if (q !== -1) {
    out.add(url);
    const params = new URLSearchParams(url.slice(q + 1));
    for (const k of QUERY_KEYS) {
      const v = params.get(k);
      if (v !== null) out.add(`${path}?${k}=${v}`);
    }
  }
  out.add(path);
  out.add(path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : `${path}/`);
  if (path === '/' && q === -1) return [];
  return [...out].filter((p) => p.length <= 2000);
}

/** Where an old address (path and query, as requested) now lives, if an import recorded it. */
export function oldAddresses(deps: { db: Kysely<Database> }): (url: string) => Promise<string | undefined> {
  return async (url) => {
    // Stored addresses are percent-encoded ASCII: anything else cannot be one (and never reaches the database).
    if (url.length > 2000 || !/^[\x21-\x7e]+$/.test(url)) return undefined;
    const candidates = redirectCandidates(url);
    return candidates.length === 0 ? undefined : findRedirect(deps.db, candidates);
  };
}

/**
 * The 301s for requests no route answers and for the home page with a query string. An address one route
 * answers with "not found" (the short address of a static page, /:slug) asks `oldAddresses` itself.
 */
export function installRedirects(app: FastifyInstance, deps: { db: Kysely<Database> }): void {
  const newAddressOf = oldAddresses(deps);
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (!req.is404 && !req.url.startsWith('/?')) return;
    const to = await newAddressOf(req.url);
    if (to !== undefined) return reply.redirect(to, 301);
  });
}
