// A durable job queue in the database. Jobs are enqueued inside the caller's transaction (so a job
// exists exactly when the change that caused it was committed), claimed with a lease, retried with
// exponential back-off, and given up on after max_attempts or, for kinds registered with a retry window,
// once the next attempt would fall outside it (status 'failed', kept for inspection).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, JobsTable } from '../db/schema.js';
import { claimDueJob, insertJob, updateJob } from './jobs.repo.js';
import type { DialectName } from '../db/database.js';
import type { Clock } from '../clock.js';

type DB = Kysely<Database> | Transaction<Database>;

/** What a handler knows about the attempt it makes. */
export interface JobAttempt {
  /** No retry follows if this attempt fails: the job will be marked failed. */
  last: boolean;
}

export type JobHandler = (payload: unknown, job: Selectable<JobsTable>, attempt: JobAttempt) => Promise<void>;

export interface JobKindOptions {
  /** Retry while the next attempt would start within this long after the job was queued (then give up). */
  retryForMs?: number;
}

export interface JobOptions {
  /** Run no earlier than this (scheduled work). */
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claimed job stays locked before another worker may take it over. */
  leaseMs?: number;
  defaultMaxAttempts?: number;
  onError?: (err: unknown, job: Selectable<JobsTable>) => void;
}

export async function enqueueJob(db: DB, clock: Clock, kind: string, payload: unknown, opts: JobOptions & { defaultMaxAttempts?: number } = {}) {
  const now = clock();
  return insertJob(db, {
    kind,
    payload: JSON.stringify(payload),
    status: 'pending',
    attempts: 0,
    max_attempts: opts.maxAttempts ?? opts.defaultMaxAttempts ?? 8,
    run_at: (opts.runAt ?? now).toISOString(),
    locked_until: null,
    last_error: null,
    created_at: now.toISOString(),
    finished_at: null,
  });
}

export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createJobRunner(opts: JobRunnerOptions) {
  const { db, dialect, clock } = opts;
  const backoffMs = opts.backoffMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 3_600_000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const handlers = new Map<string, { handler: JobHandler; options: JobKindOptions }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  /** Claims one due job (pending, or running with an expired lease) and returns it, or undefined. */
  async function claim(): Promise<Selectable<JobsTable> | undefined> {
    const now = clock().toISOString();
    const lease = new Date(clock().getTime() + leaseMs).toISOString();
    return claimDueJob(db, dialect, now, lease);
  }

  /** Whether a failure of this attempt ends the job: out of attempts, or the next one beyond its kind's window. */
  function isLastAttempt(job: Selectable<JobsTable>, retryForMs: number | undefined): boolean {
    if (job.attempts >= job.max_attempts) return true;
    if (retryForMs === undefined) return false;
    const nextRun = clock().getTime() + backoffDelay(job.attempts, backoffMs, maxBackoffMs);
    return nextRun > Date.parse(job.created_at) + retryForMs;
  }

  async function runOne(job: Selectable<JobsTable>): Promise<void> {
    const entry = handlers.get(job.kind);
    const last = isLastAttempt(job, entry?.options.retryForMs);
    try {
      if (!entry) throw new Error(`no handler for job kind "${job.kind}"`);
      await entry.handler(JSON.parse(job.payload), job, { last });
      await updateJob(db, job.id, { status: 'done', locked_until: null, finished_at: clock().toISOString(), last_error: null });
    } catch (err) {
      opts.onError?.(err, job);
      const message = err instanceof Error ? err.message : String(err);
      const giveUp = last;
      await updateJob(db, job.id, {
        status: giveUp ? 'failed' : 'pending',
        locked_until: null,
        last_error: message.slice(0, 2000),
        run_at: new Date(clock().getTime() + backoffDelay(job.attempts, backoffMs, maxBackoffMs)).toISOString(),
        finished_at: giveUp ? clock().toISOString() : null,
      });
    }
  }

  /** Runs every job that is due now, one after another; returns how many ran. */
  async function runDue(limit = 100): Promise<number> {
    let n = 0;
    while (n < limit && !stopped) {
      const job = await claim();
      if (!job) break;
      await runOne(job);
      n++;
    }
    return n;
  }

  return {
    register(kind: string, handler: JobHandler, options: JobKindOptions = {}) { handlers.set(kind, { handler, options }); },
    enqueue: (db2: DB, kind: string, payload: unknown, o: JobOptions = {}) =>
      enqueueJob(db2, clock, kind, payload, { ...o, defaultMaxAttempts: opts.defaultMaxAttempts }),
    runDue,
    /** Runs due jobs now and again every intervalMs until stop(). */
    start(intervalMs = 1000) {
      stopped = false;
      const tick = () => {
        running = runDue().catch(() => 0).finally(() => { running = undefined; if (!stopped) timer = setTimeout(tick, intervalMs); });
      };
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
