// Accounts: sign-up with e-mail verification, sign-in with a lock-out per account and network, DB-backed
// sessions, password reset and change, invitations with a role, role changes, deactivation, data export
// and account deletion. Sign-up and sign-in answer alike whether or not an address has an account.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { MemoryRateLimitStore, RateLimiter, type RateLimitStore } from '../../platform/http/rate-limit.js';
import type { Clock } from '../../platform/clock.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { digest, randomToken } from '../../platform/secrets.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import './accounts.events.js';
import { argon2Passwords, type Passwords } from './passwords.js';
import type { Role } from './permissions.js';
import * as repo from './accounts.repo.js';
import type { LinkPurpose, User } from './accounts.repo.js';
import { createUserImport } from './imported-users.js';

export type { User } from './accounts.repo.js';
type DB = Kysely<Database> | Transaction<Database>;

export interface AccountsOptions {
  db: Kysely<Database>;
  /** Deleting an account is announced (account.deleted): modules that hold a person's data act on it. */
  events: EventBus;
  /** Other modules' parts of a person's data export, by name (e.g. their comments). */
  exportSections?: Record<string, (userId: number) => Promise<unknown>>;
  clock: Clock;
  mailer: Mailer;
  /** Where the sign-up notices per account are counted (default: this process's memory, as in the CLI). */
  rateLimits?: RateLimitStore;
  baseUrl: string;
  siteName: () => string;
  passwords?: Passwords;
  sessionTtlMs?: number;
  /** Failed sign-ins from one network, within lockoutMs, that lock that network out of the account. */
  maxFailedLogins?: number;
  lockoutMs?: number;
}

const HOUR = 3_600_000;
const TTL: Record<LinkPurpose, number> = { verify: 48 * HOUR, reset: HOUR, invite: 7 * 24 * HOUR };

export const PASSWORD_MIN = 10;
/** Users shown per page of the users list. */
export const USERS_PER_PAGE = 50;

export function publicUser(u: User) {
  return { id: u.id, email: u.email, displayName: u.display_name, role: u.role, status: u.status, emailVerified: u.email_verified_at !== null, createdAt: u.created_at };
}

/** The key failed sign-ins are counted under: the same for an address with and without an account. */
const accountKey = (email: string) => digest(`login:${repo.normaliseEmail(email)}`);

