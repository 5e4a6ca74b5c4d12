// Accounts: sign-up with e-mail verification, login with lock-out, DB-backed sessions, password reset,
// invitations with a role, role changes, deactivation, data export and account deletion.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, UsersTable } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { digest, randomToken } from '../../platform/secrets.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './permissions.js';

export type User = Selectable<UsersTable>;
type DB = Kysely<Database> | Transaction<Database>;

export interface AccountsOptions {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  baseUrl: string;
  siteName: () => string;
  sessionTtlMs?: number;
  maxFailedLogins?: number;
  lockoutMs?: number;
}

const HOUR = 3_600_000;
const TTL = { verify: 48 * HOUR, reset: HOUR, invite: 7 * 24 * HOUR } as const;

export const PASSWORD_MIN = 10;

export function publicUser(u: User) {
  return { id: u.id, email: u.email, displayName: u.display_name, role: u.role, status: u.status, emailVerified: u.email_verified_at !== null, createdAt: u.created_at };
}

export function createAccountsService(opts: AccountsOptions) {
  const { db, clock, mailer, baseUrl } = opts;
  const sessionTtlMs = opts.sessionTtlMs ?? 30 * 24 * HOUR;
  const maxFailed = opts.maxFailedLogins ?? 5;
  const lockoutMs = opts.lockoutMs ?? 15 * 60_000;
  const iso = (offsetMs = 0) => new Date(clock().getTime() + offsetMs).toISOString();

  async function issueToken(tx: DB, userId: number, purpose: keyof typeof TTL): Promise<string> {
    const token = randomToken();
    await tx.insertInto('user_tokens').values({
      user_id: userId, purpose, token_hash: digest(token), expires_at: iso(TTL[purpose]), used_at: null, created_at: iso(),
    }).execute();
    return token;
  }

  /** Marks a single-use token used and returns its user id; expired, reused or unknown → 400. */
  async function consumeToken(tx: DB, token: string, purpose: keyof typeof TTL): Promise<number> {
    const row = await tx.selectFrom('user_tokens').selectAll().where('token_hash', '=', digest(token)).where('purpose', '=', purpose).executeTakeFirst();
    if (!row) throw new AppError(400, 'TOKEN_INVALID', 'This link is not valid');
    if (row.used_at) throw new AppError(400, 'TOKEN_USED', 'This link has already been used');
    if (row.expires_at <= iso()) throw new AppError(400, 'TOKEN_EXPIRED', 'This link has expired');
    const updated = await tx.updateTable('user_tokens').set({ used_at: iso() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError(400, 'TOKEN_USED', 'This link has already been used');
    return row.user_id;
  }

  const findByEmail = (tx: DB, email: string) => tx.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  const findById = (tx: DB, id: number) => tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

  async function insertUser(tx: DB, u: { email: string; displayName: string; role: Role; passwordHash: string | null; status: User['status']; verified: boolean }) {
    try {
      return await tx.insertInto('users').values({
        email: u.email.trim().toLowerCase(), display_name: u.displayName, password_hash: u.passwordHash, role: u.role, status: u.status,
        email_verified_at: u.verified ? iso() : null, failed_logins: 0, locked_until: null, created_at: iso(), updated_at: iso(),
      }).returningAll().executeTakeFirstOrThrow();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(409, 'EMAIL_TAKEN', 'An account with this e-mail already exists', 'email');
      throw err;
    }
  }

  const link = (path: string, token: string) => `${baseUrl}${path}?token=${encodeURIComponent(token)}`;

  async function queueVerification(tx: DB, user: User) {
    const token = await issueToken(tx, user.id, 'verify');
    await mailer.queue(tx, {
      to: user.email,
      subject: `Confirm your e-mail for ${opts.siteName()}`,
      text: `Hello ${user.display_name},\n\nplease confirm your e-mail address by opening this link within 48 hours:\n\n${link('/account/verify', token)}\n\nIf you did not create an account, ignore this message.\n`,
    });
  }

  return {
    findById: (id: number) => findById(db, id),
    findByEmail: (email: string) => findByEmail(db, email),

    /** Active admins. The site is "set up" once there is one (the last admin can never be removed). */
    async countAdmins(): Promise<number> {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin').where('status', '=', 'active').executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** A reader signs up; the verification mail is queued in the same transaction. */
    async register(input: { email: string; password: string; displayName: string }): Promise<User> {
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (tx) => {
        const user = await insertUser(tx, { ...input, role: 'reader', passwordHash, status: 'active', verified: false });
        await queueVerification(tx, user);
        return user;
      });
    },

    /** Creates an active, verified account directly (first-run setup, command line). */
    async createUser(input: { email: string; password: string; displayName: string; role: Role }): Promise<User> {
      return insertUser(db, { ...input, passwordHash: await hashPassword(input.password), status: 'active', verified: true });
    },

    async resendVerification(userId: number): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await findById(tx, userId);
        if (user && !user.email_verified_at) await queueVerification(tx, user);
      });
    },

    async verifyEmail(token: string): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const userId = await consumeToken(tx, token, 'verify');
        return tx.updateTable('users').set({ email_verified_at: iso(), updated_at: iso() }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
      });
    },

    /** Checks credentials; consecutive failures lock the account for a while. */
    async authenticate(email: string, password: string): Promise<User> {
      const user = await findByEmail(db, email);
      const invalid = new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not right');
      if (!user || user.status === 'deleted' || user.status === 'invited') {
        await verifyPassword(await dummyHash(), password);
        throw invalid;
      }
      if (user.locked_until && user.locked_until > iso()) {
        throw new AppError(429, 'ACCOUNT_LOCKED', 'Too many failed attempts: this account is locked for a few minutes');
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        // Counted in SQL, so parallel guesses cannot all read the same count.
        const after = await db.updateTable('users').set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
          .where('id', '=', user.id).returning('failed_logins').executeTakeFirstOrThrow();
        if (after.failed_logins >= maxFailed) {
          await db.updateTable('users').set({ failed_logins: 0, locked_until: iso(lockoutMs) }).where('id', '=', user.id).execute();
          throw new AppError(429, 'ACCOUNT_LOCKED', 'Too many failed attempts: this account is locked for a few minutes');
        }
        throw invalid;
      }
      if (user.status === 'deactivated') throw new AppError(403, 'ACCOUNT_DEACTIVATED', 'This account has been deactivated');
      await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      return user;
    },

    // Sessions: the cookie holds a random id; the database holds its digest and the CSRF token.
    async createSession(userId: number, replacing?: string): Promise<{ token: string; csrf: string }> {
      const token = randomToken();
      const csrf = randomToken(24);
      await db.transaction().execute(async (tx) => {
        if (replacing) await tx.deleteFrom('sessions').where('id_hash', '=', digest(replacing)).execute();
        await tx.insertInto('sessions').values({ id_hash: digest(token), user_id: userId, csrf_token: csrf, created_at: iso(), expires_at: iso(sessionTtlMs) }).execute();
      });
      return { token, csrf };
    },

    async resolveSession(token: string): Promise<{ user: User; csrf: string } | undefined> {
      const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users').select(['sessions.csrf_token', 'sessions.expires_at'])
        .where('sessions.id_hash', '=', digest(token)).executeTakeFirst();
      if (!row || row.expires_at <= iso() || row.status !== 'active') return undefined;
      const { csrf_token, expires_at: _e, ...user } = row;
      return { user: user as User, csrf: csrf_token };
    },

    async endSession(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', digest(token)).execute();
    },

    async endAllSessions(userId: number): Promise<void> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    /** Always succeeds from the caller's view, so it reveals nothing about which e-mails have accounts. */
    async requestPasswordReset(email: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await findByEmail(tx, email);
        if (!user || user.status !== 'active') return;
        const token = await issueToken(tx, user.id, 'reset');
        await mailer.queue(tx, {
          to: user.email,
          subject: `Reset your ${opts.siteName()} password`,
          text: `Hello ${user.display_name},\n\nsomeone asked to reset the password of your account. To choose a new password, open this link within an hour (it works once):\n\n${link('/account/reset', token)}\n\nIf it was not you, ignore this message; your password stays as it is.\n`,
        });
      });
    },

    /** Sets a new password from a reset link and signs the account out everywhere. */
    async resetPassword(token: string, password: string): Promise<User> {
      const passwordHash = await hashPassword(password);
      return db.transaction().execute(async (tx) => {
        const userId = await consumeToken(tx, token, 'reset');
        await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        return tx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: iso() })
          .where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
      });
    },

    async invite(input: { email: string; role: Role; invitedBy: string }): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await insertUser(tx, { email: input.email, displayName: input.email.split('@')[0]!, role: input.role, passwordHash: null, status: 'invited', verified: false });
        const token = await issueToken(tx, user.id, 'invite');
        await mailer.queue(tx, {
          to: user.email,
          subject: `You are invited to ${opts.siteName()}`,
          text: `Hello,\n\n${input.invitedBy} invited you to join ${opts.siteName()} as ${input.role}. Choose your name and password within 7 days here:\n\n${link('/account/invite', token)}\n`,
        });
        return user;
      });
    },

    async acceptInvite(token: string, input: { displayName: string; password: string }): Promise<User> {
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (tx) => {
        const userId = await consumeToken(tx, token, 'invite');
        return tx.updateTable('users').set({
          display_name: input.displayName, password_hash: passwordHash, status: 'active', email_verified_at: iso(), updated_at: iso(),
        }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
      });
    },

    async list(): Promise<User[]> {
      return db.selectFrom('users').selectAll().where('status', '!=', 'deleted').orderBy('id').execute();
    },

    async setRole(userId: number, role: Role): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await findById(tx, userId);
        if (!user || user.status === 'deleted') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (user.role === 'admin' && role !== 'admin') await ensureAnotherAdmin(tx, userId);
        return tx.updateTable('users').set({ role, updated_at: iso() }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
      });
    },

    async setActive(userId: number, active: boolean): Promise<User> {
      return db.transaction().execute(async (tx) => {
        const user = await findById(tx, userId);
        if (!user || user.status === 'deleted' || user.status === 'invited') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (!active && user.role === 'admin') await ensureAnotherAdmin(tx, userId);
        if (!active) await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        return tx.updateTable('users').set({ status: active ? 'active' : 'deactivated', updated_at: iso() }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
      });
    },

    /** Everything Gazette holds about a person, as JSON. */
    async exportData(userId: number) {
      const user = await findById(db, userId);
      if (!user) throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
      const comments = await db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
        .select(['comments.id', 'articles.slug as article', 'comments.parent_id', 'comments.body', 'comments.status', 'comments.created_at', 'comments.edited_at', 'comments.up', 'comments.down'])
        .where('comments.user_id', '=', userId).orderBy('comments.id').execute();
      const tokens = await db.selectFrom('api_tokens').select(['name', 'scope', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).execute();
      return { exportedAt: iso(), account: publicUser(user), comments, apiTokens: tokens };
    },

    /** Deletes the account; its comments stay as by "deleted user", or are removed. */
    async deleteAccount(userId: number, comments: 'keep' | 'remove'): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await findById(tx, userId);
        if (!user || user.status === 'deleted') throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
        if (user.role === 'admin') await ensureAnotherAdmin(tx, userId);
        const own = await tx.selectFrom('comments').select(['id', 'article_id']).where('user_id', '=', userId).execute();
        if (comments === 'remove' && own.length > 0) {
          const ids = own.map((c) => c.id);
          // Comments that carry replies stay as placeholders; the others go.
          const parents = new Set((await tx.selectFrom('comments').select('parent_id').where('parent_id', 'in', ids).execute()).map((r) => r.parent_id));
          const keep = ids.filter((id) => parents.has(id));
          const drop = ids.filter((id) => !parents.has(id));
          if (keep.length) await tx.updateTable('comments').set({ status: 'deleted', body: '', body_html: '' }).where('id', 'in', keep).execute();
          if (drop.length) await tx.deleteFrom('comments').where('id', 'in', drop).execute();
        }
        await tx.updateTable('comments').set({ author_name: 'deleted user', author_email: '', user_id: null, author_role: null, reader_id: null })
          .where('user_id', '=', userId).execute();
        for (const articleId of new Set(own.map((c) => c.article_id))) {
          await tx.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', articleId).execute();
        }
        await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await tx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
        await tx.deleteFrom('user_tokens').where('user_id', '=', userId).execute();
        await tx.updateTable('users').set({
          status: 'deleted', email: `deleted-${userId}@invalid`, display_name: 'deleted user', password_hash: null, updated_at: iso(),
        }).where('id', '=', userId).execute();
      });
    },
  };

  async function ensureAnotherAdmin(tx: DB, userId: number) {
    const other = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active').where('id', '!=', userId).limit(1).executeTakeFirst();
    if (!other) throw new AppError(409, 'LAST_ADMIN', 'The last active admin cannot lose the role, be deactivated or be deleted');
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>;
