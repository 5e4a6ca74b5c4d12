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

export function installRedirects(app: FastifyInstance, deps: { db: Kysely<Database> }): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const homeWithQuery = req.url.startsWith('/?');
    if (!req.is404 && !homeWithQuery) return;
    // Stored addresses are percent-encoded ASCII: anything else cannot be one (and never reaches the database).
    if (req.url.length > 2000 || !/^[\x21-\x7e]+$/.test(req.url)) return;
    const candidates = redirectCandidates(req.url);
    if (candidates.length === 0) return;
    const to = await findRedirect(deps.db, candidates);
    if (to !== undefined) return reply.redirect(to, 301);
  });
}
