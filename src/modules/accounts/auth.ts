// Who is asking: a signed-in person (session cookie), a personal API token, the bootstrap admin token
// (GAZETTE_ADMIN_TOKEN), or nobody. Resolved once per request, lazily (anonymous page views cost nothing).
// Also enforces CSRF tokens on every state-changing request made with a session.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import { maskToken, safeEqual, unmaskToken } from '../../platform/secrets.js';
import type { AccountsService, User } from './accounts.service.js';
import type { ApiTokensService } from './api-tokens.service.js';
import { PERMISSIONS, ROLE_PERMISSIONS, TOKEN_SCOPES, type Permission, type Role } from './permissions.js';
import { can, hasSession, type Caller } from './caller.js';
import { readerIdOf } from '../../platform/http/security.js';
import type { Access } from '../../platform/http/pages.js';

export const SESSION_COOKIE = 'gz_session';

/** A caller with credentials: what resolving them gives, before the request's reader id and network. */
type Principal = Omit<Caller, 'readerId' | 'network' | 'via' | 'role'> & { via: 'session' | 'token' | 'bootstrap'; role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    principalPromise?: Promise<Principal | undefined>;
  }
}

export interface AuthDeps {
  accounts: AccountsService;
  apiTokens: ApiTokensService;
  bootstrapToken: string | undefined;
  secureCookies: boolean;
  /** The keyed digest of a request's network. */
  networkOf: (req: FastifyRequest) => string;
}

export function createAuth(deps: AuthDeps) {
  const { accounts, apiTokens, secureCookies } = deps;
  const bootstrapDigest = deps.bootstrapToken ? crypto.createHash('sha256').update(deps.bootstrapToken).digest() : undefined;

  // Why a request that sent credentials is still anonymous, for require()'s 401. Public pages and
  // APIs simply treat such a caller as anonymous (a stale token must not break reading an article).
  const problems = new WeakMap<FastifyRequest, string>();

  async function resolve(req: FastifyRequest): Promise<Principal | undefined> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/.exec(auth);
      if (!m) {
        problems.set(req, 'Only Bearer tokens are accepted in the Authorization header');
        return undefined;
      }
      const token = m[1]!;
      if (bootstrapDigest) {
        const given = crypto.createHash('sha256').update(token).digest();
        if (crypto.timingSafeEqual(given, bootstrapDigest)) {
          return { via: 'bootstrap', user: undefined, role: 'admin', name: 'Moderator', permissions: new Set(PERMISSIONS), csrf: undefined, csrfSecret: undefined, sessionToken: undefined };
        }
      }
      const found = await apiTokens.resolve(token);
      if (!found) {
        problems.set(req, 'Invalid or revoked API token');
        return undefined;
      }
      const scoped = TOKEN_SCOPES[found.scope] ?? [];
      const permissions = new Set(ROLE_PERMISSIONS[found.user.role].filter((p) => scoped.includes(p) || p === 'admin.access'));
      return { via: 'token', user: found.user, role: found.user.role, name: found.user.display_name, permissions, csrf: undefined, csrfSecret: undefined, sessionToken: undefined };
    }
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return undefined;
    const session = await accounts.resolveSession(raw);
    if (!session) return undefined;
    const { user } = session;
    return { via: 'session', user, role: user.role, name: user.display_name, permissions: new Set(ROLE_PERMISSIONS[user.role]), csrf: maskToken(session.csrf), csrfSecret: session.csrf, sessionToken: raw };
  }

  const principal = (req: FastifyRequest) => (req.principalPromise ??= resolve(req));
  const NOBODY: ReadonlySet<Permission> = new Set();

  /** Who is asking (a guest when no credentials hold). */
  async function caller(req: FastifyRequest): Promise<Caller> {
    const p = await principal(req);
    // The network's keyed digest is worked out when something asks for it (a cached page never does).
    let network: string | undefined;
    const who = p ?? { via: 'anonymous', user: undefined, role: undefined, name: '', permissions: NOBODY, csrf: undefined, csrfSecret: undefined, sessionToken: undefined };
    return { ...who, readerId: readerIdOf(req), get network() { return (network ??= deps.networkOf(req)); } };
  }

  /** 401 without credentials, 403 without the permission. */
  async function require(req: FastifyRequest, permission: Permission): Promise<Caller> {
    const c = await caller(req);
    if (c.via === 'anonymous') throw new AppError(401, 'UNAUTHORIZED', problems.get(req) ?? 'Sign in or send a bearer token');
    if (!can(c, permission)) throw new AppError(403, 'FORBIDDEN', `Your role (${c.role}) may not do this`);
    return c;
  }

  /** The access a page declares (platform/http/pages.ts): anyone, anyone with a session, or a permission. */
  async function authorize(req: FastifyRequest, access: Access): Promise<Caller> {
    if (access === 'public') return caller(req);
    if (access === 'signed-in') {
      const c = await caller(req);
      if (!hasSession(c)) throw new AppError(401, 'UNAUTHORIZED', 'Sign in to see this page');
      return c;
    }
    return require(req, access.permission as Permission);
  }

  function setSessionCookie(reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: 30 * 24 * 3600 });
  }
  function clearSessionCookie(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Signs in: a new session id every time (rotation), replacing the one the browser had. */
  async function signIn(req: FastifyRequest, reply: FastifyReply, user: User) {
    const s = await accounts.createSession(user.id, req.cookies[SESSION_COOKIE]);
    setSessionCookie(reply, s.token);
    req.principalPromise = Promise.resolve({ via: 'session', user, role: user.role, name: user.display_name, permissions: new Set(ROLE_PERMISSIONS[user.role]), csrf: maskToken(s.csrf), csrfSecret: s.csrf, sessionToken: s.token });
    return s;
  }

  function install(app: FastifyInstance) {
    // Every POST/PATCH/PUT/DELETE made with a session must carry the session's CSRF token
    // (form field _csrf, or header x-csrf-token for scripts; multipart forms put it in the query).
    app.addHook('preHandler', async (req) => {
      if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
      if (!req.cookies[SESSION_COOKIE] || req.headers.authorization) return;
      const p = await principal(req);
      if (!p || p.via !== 'session') return;
      const body = req.body as Record<string, unknown> | undefined;
      const given = (req.headers['x-csrf-token'] as string | undefined)
        ?? (typeof body?._csrf === 'string' ? body._csrf : undefined)
        ?? ((req.query as Record<string, unknown> | undefined)?._csrf as string | undefined);
      if (!given) throw new AppError(403, 'CSRF_TOKEN_MISSING', 'This form has expired; reload the page and try again');
      const secret = p.csrfSecret!;
      // Pages carry it masked; scripts may send the token itself.
      if (!safeEqual(given, secret) && !safeEqual(unmaskToken(given) ?? '', secret)) throw new AppError(403, 'CSRF_TOKEN_INVALID', 'This form has expired; reload the page and try again');
    });
  }

  return { caller, require, authorize, signIn, setSessionCookie, clearSessionCookie, install };
}

export type Auth = ReturnType<typeof createAuth>;
