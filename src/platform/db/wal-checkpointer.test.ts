// SQLite's WAL checkpoints done by a thread of their own (wal-checkpointer.ts), not inside a request's commit.
// SQLite only: PostgreSQL has no WAL file for the application to checkpoint.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from './database.js';
import { SAFETY_NET_PAGES, startWalCheckpointer } from './wal-checkpointer.js';

describe('the SQLite checkpoint thread', () => {
  const opened: { db: Db; dir: string }[] = [];
  const open = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-wal-'));
    const db = createDb(`sqlite:${path.join(dir, 'site.db')}`);
    opened.push({ db, dir });
    return db;
  };
  afterEach(async () => {
    for (const { db, dir } of opened.splice(0)) { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  });

  /** Commits `n` transactions of about 4 KB each (one WAL page or more each). */
  async function write(db: Db, n: number) {
    await sql`create table if not exists notes (id integer primary key, body text not null)`.execute(db.db);
    for (let i = 0; i < n; i++) await sql`insert into notes (body) values (${'x'.repeat(4000)})`.execute(db.db);
  }

  it('leaves the main connection checkpointing only as a safety net, far above what the thread keeps', async () => {
    const db = open();
    const [row] = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.db)).rows;
    expect(row!.wal_autocheckpoint).toBe(SAFETY_NET_PAGES);
    expect(db.checkpointer).toBeDefined();
  });

  it('checkpoints what was committed, by itself, with the writer going on meanwhile', async () => {
    const db = open();
    await write(db, 400);
    // Without being asked, within a few of its rounds.
    await expect.poll(() => db.checkpointer!.stats().checkpoints, { timeout: 5000, interval: 50 }).toBeGreaterThan(0);
    await write(db, 50);
    const r = await db.checkpointer!.now();
    expect(r.log).toBeGreaterThan(0);
    expect(r.checkpointed).toBe(r.log); // every frame of the WAL is in the database file
    expect(db.checkpointer!.stats().errors).toBe(0);
    // The data is there, read through the main connection.
    const [count] = (await sql<{ n: number }>`select count(*) as n from notes`.execute(db.db)).rows;
    expect(count!.n).toBe(450);
  });

  it('stops with the database: closing waits for the thread, and the files can go', async () => {
    const db = open();
    await write(db, 10);
    const { dir } = opened.pop()!;
    await db.close();
    fs.rmSync(dir, { recursive: true });
    expect(fs.existsSync(dir)).toBe(false);
  });

  // The backup test removed a database right after opening it: the thread, still starting, found no file and
  // ended, and closing the app then waited for ever for an end that had already happened.
  it('stops at once when its thread has already ended by itself (its database file gone)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-ckpt-gone-'));
    const checkpointer = startWalCheckpointer(path.join(dir, 'never-created.db'));
    await expect.poll(() => checkpointer.stats().errors, { timeout: 10_000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500)); // its 'exit' comes after its 'error'
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 5_000).unref());
    expect(await Promise.race([checkpointer.stop().then(() => 'stopped'), late])).toBe('stopped');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is not started for a database in memory', async () => {
    const db = createDb('sqlite::memory:');
    expect(db.checkpointer).toBeUndefined();
    await db.close();
  });
});
