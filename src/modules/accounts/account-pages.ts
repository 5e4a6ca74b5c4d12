// Readers' accounts as plain HTML pages that work without JavaScript, declared in the page registry:
// sign-up and sign-in (sign-in.pages.tsx), the account itself (account.pages.tsx), password reset and
// invitations (link.pages.tsx), the first admin (setup.pages.tsx). Forms answer 303 on success, or the
// same page again with the error, what was typed (never a password) and a 4xx status.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Clock } from '../../platform/clock.js';
import type { Assets } from '../../platform/http/assets.js';
import { AppError } from '../../platform/http/errors.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { RateLimiter, type RateLimitStore } from '../../platform/http/rate-limit.js';
import type { AccountsService, User } from './accounts.service.js';
import type { Auth } from './auth.js';
import { can, hasSession, type Caller } from './caller.js';
import type { FirstRun } from './first-run.js';
import { ROLE_PERMISSIONS } from './permissions.js';
import type { AccountCtx } from './views/AccountPage.js';
import { registerAccountPage } from './account.pages.js';
import { registerLinkPages } from './link.pages.js';
import { registerSetupPages } from './setup.pages.js';
import { registerSignInPages } from './sign-in.pages.js';
import { registerProfilePages, type ProfilePagesDeps } from './profile.pages.js';

export interface AccountPagesDeps {
  app: FastifyInstance;
  pages: PageRegistry<Caller>;
  accounts: AccountsService;
  auth: Auth;
  siteName: () => string;
  assets: Assets;
  clock: Clock;
  firstRun: FirstRun;
  /** Where the limits below are counted (shared by the instances). */
  rateLimits: RateLimitStore;
  /** Sign-in attempts per network and window (default 20 per 10 minutes). */
  loginLimit?: { max: number; windowMs: number };
  /** Sign-ups and reset requests (forms that send mail to any address) per network and window (default 20 per 10 minutes). */
  mailFormLimit?: { max: number; windowMs: number };
  /** Writers' author profiles (slug, bio, photo) on /account/profile; left out, there is no such page. */
  profiles?: ProfilePagesDeps;
}

const MINUTE = 60_000;

/** What the account page modules share: the frame's context, answers never cached, the limits. */
export function createAccountPageKit(deps: AccountPagesDeps) {
  const now = () => deps.clock().getTime();
  const loginLimiter = new RateLimiter(deps.rateLimits, 'sign-in', deps.loginLimit?.max ?? 20, deps.loginLimit?.windowMs ?? 10 * MINUTE, now);
  const mailLimiter = new RateLimiter(deps.rateLimits, 'mail-forms', deps.mailFormLimit?.max ?? 20, deps.mailFormLimit?.windowMs ?? 10 * MINUTE, now);
  return {
    ...deps,
    loginLimiter,
    mailLimiter,
    ctxOf(caller: Caller): AccountCtx {
      const viewer = hasSession(caller) ? { name: caller.name, canAdmin: can(caller, 'admin.access'), csrf: caller.csrf! } : undefined;
      return { siteName: deps.siteName(), css: deps.assets.css, viewer };
    },
    /** Account pages are personal (names, e-mail, CSRF tokens): never stored by a cache. */
    send(reply: FastifyReply, status: number, vnode: VNode) {
      return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>${renderToString(vnode)}`);
    },
    /** Counts an attempt from the caller's network; 429 with Retry-After beyond the limit. */
    async limit(limiter: RateLimiter, caller: Caller, reply: FastifyReply, what: string) {
      const wait = await limiter.hit(caller.network);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError(429, 'RATE_LIMITED', `Too many ${what} from your network. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
      }
    },
    /** Where a person lands after signing in: staff in the admin, readers on their account. */
    landing: (user: User) => (ROLE_PERMISSIONS[user.role].includes('admin.access') ? '/admin' : '/account'),
  };
}

export type AccountPageKit = ReturnType<typeof createAccountPageKit>;

export function registerAccountPages(deps: AccountPagesDeps) {
  const kit = createAccountPageKit(deps);
  registerSignInPages(kit);
  registerAccountPage(kit);
  registerLinkPages(kit);
  registerSetupPages(kit);
  if (deps.profiles) registerProfilePages(kit, deps.profiles);
}
