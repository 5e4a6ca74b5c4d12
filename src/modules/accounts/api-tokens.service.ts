// Personal API tokens with a scope. The token is shown once; only its digest is stored.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { digest, randomToken } from '../../platform/secrets.js';
import type { TokenScope } from './permissions.js';
import type { User } from './accounts.service.js';

export const TOKEN_PREFIX = 'gzt_';

export function createApiTokensService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async create(userId: number, name: string, scope: TokenScope): Promise<{ id: number; token: string }> {
      const token = TOKEN_PREFIX + randomToken();
      const row = await db.insertInto('api_tokens').values({
        user_id: userId, name, scope, token_hash: digest(token), created_at: clock().toISOString(), last_used_at: null, revoked_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      return { id: row.id, token };
    },
    async list(userId: number) {
      return db.selectFrom('api_tokens').select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
        .where('user_id', '=', userId).orderBy('id', 'desc').execute();
    },
    async revoke(userId: number, id: number): Promise<void> {
      const r = await db.updateTable('api_tokens').set({ revoked_at: clock().toISOString() })
        .where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(404, 'TOKEN_NOT_FOUND', 'No such active token');
    },
    /** The active user and scope behind a bearer token, or undefined. */
    async resolve(token: string): Promise<{ user: User; scope: TokenScope } | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users').select(['api_tokens.id as token_id', 'api_tokens.scope'])
        .where('api_tokens.token_hash', '=', digest(token)).where('api_tokens.revoked_at', 'is', null).executeTakeFirst();
      if (!row || row.status !== 'active') return undefined;
      await db.updateTable('api_tokens').set({ last_used_at: clock().toISOString() }).where('id', '=', row.token_id).execute();
      const { token_id: _t, scope, ...user } = row;
      return { user: user as User, scope: scope as TokenScope };
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
