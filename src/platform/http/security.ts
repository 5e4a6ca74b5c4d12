// Cross-cutting HTTP protections: security headers (HSTS when the site is https), a same-origin check on every state-changing
// request (CSRF defence that keeps cached pages shareable), and the reader identity cookie.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const READER_COOKIE = 'gz_reader';
const ONE_YEAR_S = 365 * 24 * 3600;

/** The content security policy; forms may post (and be redirected) to this site, and to `formTargets` too. */
export function contentSecurityPolicy(formTargets: readonly string[] = []): string {
  return "default-src 'self'; img-src 'self' data: https:; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; "
    + `base-uri 'self'; frame-ancestors 'self'; form-action ${["'self'", ...formTargets].join(' ')}`;
}

export const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

/** The Strict-Transport-Security value for a site, or undefined when it is not served over https. */
export function hstsHeader(baseUrl: string, hsts: { maxAgeSeconds: number; includeSubDomains: boolean }): string | undefined {
  if (new URL(baseUrl).protocol !== 'https:') return undefined;
  return `max-age=${hsts.maxAgeSeconds}${hsts.includeSubDomains ? '; includeSubDomains' : ''}`;
}

export interface SecurityOptions { baseUrl: string; hsts?: { maxAgeSeconds: number; includeSubDomains: boolean } }

/** The headers every response of the site carries (installSecurity sets them; the fast lane uses them too). */
export function responseSecurityHeaders(opts: SecurityOptions): Record<string, string> {
  const hsts = hstsHeader(opts.baseUrl, opts.hsts ?? { maxAgeSeconds: 31_536_000, includeSubDomains: false });
  return hsts ? { ...securityHeaders, 'strict-transport-security': hsts } : securityHeaders;
}

export function installSecurity(app: FastifyInstance, opts: SecurityOptions): void {
  const allowedHosts = new Set([new URL(opts.baseUrl).host]);
  const headers = responseSecurityHeaders(opts);
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    // Browsers send Origin (and Sec-Fetch-Site) with every POST/PATCH/DELETE; a request from
    // another site is refused. Clients without these headers (curl, server-to-server) carry
    // no ambient cookies of a reader and are judged by their token or cookie alone.
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new AppError(403, 'CSRF_REJECTED', 'Cross-site request refused');
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string;
      try { host = new URL(origin).host; } catch { throw new AppError(403, 'CSRF_REJECTED', 'Bad Origin header'); }
      if (host !== req.headers.host && !allowedHosts.has(host)) throw new AppError(403, 'CSRF_REJECTED', 'Cross-site request refused');
    } else if (origin === 'null' && req.headers['sec-fetch-site'] !== 'same-origin') {
      // Browsers send "Origin: null" for sandboxed frames and data: pages, but also for a form posted
      // from one of our own pages whose Referrer-Policy is no-referrer (a privacy setting may impose
      // it). Sec-Fetch-Site, which page scripts cannot set, tells the two apart.
      throw new AppError(403, 'CSRF_REJECTED', 'Opaque origin refused');
    }
  });
}

/** The anonymous reader's stable id, from a signed HttpOnly cookie; undefined when none or forged. */
export function readerIdOf(req: FastifyRequest): string | undefined {
  const raw = req.cookies[READER_COOKIE];
  if (!raw) return undefined;
  const r = req.unsignCookie(raw);
  return r.valid && r.value ? r.value : undefined;
}

/** Returns the reader id, creating and setting the cookie on first use (only on writes, so pages stay cacheable). */
export function ensureReaderId(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readerIdOf(req);
  if (existing) return existing;
  const id = crypto.randomBytes(18).toString('base64url');
  reply.setCookie(READER_COOKIE, id, { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ONE_YEAR_S });
  return id;
}
