// `gazette backup` / `gazette restore`: the whole site's database.
//
// SQLite: an online backup (SQLite's backup API through better-sqlite3): a consistent copy taken while the
// server keeps running. Restore checks the file (integrity check, a Gazette database), then copies it into
// the site's database with the same API, so even a process that still has the file open sees the restored
// pages rather than a file swapped under it.
// PostgreSQL: pg_dump (custom format) and pg_restore (--clean --if-exists --no-owner, one transaction), which
// must be on the PATH (Debian: apt install postgresql-client, of the server's major version or newer).
//
// Restore replaces everything: it refuses a database that holds a site (accounts or articles) unless told
// `force`. Stop the server (every instance) before restoring, and start it afterwards: it migrates a backup
// from an older Gazette to the current schema at start. Uploaded images live in MEDIA_DIR, not in the
// database: copy that folder alongside the backup.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { dialectOf } from '../../platform/db/database.js';
import { postgresHasSite, sqliteHasSite, sqliteProblem } from './backup.repo.js';

/** What the person can fix (a missing tool, a refused restore, a bad file): the CLI's exit code 1 with the message. */
export class BackupError extends Error {}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT'
      ? new BackupError(`${command} is not on the PATH: install PostgreSQL's client tools (Debian: apt install postgresql-client) of the server's version or newer`)
      : err));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit code ${code}): ${stderr.trim().slice(0, 2000)}`))));
  });
}

const sqliteFile = (url: string) => url.slice('sqlite:'.length);

export async function backupDatabase(databaseUrl: string, file: string): Promise<void> {
  if (dialectOf(databaseUrl) === 'postgres') return run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${databaseUrl}`]);
  const source = sqliteFile(databaseUrl);
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source}`);
  if (fs.existsSync(file)) throw new BackupError(`${file} exists already: choose a new file name`);
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(file);
  } finally {
    db.close();
  }
}

export async function restoreDatabase(databaseUrl: string, file: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`There is no backup at ${file}`);
  const refuse = () => new BackupError('The site\'s database holds a site already, and a restore replaces all of it: stop the server, then run the restore again with --force');
  if (dialectOf(databaseUrl) === 'postgres') {
    if (!opts.force && (await postgresHasSite(databaseUrl))) throw refuse();
    return run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${databaseUrl}`, file]);
  }
  let backup: SqliteDatabase.Database;
  try {
    backup = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const problem = sqliteProblem(backup);
    if (problem) throw new BackupError(`${file} cannot be restored: ${problem}`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a SQLite database (${(err as Error).message})`);
  }
  try {
    const target = sqliteFile(databaseUrl);
    if (fs.existsSync(target) && !opts.force) {
      const current = new SqliteDatabase(target, { readonly: true, fileMustExist: true });
      try { if (sqliteHasSite(current)) throw refuse(); } finally { current.close(); }
    }
    await backup.backup(target);
  } finally {
    backup.close();
  }
}
