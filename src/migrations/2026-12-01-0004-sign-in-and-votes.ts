// Hardening of accounts and votes. Frozen once merged.
// - Failed sign-ins are counted per account key (digest of the e-mail, known or not) *and* network, so
//   a stranger's guesses lock only the stranger's network out, never the owner's.
// - Single-use links can be revoked (a used reset link or a password change revokes the others).
// - A vote belongs to a voter: the account of a signed-in reader, or the cookie of a guest.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createTable('login_failures')
    .addColumn('account_key', 'text', (c) => c.notNull()) // digest of the lower-cased e-mail
    .addColumn('network', 'text', (c) => c.notNull()) // keyed digest of the IP address
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addPrimaryKeyConstraint('login_failures_pk', ['account_key', 'network'])
    .execute();
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();

  await db.schema.alterTable('user_tokens').addColumn('revoked_at', 'text').execute();

  // "user:<id>" for a signed-in reader, the reader cookie's id for a guest.
  await db.schema.alterTable('votes').renameColumn('reader_id', 'voter').execute();
}
