// Personal API tokens with a scope. The token is shown once; only its digest is stored (accounts.repo.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { digest, randomToken } from '../../platform/secrets.js';
import type { TokenScope } from './permissions.js';
import { findApiTokenUser, insertApiToken, listApiTokensOf, markApiTokenUsed, revokeApiToken, type User } from './accounts.repo.js';

export const TOKEN_PREFIX = 'gzt_';

export function createApiTokensService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async create(userId: number, name: string, scope: TokenScope): Promise<{ id: number; token: string }> {
      const token = TOKEN_PREFIX + randomToken();
      const row = await insertApiToken(db, {
        user_id: userId, name, scope, token_hash: digest(token), created_at: clock().toISOString(), last_used_at: null, revoked_at: null,
      });
      return { id: row.id, token };
    },
    list: (userId: number) => listApiTokensOf(db, userId),
    async revoke(userId: number, id: number): Promise<void> {
      if (!(await revokeApiToken(db, userId, id, clock().toISOString()))) throw new AppError(404, 'TOKEN_NOT_FOUND', 'No such active token');
    },
    /** The active user and scope behind a bearer token, or undefined. */
    async resolve(token: string): Promise<{ user: User; scope: TokenScope } | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const found = await findApiTokenUser(db, digest(token));
      if (!found || found.user.status !== 'active') return undefined;
      await markApiTokenUsed(db, found.tokenId, clock().toISOString());
      return { user: found.user, scope: found.scope as TokenScope };
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
