// better-sqlite3 compiles SQL text on every prepare(), and Kysely's SQLite driver prepares every query it
// runs. Our queries repeat with new parameters (the article page's freshness check runs on every request),
// so prepared statements are kept by their SQL text, least recently used out first. A statement still
// being iterated (a streamed select) is never handed out twice: that query gets a fresh statement.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts keep a prepared statement (lists of `in (?, ?, …)` make a few variants). */
const STATEMENT_CACHE_SIZE = 500;

export interface CachingDatabase extends SqliteDatabase {
  /** Statements held now (for tests and diagnostics). */
  readonly cachedStatements: number;
}

/** The database as Kysely's SQLite dialect sees it, with prepare() answered from the cache. */
export function withStatementCache(sqlite: BetterSqlite3.Database, max = STATEMENT_CACHE_SIZE): CachingDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(text: string): SqliteStatement {
      const held = statements.get(text);
      if (held && !held.busy) {
        statements.delete(text);
        statements.set(text, held);
        return held;
      }
      const fresh = sqlite.prepare(text);
      if (held) return fresh; // the held one is mid-iteration; keep it for later calls
      statements.set(text, fresh);
      if (statements.size > max) statements.delete(statements.keys().next().value!);
      return fresh;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
    get cachedStatements() {
      return statements.size;
    },
  };
}
