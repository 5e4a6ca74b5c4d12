// Who is asking: the one description of a request's person that services, routes and views share, with
// the rule functions they all ask (a rule written in one page handler is a rule the API lacks).
import { AppError } from '../../platform/http/errors.js';
import type { User } from './accounts.repo.js';
import { STAFF_ROLES, type Permission, type Role } from './permissions.js';

export interface Caller {
  /** How they showed who they are; `anonymous` for a guest (who may still have a reader cookie). */
  via: 'session' | 'token' | 'bootstrap' | 'anonymous';
  /** Their account; undefined for guests and the bootstrap token. */
  user: User | undefined;
  role: Role | undefined;
  /** The name their actions carry ("Last edited by …", the audit log): the account's, or "Moderator". */
  name: string;
  permissions: ReadonlySet<Permission>;
  /** Signed-in sessions: the CSRF token as pages show it (masked afresh per request) … */
  csrf: string | undefined;
  /** … and as stored, to check what a form sends back. */
  csrfSecret: string | undefined;
  sessionToken: string | undefined;
  /** The guest's reader id from its signed cookie (set on a first write); also set for signed-in readers. */
  readerId: string | undefined;
  /** A keyed digest of the network the request came from (never the address itself). */
  network: string;
}

export const can = (c: Caller, permission: Permission): boolean => c.permissions.has(permission);
/** Signed in through the browser (a session, with its CSRF token), as opposed to a script's token. */
export const hasSession = (c: Caller): boolean => c.via === 'session' && c.user !== undefined;
export const isVerified = (c: Caller): boolean => c.user?.email_verified_at != null;
export const isStaff = (role: Role | undefined): boolean => role !== undefined && STAFF_ROLES.includes(role);

/** The account of a caller a page requires to be signed in (access 'signed-in'); 401 for anyone else. */
export function signedInUser(c: Caller): User {
  if (!hasSession(c) || !c.user) throw new AppError(401, 'UNAUTHORIZED', 'Sign in to see your account');
  return c.user;
}
