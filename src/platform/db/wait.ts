// Start-up check of the database: one clear line per failed attempt (URL with the password masked,
// and what failed), retries with back-off while a PostgreSQL server may still be starting, and a
// DatabaseUnavailableError when it never answers (the entry point exits with EX_UNAVAILABLE).
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, dialectOf } from './database.js';

export class DatabaseUnavailableError extends Error {}

/** The database URL fit for a log line: a password (in the user part or the query) becomes ***. */
export function redactUrl(url: string): string {
  if (dialectOf(url) === 'sqlite') return url;
  let u: URL;
  try { u = new URL(url); } catch { return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@'); }
  if (u.password) u.password = '***';
  for (const key of [...u.searchParams.keys()]) if (/pass/i.test(key)) u.searchParams.set(key, '***');
  return u.toString().replace(/%2A%2A%2A/gi, '***');
}

/** What went wrong, on one line (a connection to "localhost" may fail once per address it resolves to). */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return [...new Set(err.errors.map(describeError))].join('; ');
  const e = err as { message?: string; code?: string } | null;
  const text = e?.message || e?.code || String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Opens one connection, asks `select 1` and closes it; throws what the driver threw. */
export async function probeDatabase(url: string, timeoutMs: number): Promise<void> {
  if (dialectOf(url) === 'sqlite') {
    const db = createDb(url);
    try { await sql`select 1`.execute(db.db); } finally { await db.close(); }
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: Math.max(500, timeoutMs) });
  // A connection that fails after connect() resolved would otherwise crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

export interface WaitOptions {
  /** How long to keep trying a PostgreSQL server (0: one attempt). SQLite is tried once: its errors do not pass. */
  waitSeconds: number;
  log: (line: string) => void;
  probe?: (url: string, timeoutMs: number) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Resolves once the database answers; throws DatabaseUnavailableError (one line) when it does not in time. */
export async function waitForDatabase(url: string, opts: WaitOptions): Promise<void> {
  const probe = opts.probe ?? probeDatabase;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const where = redactUrl(url);
  if (dialectOf(url) === 'sqlite') {
    try { await probe(url, 0); } catch (err) {
      throw new DatabaseUnavailableError(`Cannot open the SQLite database at ${url.slice('sqlite:'.length)}: ${describeError(err)}`);
    }
    return;
  }
  const start = now();
  const deadline = start + opts.waitSeconds * 1000;
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await probe(url, Math.min(MAX_DELAY_MS, Math.max(deadline - now(), FIRST_DELAY_MS)));
      if (attempt > 1) opts.log(`Reached the database at ${where} after ${attempt} attempts (${seconds(now() - start)})`);
      return;
    } catch (err) {
      const line = `Cannot reach the database at ${where}: ${describeError(err)}`;
      const left = deadline - now();
      if (left <= 0) {
        throw new DatabaseUnavailableError(opts.waitSeconds > 0
          ? `${line}; gave up after ${seconds(now() - start)} (DATABASE_WAIT_SECONDS=${opts.waitSeconds})`
          : `${line} (DATABASE_WAIT_SECONDS=0: no retry)`);
      }
      const wait = Math.min(delay, left);
      opts.log(`${line}; retrying in ${seconds(wait)}`);
      await sleep(wait);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
