// The prepared-statement cache on a real SQLite file, through Kysely as the app uses it: repeated
// queries reuse their statement with new parameters, the cache stays bounded, a statement being
// iterated is not handed out again, and a schema change after caching is seen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

interface Tables { notes: { id: number; body: string; extra?: string | null } }

const dirs: string[] = [];
const handles: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) if (h.open) h.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(max?: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-stmt-'));
  dirs.push(dir);
  const sqlite = new SqliteDatabase(path.join(dir, 'test.db'));
  sqlite.pragma('journal_mode = WAL');
  handles.push(sqlite);
  const cached = withStatementCache(sqlite, max);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cached }) });
  return { sqlite, cached, db };
}

async function seed(db: Kysely<Tables>) {
  await sql`create table notes (id integer primary key, body text not null)`.execute(db);
  for (let i = 1; i <= 5; i++) await db.insertInto('notes').values({ id: i, body: `note ${i}` }).execute();
}

describe('statement cache', () => {
  it('reuses one statement per SQL text and binds each call\'s own parameters', async () => {
    const { cached, db } = open();
    await seed(db);
    const before = cached.cachedStatements;
    const byId = (id: number) => db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
    expect(await byId(2)).toEqual({ body: 'note 2' });
    expect(await byId(4)).toEqual({ body: 'note 4' });
    expect(await byId(9)).toBeUndefined();
    expect(cached.cachedStatements).toBe(before + 1);
    // Writes too: the insert statement was prepared once for five rows, and updates see their own values.
    await db.updateTable('notes').set({ body: 'changed' }).where('id', '=', 3).execute();
    expect(await byId(3)).toEqual({ body: 'changed' });
  });

  it('keeps at most `max` statements, and an evicted query still runs', async () => {
    const { cached, db } = open(3);
    await seed(db);
    for (let n = 1; n <= 5; n++) {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const rows = await db.selectFrom('notes').select('id').where('id', 'in', ids).orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual(ids);
    }
    expect(cached.cachedStatements).toBe(3);
    const again = await db.selectFrom('notes').select('id').where('id', 'in', [5]).execute();
    expect(again).toEqual([{ id: 5 }]);
  });

  it('hands out a fresh statement while the held one is being iterated', () => {
    const { sqlite, cached } = open();
    sqlite.exec(`create table notes (id integer primary key, body text not null); insert into notes values (1, 'a'), (2, 'b')`);
    const text = 'select id from notes order by id';
    const first = cached.prepare(text);
    const iter = first.iterate([]);
    expect(iter.next().value).toEqual({ id: 1 });
    const second = cached.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(iter.next().value).toEqual({ id: 2 });
    expect(iter.next().done).toBe(true);
    expect(cached.prepare(text)).toBe(first);
  });

  it('sees a column added after the statement was cached', async () => {
    const { db } = open();
    await seed(db);
    const all = () => db.selectFrom('notes').selectAll().where('id', '=', 1).executeTakeFirst();
    expect(await all()).toEqual({ id: 1, body: 'note 1' });
    await sql`alter table notes add column extra text`.execute(db);
    await db.updateTable('notes').set({ extra: 'x' }).where('id', '=', 1).execute();
    expect(await all()).toEqual({ id: 1, body: 'note 1', extra: 'x' });
  });

  it('closes the database', async () => {
    const { sqlite, db } = open();
    await seed(db);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