export function createAccountsService(opts: AccountsOptions) {
  const { db, clock, mailer, baseUrl } = opts;
  const passwords = opts.passwords ?? argon2Passwords;
  const sessionTtlMs = opts.sessionTtlMs ?? 30 * 24 * HOUR;
  const maxFailed = opts.maxFailedLogins ?? 5;
  const lockoutMs = opts.lockoutMs ?? 15 * 60_000;
  const iso = (offsetMs = 0) => new Date(clock().getTime() + offsetMs).toISOString();
  // "Someone tried to sign up with your address" mails, per account: enough for a person, not a mail bomb.
  const signupNotices = new RateLimiter(opts.rateLimits ?? new MemoryRateLimitStore(), 'signup-notices', 3, HOUR, () => clock().getTime());

  const locked = () => new AppError(429, 'ACCOUNT_LOCKED', 'Too many failed attempts from your network: try again in a few minutes, or reset your password');
  const invalid = () => new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not right');

  async function issueLink(tx: DB, userId: number, purpose: LinkPurpose): Promise<string> {
    const token = randomToken();
    await repo.insertLink(tx, { user_id: userId, purpose, token_hash: digest(token), expires_at: iso(TTL[purpose]), used_at: null, created_at: iso() });
    return token;
  }

  /** Marks a single-use link used and returns its user id; expired, reused, revoked or unknown → 400. */
  async function consumeLink(tx: DB, token: string, purpose: LinkPurpose): Promise<number> {
    const row = await repo.findLink(tx, digest(token), purpose);
    if (!row) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
    if (row.used_at) throw new AppError(400, 'TOKEN_USED', 'This link has already been used');
    if (row.revoked_at) throw new AppError(400, 'TOKEN_REVOKED', 'This link no longer works: a newer one was used or the password was changed');
    if (row.expires_at <= iso()) throw new AppError(400, 'TOKEN_EXPIRED', 'This link has expired');
    if (!(await repo.markLinkUsed(tx, row.id, iso()))) throw new AppError(400, 'TOKEN_USED', 'This link has already been used');
    return row.user_id;
  }

  async function newUser(tx: DB, u: { email: string; displayName: string; role: Role; passwordHash: string | null; status: User['status']; verified: boolean }) {
    try {
      return await repo.insertUser(tx, {
        email: u.email, display_name: u.displayName, password_hash: u.passwordHash, role: u.role, status: u.status,
        email_verified_at: u.verified ? iso() : null, created_at: iso(), updated_at: iso(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(409, 'EMAIL_TAKEN', 'An account with this e-mail already exists', 'email');
      throw err;
    }
  }

  const link = (path: string, token: string) => `${baseUrl}${path}?token=${encodeURIComponent(token)}`;

  async function queueVerification(tx: DB, user: User) {
    const token = await issueLink(tx, user.id, 'verify');
    await mailer.queue(tx, {
      to: user.email,
      subject: `Confirm your e-mail for ${opts.siteName()}`,
      text: `Hello ${user.display_name},\n\nplease confirm your e-mail address by opening this link within 48 hours:\n\n${link('/account/verify', token)}\n\nIf you did not create an account, ignore this message.\n`,
    });
  }

  /** A sign-up for an address that has an account: its owner hears of it (and an unconfirmed owner gets a new link). */
  async function queueSignupNotice(tx: DB, user: User) {
    if (user.status === 'active' && !user.email_verified_at) return queueVerification(tx, user);
    const site = opts.siteName();
    const what = user.status === 'active'
      ? `You already have an account with this address. Sign in at ${baseUrl}/login, or choose a new password at ${baseUrl}/account/reset.`
      : user.status === 'invited'
        ? 'You were invited to the newsroom with this address: use the link in the invitation mail to choose your password.'
        : `The account with this address is deactivated; write to the editors of ${site} if you need it back.`;
    await mailer.queue(tx, {
      to: user.email,
      subject: `Someone tried to create an account at ${site} with your address`,
      text: `Hello,\n\nsomeone (perhaps you) tried to create an account at ${site} with this e-mail address.\n\n${what}\n\nIf it was not you, ignore this message: nothing has changed.\n`,
    });
  }

    /**
   * Checks credentials. Failures are counted per account key and network: five within the lock-out time
   * lock that network out for a while, the same for addresses with and without an account, and the
   * owner signing in from another network is not affected. Every path verifies one password hash.
   */
  async function authenticate(email: string, password: string, network: string): Promise<User> {
    const key = accountKey(email);
    const lockedUntil = await repo.loginLockedUntil(db, key, network);
    if (lockedUntil !== null && lockedUntil > iso()) throw locked();
    const user = await repo.findUserByEmail(db, email);
    const usable = user !== undefined && (user.status === 'active' || user.status === 'deactivated');
    const matches = await passwords.verify(usable ? user.password_hash : null, password);
    if (!matches || !usable) {
      const failures = await repo.countLoginFailure(db, key, network, iso(), iso(-lockoutMs));
      if (failures >= maxFailed) {
        await repo.lockLogin(db, key, network, iso(lockoutMs), iso());
        throw locked();
      }
      throw invalid();
    }
    if (user.status === 'deactivated') throw new AppError(403, 'ACCOUNT_DEACTIVATED', 'This account has been deactivated');
    await repo.clearLoginFailures(db, key, network);
    return user;
  }

  return {
    findById: (id: number) => repo.findUserById(db, id),
    findByEmail: (email: string) => repo.findUserByEmail(db, email),

    /** Active admins. The site is "set up" once there is one (the last admin can never be removed). */
    countAdmins: () => repo.countActive(db, 'admin'),

    /**
     * A reader signs up. The answer is the same whether or not the address has an account: a new account
     * gets a confirmation mail, an existing one's owner a notice. Both paths hash the password and queue
     * one mail, so neither the answer nor the work tells them apart.
     */
    async register(input: { email: string; password: string; displayName: string }): Promise<void> {
      const passwordHash = await passwords.hash(input.password);
      const noticeToOwner = async () => {
        // Counted before the transaction: a shared store's query never waits inside one.
        const owner = await repo.findUserByEmail(db, input.email);
        if (!owner || (await signupNotices.hit(`user:${owner.id}`)) > 0) return;
        await db.transaction().execute(async (tx) => {
          const existing = await repo.findUserByEmail(tx, input.email);
          if (existing) await queueSignupNotice(tx, existing);
        });
      };
      if (await repo.findUserByEmail(db, input.email)) return noticeToOwner();
      try {
        await db.transaction().execute(async (tx) => {
          const user = await newUser(tx, { ...input, role: 'reader', passwordHash, status: 'active', verified: false });
          await queueVerification(tx, user);
        });
      } catch (err) {
        // Two sign-ups for one new address at once: the second is like any sign-up for a taken address.
        if (err instanceof AppError && err.code === 'EMAIL_TAKEN') return noticeToOwner();
        throw err;
      }
    },

    /** Creates an active, verified account directly (first-run setup, command line). */
    async createUser(input: { email: string; password: string; displayName: string; role: Role }): Promise<User> {
      return newUser(db, { ...input, passwordHash: await passwords.hash(input.password), status: 'active', verified: true });
    },

    async resendVerification(userId: number): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await repo.findUserById(tx, userId);
        if (user && !user.email_verified_at) await queueVerification(tx, user);
      });
    },

    async verifyEmail(token: string): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const userId = await consumeLink(tx, token, 'verify');
        return repo.updateUser(tx, userId, { email_verified_at: iso(), updated_at: iso() });
      });
    },

    authenticate,

    // Sessions: the cookie holds a random id; the database holds its digest and the CSRF token.
    async createSession(userId: number, replacing?: string): Promise<{ token: string; csrf: string }> {
      const token = randomToken();
      const csrf = randomToken(24);
      await db.transaction().execute(async (tx) => {
        if (replacing) await repo.deleteSession(tx, digest(replacing));
        await repo.insertSession(tx, { id_hash: digest(token), user_id: userId, csrf_token: csrf, created_at: iso(), expires_at: iso(sessionTtlMs) });
      });
      return { token, csrf };
    },

    async resolveSession(token: string): Promise<{ user: User; csrf: string } | undefined> {
      const found = await repo.findSessionUser(db, digest(token));
      if (!found || found.expiresAt <= iso() || found.user.status !== 'active') return undefined;
      return { user: found.user, csrf: found.csrf };
    },

    endSession: (token: string) => repo.deleteSession(db, digest(token)),
    endAllSessions: (userId: number) => repo.deleteSessionsOf(db, userId),

    /** Always succeeds from the caller's view, so it reveals nothing about which e-mails have accounts. */
    async requestPasswordReset(email: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await repo.findUserByEmail(tx, email);
        if (!user || user.status !== 'active') return;
        const token = await issueLink(tx, user.id, 'reset');
        await mailer.queue(tx, {
          to: user.email,
          subject: `Reset your ${opts.siteName()} password`,
          text: `Hello ${user.display_name},\n\nsomeone asked to reset the password of your account. To choose a new password, open this link within an hour (it works once):\n\n${link('/account/reset', token)}\n\nIf it was not you, ignore this message; your password stays as it is.\n`,
        });
      });
    },

    /** Sets a new password from a reset link: every other reset link stops working, every session ends. */
    async resetPassword(token: string, password: string): Promise<User> {
      const passwordHash = await passwords.hash(password);
      return db.transaction().execute(async (tx) => {
        const userId = await consumeLink(tx, token, 'reset');
        return setPassword(tx, userId, passwordHash);
      });
    },

    /**
     * A signed-in person changes their password (the current one confirms it): reset links stop working
     * and every other session ends; the session that made the change stays.
     */
    async changePassword(userId: number, current: string, next: string, network: string, keepSession: string): Promise<User> {
      const user = await repo.findUserById(db, userId);
      if (!user) throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
      try {
        await authenticate(user.email, current, network);
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') throw new AppError(403, 'WRONG_PASSWORD', 'The current password is not right', 'currentPassword');
        throw err;
      }
      const passwordHash = await passwords.hash(next);
      return db.transaction().execute((tx) => setPassword(tx, userId, passwordHash, digest(keepSession)));
    },

    /** An imported site's author, without a password (imported-users.ts). */
    importUser: createUserImport({ db, clock }),

    async invite(input: { email: string; role: Role; invitedBy: string }): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await newUser(tx, { email: input.email, displayName: input.email.split('@')[0]!, role: input.role, passwordHash: null, status: 'invited', verified: false });
        const token = await issueLink(tx, user.id, 'invite');
        await mailer.queue(tx, {
          to: user.email,
          subject: `You are invited to ${opts.siteName()}`,
          text: `Hello,\n\n${input.invitedBy} invited you to join ${opts.siteName()} as ${input.role}. Choose your name and password within 7 days here:\n\n${link('/account/invite', token)}\n`,
        });
        return user;
      });
    },

    async acceptInvite(token: string, input: { displayName: string; password: string }): Promise<User> {
      const passwordHash = await passwords.hash(input.password);
      return db.transaction().execute(async (tx) => {
        const userId = await consumeLink(tx, token, 'invite');
        return repo.updateUser(tx, userId, { display_name: input.displayName, password_hash: passwordHash, status: 'active', email_verified_at: iso(), updated_at: iso() });
      });
    },

    /** One page (from 1) of the users who match the filter, with the number per role for the filter's links. */
    async listPage(filter: repo.UserFilter, page: number) {
      const counts = await repo.countUsersByRole(db, filter.search);
      const total = filter.role ? counts[filter.role] ?? 0 : Object.values(counts).reduce((a, b) => a + b, 0);
      const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
      const shown = Math.min(Math.max(1, page), pages);
      const users = await repo.findUsers(db, filter, { limit: USERS_PER_PAGE, offset: (shown - 1) * USERS_PER_PAGE });
      return { users, counts, total, page: shown, pages, offset: (shown - 1) * USERS_PER_PAGE };
    },

    async setRole(userId: number, role: Role): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await repo.findUserById(tx, userId);
        if (!user || user.status === 'deleted') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (user.role === 'admin' && role !== 'admin') await ensureAnotherAdmin(tx, userId);
        return repo.updateUser(tx, userId, { role, updated_at: iso() });
      });
    },

    /** Deactivation ends every session and revokes every API token for good; reactivation brings neither back. */
    async setActive(userId: number, active: boolean): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await repo.findUserById(tx, userId);
        if (!user || user.status === 'deleted' || user.status === 'invited') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (!active && user.role === 'admin') await ensureAnotherAdmin(tx, userId);
        if (!active) {
          await repo.deleteSessionsOf(tx, userId);
          await repo.revokeApiTokensOf(tx, userId, iso());
        }
        return repo.updateUser(tx, userId, { status: active ? 'active' : 'deactivated', updated_at: iso() });
      });
    },

    /** Everything Gazette holds about a person, as JSON. */
    async exportData(userId: number) {
      const user = await repo.findUserById(db, userId);
      if (!user) throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
      const sections: Record<string, unknown> = {};
      for (const [name, read] of Object.entries(opts.exportSections ?? {})) sections[name] = await read(userId);
      return { exportedAt: iso(), account: publicUser(user), ...sections, apiTokens: (await repo.listApiTokensOf(db, userId)).map(({ id: _id, ...token }) => token) };
    },

    /** Deletes the account; its comments stay as by "deleted user", or are removed. */
    async deleteAccount(userId: number, comments: 'keep' | 'remove'): Promise<void> {
      await opts.events.transaction(async (uow) => {
        const { tx } = uow;
        const user = await repo.findUserById(tx, userId);
        if (!user || user.status === 'deleted') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (user.role === 'admin') await ensureAnotherAdmin(tx, userId);
        await uow.emit('account.deleted', { userId, comments });
        await repo.deleteCredentialsOf(tx, userId);
        await repo.clearLoginFailures(tx, accountKey(user.email));
        await repo.updateUser(tx, userId, { status: 'deleted', email: `deleted-${userId}@invalid`, display_name: 'deleted user', password_hash: null, slug: null, bio: '', photo_image_id: null, updated_at: iso() });
      });
    },
  };

  /** A new password: earlier reset links revoked, failed sign-ins forgotten, sessions ended (but one). */
  async function setPassword(tx: DB, userId: number, passwordHash: string, keepSessionHash?: string): Promise<User> {
    const user = await repo.updateUser(tx, userId, { password_hash: passwordHash, updated_at: iso() });
    await repo.revokeLinks(tx, userId, 'reset', iso());
    await repo.deleteSessionsOf(tx, userId, keepSessionHash);
    await repo.clearLoginFailures(tx, accountKey(user.email));
    return user;
  }

  async function ensureAnotherAdmin(tx: DB, userId: number) {
    if ((await repo.countActive(tx, 'admin', userId)) === 0) {
      throw new AppError(409, 'LAST_ADMIN', 'The last active admin cannot lose the role, be deactivated or be deleted');
    }
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>;
