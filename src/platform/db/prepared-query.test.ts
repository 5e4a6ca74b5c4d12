// Prepared queries on a real database of each dialect: a query compiled once per shape answers as the same
// query built by Kysely on each call, with each call's own values, in a transaction too.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './database.js';
import { dialects, freshDatabase } from '../../../test/helpers/test-app.js';
import { preparedQuery } from './prepared-query.js';
import type { Database } from './schema.js';
import type { Kysely } from 'kysely';

describe.each(dialects())('prepared queries on %s', (dialect) => {
  let db: Db;
  let drop: () => Promise<void>;
  const k = () => db.db as unknown as Kysely<Database & { notes: { id: number; who: string; n: number } }>;

  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    db = createDb(fresh.url);
    await sql`create table notes (id integer primary key, who text not null, n integer not null)`.execute(db.db);
    await sql`insert into notes (id, who, n) values (1, 'ann', 5), (2, 'bob', 7), (3, 'ann', 9), (4, 'cy', 1)`.execute(db.db);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  type Notes = Kysely<Database & { notes: { id: number; who: string; n: number } }>;
  let builds = 0;
  const byWho = preparedQuery((d, v: { who: string; min: number; other: string }, shape: 'one' | 'two') => {
    builds++;
    return (d as unknown as Notes).selectFrom('notes').select(['id', 'n'])
      .where((eb) => eb.or([eb('who', '=', v.who), ...(shape === 'two' ? [eb('who', '=', v.other)] : [])]))
      .where('n', '>=', v.min).orderBy('id');
  });

  it('answers with each call\'s values, as the query built each time does, and builds once per shape', async () => {
    const direct = (who: string[], min: number) => k().selectFrom('notes').select(['id', 'n']).where('who', 'in', who).where('n', '>=', min).orderBy('id').execute();
    const rows = async (shape: 'one' | 'two', v: { who: string; min: number; other: string }) => (await byWho(db.db, shape, v)).rows.map((r) => ({ id: Number(r.id), n: Number(r.n) }));
    const norm = (r: { id: number; n: number }[]) => r.map((x) => ({ id: Number(x.id), n: Number(x.n) }));
    expect(await rows('one', { who: 'ann', min: 0, other: '' })).toEqual(norm(await direct(['ann'], 0)));
    expect(await rows('one', { who: 'ann', min: 6, other: '' })).toEqual([{ id: 3, n: 9 }]);
    expect(await rows('one', { who: 'bob', min: 0, other: '' })).toEqual([{ id: 2, n: 7 }]);
    expect(await rows('two', { who: 'bob', min: 0, other: 'cy' })).toEqual(norm(await direct(['bob', 'cy'], 0)));
    expect(await rows('two', { who: 'ann', min: 6, other: 'bob' })).toEqual([{ id: 2, n: 7 }, { id: 3, n: 9 }]);
    expect(builds).toBe(2);
  });

  it('keeps a shape in use while many others come and go (least recently used out first)', async () => {
    let built = 0;
    const q = preparedQuery((d, v: { min: number }, _shape: string) => { built++; return (d as unknown as Notes).selectFrom('notes').select('id').where('n', '>=', v.min); });
    await q(db.db, 'hot', { min: 0 });
    for (let i = 0; i < 100; i++) {
      await q(db.db, `other-${i}`, { min: 0 });
      expect((await q(db.db, 'hot', { min: 8 })).rows.map((r) => Number(r.id))).toEqual([3]);
    }
    expect(built).toBe(101);
  });

  it('runs inside a transaction, seeing its uncommitted rows, and refuses a missing value', async () => {
    const insert = preparedQuery((d, v: { id: number; who: string; n: number }) => (d as unknown as Notes).insertInto('notes').values({ id: v.id, who: v.who, n: v.n }).returning('id'));
    await expect(db.db.transaction().execute(async (tx) => {
      const { rows } = await insert(tx, '', { id: 10, who: 'dee', n: 3 });
      expect(Number(rows[0]!.id)).toBe(10);
      expect((await byWho(tx, 'one', { who: 'dee', min: 0, other: '' })).rows.map((r) => Number(r.id))).toEqual([10]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect((await byWho(db.db, 'one', { who: 'dee', min: 0, other: '' })).rows).toEqual([]);
    await expect(byWho(db.db, 'one', { who: 'ann' } as never)).rejects.toThrow('no value for "min"');
  });
});
