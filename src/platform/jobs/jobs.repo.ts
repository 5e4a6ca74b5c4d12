// Rows of the job queue: every query on the jobs table is here.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, JobsTable } from '../db/schema.js';
import type { DialectName } from '../db/database.js';

type DB = Kysely<Database> | Transaction<Database>;
export type JobRow = Selectable<JobsTable>;

export const insertJob = (db: DB, row: Insertable<JobsTable>) => db.insertInto('jobs').values(row).returning('id').executeTakeFirstOrThrow();

/**
 * Claims one due job (pending, or running with an expired lease): marks it running with a lease and counts
 * the attempt. On PostgreSQL several instances claim different jobs without waiting on each other.
 */
export async function claimDueJob(db: Kysely<Database>, dialect: DialectName, now: string, leaseUntil: string): Promise<JobRow | undefined> {
  return db.transaction().execute(async (tx) => {
    let q = tx.selectFrom('jobs').select('id')
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]))
      .orderBy('run_at').orderBy('id').limit(1);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const due = await q.executeTakeFirst();
    if (!due) return undefined;
    return tx.updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', due.id).returningAll().executeTakeFirstOrThrow();
  });
}

export async function updateJob(db: DB, id: number, patch: Updateable<JobsTable>): Promise<void> {
  await db.updateTable('jobs').set(patch).where('id', '=', id).execute();
}

/** Jobs pending or running (the queue's depth, read when metrics are scraped). */
export async function countQueuedJobs(db: DB): Promise<number> {
  const row = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'running']).executeTakeFirst();
  return Number(row?.n ?? 0);
}
