// The dated migrations, in order, and the runner that applies them on either dialect (at start-up and via
// `npm run migrate`). A new migration is a new dated file added to the list; a merged one is never edited.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from '../platform/db/database.js';
import * as initial from './2026-11-23-0001-initial.js';
import * as accounts from './2026-11-23-0002-accounts-jobs-mail.js';
import * as moderation from './2026-11-23-0003-moderation.js';
import * as signInAndVotes from './2026-12-01-0004-sign-in-and-votes.js';
import * as domainEvents from './2026-12-01-0005-domain-events.js';
import * as campaignAmounts from './2026-12-01-0006-campaign-amounts-bigint.js';
import * as donations from './2026-12-01-0007-donations.js';
import * as raisedIntoLedger from './2026-12-01-0008-raised-into-ledger.js';
import * as notifications from './2026-12-01-0009-notifications.js';
import * as inlineFeedback from './2026-12-01-0010-inline-feedback.js';
import * as commentsByUser from './2026-12-01-0011-comments-by-user.js';
import * as articleSearch from './2026-12-01-0012-article-search.js';
import * as siteStructure from './2026-12-02-0013-site-structure.js';
import * as bylineLinks from './2026-12-02-0014-byline-links.js';
import * as listingIndexes from './2026-12-02-0015-listing-indexes.js';
import * as rateLimits from './2026-12-02-0016-rate-limits.js';
import * as commentWriteAndThreadIndexes from './2026-12-02-0017-comment-write-and-thread-indexes.js';
import * as rateLimitsUnlogged from './2026-12-02-0018-rate-limits-unlogged.js';
import * as searchVectorInline from './2026-12-02-0019-search-vector-inline.js';
import * as indexesForCommentDeletes from './2026-12-02-0020-indexes-for-comment-deletes.js';
import * as listingWalkIndexes from './2026-12-03-0021-listing-walk-indexes.js';
import * as authorIndexesWithoutNulls from './2026-12-03-0022-author-indexes-without-nulls.js';

type DialectMigration = { up: (db: any, dialect: Db['dialect']) => Promise<void> };

// Ordered by name; a new migration is a new dated file added here. Never edit a merged one.
const migrations: Record<string, DialectMigration> = {
  '2026-11-23-0001-initial': initial,
  '2026-11-23-0002-accounts-jobs-mail': accounts,
  '2026-11-23-0003-moderation': moderation,
  '2026-12-01-0004-sign-in-and-votes': signInAndVotes,
  '2026-12-01-0005-domain-events': domainEvents,
  '2026-12-01-0006-campaign-amounts-bigint': campaignAmounts,
  '2026-12-01-0007-donations': donations,
  '2026-12-01-0008-raised-into-ledger': raisedIntoLedger,
  '2026-12-01-0009-notifications': notifications,
  '2026-12-01-0010-inline-feedback': inlineFeedback,
  '2026-12-01-0011-comments-by-user': commentsByUser,
  '2026-12-01-0012-article-search': articleSearch,
  '2026-12-02-0013-site-structure': siteStructure,
  '2026-12-02-0014-byline-links': bylineLinks,
  '2026-12-02-0015-listing-indexes': listingIndexes,
  '2026-12-02-0016-rate-limits': rateLimits,
  '2026-12-02-0017-comment-write-and-thread-indexes': commentWriteAndThreadIndexes,
  '2026-12-02-0018-rate-limits-unlogged': rateLimitsUnlogged,
  '2026-12-02-0019-search-vector-inline': searchVectorInline,
  '2026-12-02-0020-indexes-for-comment-deletes': indexesForCommentDeletes,
  '2026-12-03-0021-listing-walk-indexes': listingWalkIndexes,
  '2026-12-03-0022-author-indexes-without-nulls': authorIndexesWithoutNulls,
};

function migratorOf({ db, dialect }: Db): Migrator {
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(
        Object.entries(migrations).map(([name, m]): [string, Migration] => [name, { up: (k) => m.up(k, dialect) }]),
      );
    },
  };
  return new Migrator({ db, provider });
}

async function run(result: Promise<MigrationResultSet>): Promise<string[]> {
  const { error, results } = await result;
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const migrateToLatest = (db: Db): Promise<string[]> => run(migratorOf(db).migrateToLatest());

/** Applies the migrations up to and including `name` (a data migration's test starts from the schema before it). */
export const migrateUpTo = (db: Db, name: keyof typeof migrations & string): Promise<string[]> => run(migratorOf(db).migrateTo(name));
