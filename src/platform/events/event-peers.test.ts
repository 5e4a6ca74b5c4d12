// Another instance's events arrive at once, not at the next poll: by NOTIFY on PostgreSQL, and on SQLite (no
// NOTIFY) by the nudge the cluster's workers pass through the primary after each commit (EventPeers; here a
// hub in memory stands for the primary). The poll is set to an hour: nothing else could bring them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.js';
import { migrateToLatest } from '../../migrations/index.js';
import { createJobRunner } from '../jobs/jobs.js';
import { systemClock } from '../clock.js';
import { dialects, freshDatabase } from '../../../test/helpers/test-app.js';
import { createEventBus, type DomainEvent, type EventBus, type EventPeers } from './event-bus.js';

declare module './event-bus.js' {
  interface DomainEvents {
    'test.nudged': { n: number };
  }
}

/** What the cluster primary does with nudges: a commit in one process wakes every other one. */
function nudgeHub() {
  const wakes = new Map<string, () => void>();
  let committed = 0;
  return {
    peer(name: string): EventPeers {
      return {
        committed: () => { committed++; for (const [other, wake] of wakes) if (other !== name) wake(); },
        onCommitted: (wake) => { wakes.set(name, wake); },
      };
    },
    committed: () => committed,
  };
}

describe.each(dialects())('events of another process on %s', (dialect) => {
  const hub = nudgeHub();
  const dbs: Db[] = [];
  const buses: EventBus[] = [];
  let drop: () => Promise<void>;
  let url: string;

  async function instance(url: string, name: string) {
    const db = createDb(url);
    dbs.push(db);
    const bus = createEventBus({
      db, clock: systemClock, jobs: createJobRunner({ db: db.db, dialect: db.dialect, clock: systemClock }),
      peers: hub.peer(name), pollMs: 3600_000,
    });
    buses.push(bus);
    await bus.start();
    return bus;
  }

  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    url = fresh.url;
    const first = createDb(fresh.url);
    await migrateToLatest(first);
    await first.close();
  });
  afterAll(async () => {
    for (const b of buses) await b.stop();
    for (const d of dbs) await d.close();
    await drop?.();
  });

  it('reach the other instance right after the commit, with the poll an hour away', async () => {
    const a = await instance(url, 'a');
    const b = await instance(url, 'b');
    const arrived = new Promise<DomainEvent<'test.nudged'>>((resolve) => b.on('test.nudged', (e) => resolve(e)));
    await a.transaction(async ({ emit }) => { await emit('test.nudged', { n: 7 }); });
    const e = await arrived;
    expect(e.payload).toEqual({ n: 7 });
    expect(e.origin).toBe(a.origin);
    // SQLite: through the nudge; PostgreSQL: through NOTIFY alone (the nudge is not sent there).
    expect(hub.committed()).toBe(dialect === 'sqlite' ? 1 : 0);
  });
});
