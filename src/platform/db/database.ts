// Kysely factory for both supported databases: embedded SQLite (default, WAL) and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { withStatementCache, type CachingDatabase } from './statement-cache.js';
import { SAFETY_NET_PAGES, startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The connection URL (PostgreSQL notifications need a connection of their own). */
  url: string;
  /**
   * For transactions whose commit need not wait for the disk flush (TransactionOptions.waitForFlush in
   * platform/events/event-bus.ts): on PostgreSQL a small pool of its own whose sessions have
   * `synchronous_commit = off` (no extra statement per transaction); on SQLite `db` itself (WAL with
   * synchronous=NORMAL never waits for the flush at commit).
   */
  unflushed: Kysely<Database>;
  /** SQLite on a file: the thread that checkpoints its WAL. */
  checkpointer?: WalCheckpointer;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (COUNT, SUM) as strings; our counts always fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function dialectOf(url: string): DialectName {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/**
 * SQLite transactions that take the write lock at `begin` (BEGIN IMMEDIATE), waiting up to busy_timeout for
 * it. For several processes on one file (cluster workers): a deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY when another process writes or has written meanwhile (an upgrade from reading
 * to writing is never waited for). One process has one connection, whose transactions never overlap.
 */
function beginImmediate(database: CachingDatabase): CachingDatabase {
  return Object.assign(Object.create(database) as CachingDatabase, {
    prepare: (text: string) => database.prepare(text === 'begin' ? 'begin immediate' : text),
  });
}

export function createDb(url: string, opts: { sharedWithOtherProcesses?: boolean; onCheckpointError?: (message: string) => void } = {}): Db {
  if (dialectOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    // WAL keeps readers and the writer apart; NORMAL sync survives a process crash (kill -9),
    // since committed pages are in the WAL file before the statement returns.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's own lower() folds ASCII letters only; searches compare lower() on both sides, so it folds
    // every letter here, as PostgreSQL's does ("ÉMILE" finds "Émile" on both). No index uses lower().
    sqlite.function('lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
    const cached = withStatementCache(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: opts.sharedWithOtherProcesses ? beginImmediate(cached) : cached }) });
    if (file === ':memory:') return { db, unflushed: db, dialect: 'sqlite', url, close: () => db.destroy() };
    // Checkpoints run in a thread of their own (wal-checkpointer.ts), not inside a request's commit.
    sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    const checkpointer = startWalCheckpointer(path.resolve(file), opts.onCheckpointError);
    return { db, unflushed: db, dialect: 'sqlite', url, checkpointer, close: async () => { await checkpointer.stop(); await db.destroy(); } };
  }
  const db = postgresPool(url, 10);
  const unflushed = postgresPool(url, 4, '-c synchronous_commit=off');
  return { db, unflushed, dialect: 'postgres', url, close: async () => { await unflushed.destroy(); await db.destroy(); } };
}

function postgresPool(url: string, max: number, options?: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max, ...(options !== undefined && { options }) });
  // An idle connection the server closed (restart, fail-over, pg_terminate_backend) is dropped and
  // replaced by the pool; without a listener its 'error' event would crash the whole process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * `column contains text` in any case, for a text a person typed: `%`, `_` and `\` in it match themselves.
 * (`lower()` folds every letter on both dialects: see createDb.)
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * Holds a lock named `key` until the transaction ends: on PostgreSQL an advisory transaction lock (another
 * transaction asking for the same key waits for this one to commit, and then sees what it wrote); SQLite runs
 * one write transaction at a time, so there is nothing to do. For read-then-write changes to a row that may
 * not exist yet (a payment's ledger row, a month's campaign total).
 */
export async function lockKey(tx: Transaction<Database>, dialect: DialectName, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/** True when an error is a unique-constraint violation on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** One trivial query, for the health check: throws when the database does not answer. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
