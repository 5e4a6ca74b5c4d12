// The few statements backup and restore run on a database file or server directly (outside the app's
// connection): is it a healthy Gazette database, and does it hold a site yet.
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** undefined when the file is a sound Gazette database; else why it is not. */
export function sqliteProblem(db: SqliteDatabase.Database): string | undefined {
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') return `its integrity check failed (${String(check)})`;
  const table = db.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  return table ? undefined : 'it is not a Gazette database (no migrations table)';
}

/** Whether a SQLite database already holds a site (accounts or articles). */
export function sqliteHasSite(db: SqliteDatabase.Database): boolean {
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name in ('users', 'articles')").all() as { name: string }[];
  return tables.some(({ name }) => (db.prepare(`select count(*) as n from ${name === 'users' ? 'users' : 'articles'}`).get() as { n: number }).n > 0);
}

/** Whether a PostgreSQL database already holds a site (accounts or articles). */
export async function postgresHasSite(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(`select (case when to_regclass('users') is null then 0 else (select count(*) from users) end)
      + (case when to_regclass('articles') is null then 0 else (select count(*) from articles) end) as n`);
    return Number(r.rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}
