// The event bus on a real database of each dialect, with two buses on one database standing for two
// instances of the app: events exist exactly when their transaction commits, every instance's listeners
// get each event once, in-transaction listeners commit or roll back with the change, durable listeners
// run through the job runner until they succeed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.js';
import { migrateToLatest } from '../../migrations/index.js';
import { createJobRunner } from '../jobs/jobs.js';
import { dialects, FakeClock, freshDatabase } from '../../../test/helpers/test-app.js';
import { createEventBus, type DomainEvent, type EventBus } from './event-bus.js';

declare module './event-bus.js' {
  interface DomainEvents {
    'test.happened': { n: number };
    'test.other': { word: string };
  }
}

describe.each(dialects())('event bus on %s', (dialect) => {
  const clock = new FakeClock();
  let drop: () => Promise<void>;
  let dbs: Db[] = [];
  const instances: { bus: EventBus; got: DomainEvent<'test.happened'>[]; jobs: ReturnType<typeof createJobRunner> }[] = [];

  async function instance(url: string) {
    const db = createDb(url);
    dbs.push(db);
    const jobs = createJobRunner({ db: db.db, dialect: db.dialect, clock: clock.now, backoffMs: 1000 });
    const bus = createEventBus({ db, clock: clock.now, jobs, pollMs: 50, gapMs: 5_000, onError: (err, _e, where) => { console.error(where, err); } });
    const got: DomainEvent<'test.happened'>[] = [];
    bus.on('test.happened', (e) => { got.push(e); });
    await bus.start();
    const i = { bus, got, jobs };
    instances.push(i);
    return i;
  }

  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  const notes = () => sql<{ n: number }>`select n from test_notes order by n`.execute(dbs[0]!.db).then((r) => r.rows.map((x) => Number(x.n)));

  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    const first = createDb(fresh.url);
    await migrateToLatest(first);
    await sql`create table test_notes (n integer not null)`.execute(first.db);
    await first.close();
    a = await instance(fresh.url);
    b = await instance(fresh.url);
    // Every instance runs the same code, so registers the same listeners.
    for (const i of [a, b]) i.bus.onEmit('test.happened', async (e, { tx }) => { await sql`insert into test_notes (n) values (${e.payload.n})`.execute(tx); });
  });
  afterAll(async () => {
    for (const i of instances) await i.bus.stop();
    for (const d of dbs) await d.close();
    dbs = [];
    await drop?.();
  });

  const emitOn = (i: typeof a, n: number) => i.bus.transaction(async ({ emit }) => { await emit('test.happened', { n }, `thing:${n}`); });

  it('delivers an event to the writing instance at once and to another instance once', async () => {
    await emitOn(a, 1);
    expect(a.got.map((e) => e.payload.n)).toEqual([1]);
    expect(a.got[0]).toMatchObject({ type: 'test.happened', subject: 'thing:1', origin: a.bus.origin });
    await expect.poll(() => b.got.map((e) => e.payload.n), { timeout: 5000 }).toEqual([1]);
    await emitOn(b, 2);
    await emitOn(a, 3);
    await expect.poll(() => b.got.map((e) => e.payload.n), { timeout: 5000 }).toEqual([1, 2, 3]);
    // A's own event 3 came at once, B's event 2 when A read it: every event once, not a global order.
    await expect.poll(() => a.got.map((e) => e.payload.n).sort(), { timeout: 5000 }).toEqual([1, 2, 3]);
    // Polling again delivers nothing twice.
    await a.bus.catchUp();
    await b.bus.catchUp();
    expect(a.got.map((e) => e.payload.n).sort()).toEqual([1, 2, 3]);
    expect(b.got.map((e) => e.payload.n)).toEqual([1, 2, 3]);
    expect(new Set(b.got.map((e) => e.id)).size).toBe(3);
  });

  it('stores no event of a transaction that rolls back, and its in-transaction writes roll back too', async () => {
    const before = [a.got.length, b.got.length];
    await expect(a.bus.transaction(async ({ emit }) => {
      await emit('test.happened', { n: 99 });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    await a.bus.catchUp();
    await b.bus.catchUp();
    expect([a.got.length, b.got.length]).toEqual(before);
    expect(await notes()).not.toContain(99);
    const stored = await sql<{ n: number }>`select count(*) as n from domain_events where payload like '%99%'`.execute(dbs[0]!.db);
    expect(Number(stored.rows[0]!.n)).toBe(0);
    // The in-transaction listener wrote with every committed event.
    expect(await notes()).toEqual([1, 2, 3]);
  });

  it('lets another service join the transaction: its events are delivered when the outer one commits', async () => {
    const seenInside: number[] = [];
    await a.bus.transaction(async (uow) => {
      await uow.emit('test.happened', { n: 4 });
      await a.bus.transaction(async ({ emit }) => { await emit('test.happened', { n: 5 }); }, uow);
      seenInside.push(a.got.length);
    });
    expect(seenInside).toEqual([3]); // nothing delivered before the commit
    expect(a.got.map((e) => e.payload.n).slice(-2)).toEqual([4, 5]);
  });

  it('emits several events of one change in one go: stored in order, each with its listeners, delivered in order', async () => {
    await a.bus.transaction(async ({ emitMany }) => {
      await emitMany([
        { type: 'test.happened', payload: { n: 108 }, subject: 'thing:108' },
        { type: 'test.happened', payload: { n: 109 } },
      ]);
    });
    const mine = a.got.slice(-2);
    expect(mine.map((e) => [e.payload.n, e.subject])).toEqual([[108, 'thing:108'], [109, null]]);
    expect(mine[0]!.id).toBeLessThan(mine[1]!.id);
    // the in-transaction listener ran for each
    expect((await notes()).filter((n) => n >= 100)).toEqual([108, 109]);
    await expect.poll(() => b.got.map((e) => e.payload.n).filter((n) => n >= 100), { timeout: 5000 }).toEqual([108, 109]);
    const stored = await sql<{ id: number; payload: string }>`select id, payload from domain_events where id in (${mine[0]!.id}, ${mine[1]!.id}) order by id`.execute(dbs[0]!.db);
    expect(stored.rows.map((r) => (JSON.parse(r.payload) as { n: number }).n)).toEqual([108, 109]);
  });

  it('runs a durable listener through the job runner until it succeeds', async () => {
    const handled: string[] = [];
    let failures = 1;
    a.bus.durable('test-durable', ['test.other'], async (e) => {
      if (failures-- > 0) throw new Error('not yet');
      handled.push(e.payload.word);
    });
    await a.bus.transaction(async ({ emit }) => { await emit('test.other', { word: 'kept' }); });
    expect(handled).toEqual([]);
    await a.jobs.runDue();
    expect(handled).toEqual([]); // failed once, retried later
    clock.advance(2000);
    await a.jobs.runDue();
    expect(handled).toEqual(['kept']);
    clock.advance(60_000);
    expect(await a.jobs.runDue()).toBe(0);
  });

  it('queues a durable listener\'s job only for the events its condition takes, asked inside the transaction', async () => {
    const handled: string[] = [];
    a.bus.durable('test-conditional', ['test.other'], async (e) => { handled.push(e.payload.word); }, {
      // Reads the emitting transaction: a row written earlier in it is seen.
      when: async (e, { tx }) => e.payload.word.startsWith('wanted')
        && (await sql`select key from settings where key = ${`cond-${e.payload.word}`}`.execute(tx)).rows.length === 1,
    });
    const queued = async () => Number((await sql<{ n: number }>`select count(*) as n from jobs where kind = ${'event:test-conditional'}`.execute(dbs[0]!.db)).rows[0]!.n);
    await a.bus.transaction(async ({ emit }) => { await emit('test.other', { word: 'unwanted' }); });
    await a.bus.transaction(async ({ emit }) => { await emit('test.other', { word: 'wanted-but-absent' }); });
    expect(await queued()).toBe(0);
    await a.bus.transaction(async ({ tx, emit }) => {
      await sql`insert into settings (key, value) values (${'cond-wanted-here'}, ${'1'})`.execute(tx);
      await emit('test.other', { word: 'wanted-here' });
    });
    expect(await queued()).toBe(1);
    await a.jobs.runDue();
    expect(handled).toEqual(['wanted-here']);
  });

  // Only PostgreSQL runs transactions side by side (SQLite has one writer at a time): ids can commit out of order.
  if (dialect === 'postgres') it('delivers an event whose transaction commits after a later one (an id gap) to the other instance', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let emitted!: () => void;
    const emittedEarly = new Promise<void>((r) => { emitted = r; });
    const slow = a.bus.transaction(async ({ emit }) => {
      await emit('test.happened', { n: 6 });
      emitted();
      await held;
    });
    await emittedEarly;
    await emitOn(a, 7);
    await expect.poll(() => b.got.map((e) => e.payload.n).includes(7), { timeout: 5000 }).toBe(true);
    expect(b.got.map((e) => e.payload.n)).not.toContain(6);
    release();
    await slow;
    await expect.poll(() => b.got.map((e) => e.payload.n).filter((n) => n === 6 || n === 7).sort(), { timeout: 5000 }).toEqual([6, 7]);
    expect(b.got.filter((e) => e.payload.n === 6)).toHaveLength(1);
  });

  // waitForFlush: false runs the transaction on the connections opened with synchronous_commit off (source
  // 'client': set when the session started); a default transaction keeps the database's own setting.
  if (dialect === 'postgres') it('commits a transaction without waiting for the disk flush only when asked, and for it alone', async () => {
    type Setting = { setting: string; source: string };
    const seen = async (tx: Parameters<Parameters<EventBus['transaction']>[0]>[0]['tx']) =>
      (await sql<Setting>`select setting, source from pg_settings where name = 'synchronous_commit'`.execute(tx)).rows[0]!;
    const quick = await a.bus.transaction(async ({ tx, emit }) => { await emit('test.happened', { n: 20 }); return seen(tx); }, undefined, { waitForFlush: false });
    expect(quick).toEqual({ setting: 'off', source: 'client' });
    const usual = await a.bus.transaction(async ({ tx, emit }) => { await emit('test.happened', { n: 21 }); return seen(tx); });
    expect(usual.source).not.toBe('client');
    const asked = await a.bus.transaction(async ({ tx }) => seen(tx), undefined, { waitForFlush: true });
    expect(asked.source).not.toBe('client');
    await expect.poll(() => b.got.map((e) => e.payload.n).filter((n) => n === 20 || n === 21).sort(), { timeout: 5000 }).toEqual([20, 21]);
  });
});
