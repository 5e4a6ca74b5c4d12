// Domain events after commit. A service runs its change in `events.transaction(...)` and emits events
// there; each is a row of domain_events written in that same transaction, so an event exists exactly when
// its change was committed. Three kinds of listeners:
//   - onEmit:  inside the emitting transaction (writes that must commit with the change: the audit log);
//   - on:      after commit, on every instance — this one's own events at once, other instances' read
//              from the table in id order (woken by NOTIFY on PostgreSQL, by the cluster primary's nudge
//              between the workers of one machine on SQLite, polled as a fallback); for
//              caches and live updates. Each instance sees each event once;
//   - durable: at least once, with retries, by the job runner (a job per event and listener, enqueued in
//              the event's transaction): for work that must not be lost (learning, notification mail).
// Modules declare their events by augmenting `DomainEvents` (see comments/comments.events.ts).
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/database.js';
import { listen, type Listening } from '../db/listen.js';
import type { Clock } from '../clock.js';
import type { JobRunner } from '../jobs/jobs.js';
import { deleteEventsBefore, eventById, eventsAfter, insertEvents, keptEventIds, lastEventId, notifyCommitted, subjectEventsAfter, type StoredEvent } from './events.repo.js';

/** Every domain event type and its payload; each module adds its own by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}
export type EventType = keyof DomainEvents & string;

export interface DomainEvent<K extends EventType = EventType> {
  id: number;
  type: K;
  /** What it is about, e.g. "article:12" (pages of a subject are checked against its newest event). */
  subject: string | null;
  payload: DomainEvents[K];
  at: string;
  /** The instance that emitted it. */
  origin: string;
}

export type Emit = <K extends EventType>(type: K, payload: DomainEvents[K], subject?: string | null) => Promise<void>;

/** One event to emit, for EmitMany. */
export type EventInput = { [K in EventType]: { type: K; payload: DomainEvents[K]; subject?: string | null } }[EventType];
/** Emits several events of one change, in this order, with one statement (as many emit() calls would). */
export type EmitMany = (events: readonly EventInput[]) => Promise<void>;

/** A transaction and the events it emits: pass it on to let another service join the same change. */
export interface UnitOfWork { tx: Transaction<Database>; emit: Emit; emitMany: EmitMany }

export interface TransactionOptions {
  /**
   * false: on PostgreSQL the commit returns without waiting for its WAL to reach the disk (the transaction runs
   * on the connections opened with `synchronous_commit = off`, Db.unflushed). The change stays atomic and the
   * database consistent; what a crash of PostgreSQL or of the machine can lose is the last moments of such
   * commits (PostgreSQL's WAL writer flushes them within about 0.6 s). For a reader's own frequent writes (a
   * comment, a vote): a flush waited for alone takes p50 3-4 ms, p99 13 ms on the machines here. SQLite's WAL
   * with synchronous=NORMAL gives every commit this guarantee already. Money, accounts, settings and
   * moderation decisions keep the default (true). Ignored when joining an outer unit of work.
   */
  waitForFlush?: boolean;
}

type AnyListener = (e: DomainEvent) => void | Promise<void>;
type TxListener = (e: DomainEvent, uow: UnitOfWork) => Promise<void>;
type TxCondition = (e: DomainEvent, uow: UnitOfWork) => Promise<boolean>;

export const EVENTS_CHANNEL = 'gazette_events';
const DURABLE_JOB = (name: string) => `event:${name}`;

/**
 * The other processes of this machine (cluster workers on SQLite, which has no NOTIFY): told when this one
 * commits events, so that they read them at once rather than at their next poll.
 */
export interface EventPeers {
  /** This process committed events. */
  committed(): void;
  /** Calls `wake` whenever another process committed events. */
  onCommitted(wake: () => void): void;
}

export interface EventBusOptions {
  db: Db;
  clock: Clock;
  jobs: JobRunner;
  onError?: (err: unknown, event: DomainEvent | undefined, where: string) => void;
  /** On SQLite: the cluster's other workers, nudged after each commit with events (PostgreSQL uses NOTIFY). */
  peers?: EventPeers;
  /** Fallback poll for other instances' events (NOTIFY makes it rarely needed on PostgreSQL). */
  pollMs?: number;
  /** A gap in the ids (a rolled-back or still open transaction) is waited for this long. */
  gapMs?: number;
  /** Events are kept this long (durable listeners and other instances read them well before). */
  retentionMs?: number;
}

export function createEventBus(opts: EventBusOptions) {
  const { clock, jobs } = opts;
  const { db, dialect, unflushed } = opts.db;
  const origin = crypto.randomBytes(6).toString('hex');
  const pollMs = opts.pollMs ?? 1000;
  const gapMs = opts.gapMs ?? 60_000;
  const retentionMs = opts.retentionMs ?? 7 * 24 * 3600_000;
  const report = opts.onError ?? (() => {});

  const inTx = new Map<string, TxListener[]>();
  const after = new Map<string, AnyListener[]>();
  const afterAny: AnyListener[] = [];
  // type → durable listeners: the name, and whether this event needs one (asked inside its transaction)
  const durable = new Map<string, { name: string; when?: TxCondition }[]>();
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);

  // ---- Delivery after commit, exactly once per instance --------------------------------------------
  // Ids up to `low` are delivered (or given up as gaps); `seen` holds delivered ids above it.
  let low: number | undefined;
  const seen = new Set<number>();
  let gapSince: number | undefined;

  const toDomain = (e: StoredEvent) => e as unknown as DomainEvent;

  async function deliver(e: DomainEvent) {
    if (low !== undefined) {
      // Checked and marked before any await: the writer and a poll cannot both deliver one event.
      if (e.id <= low || seen.has(e.id)) return;
      seen.add(e.id);
    }
    for (const listener of afterAny) {
      try { await listener(e); } catch (err) { report(err, e, 'after-commit listener'); }
    }
    for (const listener of after.get(e.type) ?? []) {
      try { await listener(e); } catch (err) { report(err, e, 'after-commit listener'); }
    }
  }

  function advance() {
    if (low === undefined) return;
    while (seen.has(low + 1)) { seen.delete(low + 1); low++; }
    const ahead = seen.size > 0;
    if (!ahead) { gapSince = undefined; return; }
    // An id below delivered ones is missing: a transaction still open, or one that rolled back (its id is
    // never used). Wait for it a while, then move on.
    const now = clock().getTime();
    gapSince ??= now;
    if (now - gapSince >= gapMs) {
      low++;
      gapSince = undefined;
      advance();
    }
  }

  let polling: Promise<void> | undefined;
  let again = false;
  /** Reads other instances' events (and anything of ours not yet delivered) in id order. */
  function poll(): Promise<void> {
    if (polling) { again = true; return polling; }
    polling = (async () => {
      do {
        again = false;
        if (low === undefined) break;
        let cursor = low;
        for (;;) {
          const rows = await eventsAfter(db, cursor, 500);
          for (const r of rows) if (!seen.has(r.id)) await deliver(toDomain(r));
          if (rows.length < 500) break;
          cursor = rows[rows.length - 1]!.id;
        }
        advance();
      } while (again);
    })().catch((err) => report(err, undefined, 'poll')).finally(() => { polling = undefined; });
    return polling;
  }

  // ---- Durable listeners: one job per event and listener -------------------------------------------

  function registerDurable(name: string, handler: AnyListener) {
    jobs.register(DURABLE_JOB(name), async (payload) => {
      const { eventId } = payload as { eventId: number };
      const e = await eventById(db, eventId);
      if (!e) return; // pruned long after it was handled
      await handler(toDomain(e));
    });
  }

  // ---- The unit of work ------------------------------------------------------------------------------

  // PostgreSQL: after a commit with events, one NOTIFY wakes the other instances (events.repo.ts says why it is
  // not sent inside the transaction). Commits that end while one is on its way are covered by one more after it.
  let notifying: Promise<void> | undefined;
  let notifyAgain = false;
  function notifyOthers() {
    if (notifying) { notifyAgain = true; return; }
    notifying = notifyCommitted(db, EVENTS_CHANNEL, origin)
      .catch((err) => report(err, undefined, 'notify'))
      .finally(() => {
        notifying = undefined;
        if (notifyAgain) { notifyAgain = false; notifyOthers(); }
      });
  }

  async function transaction<T>(fn: (uow: UnitOfWork) => Promise<T>, outer?: UnitOfWork, options: TransactionOptions = {}): Promise<T> {
    if (outer) return fn(outer);
    const emitted: DomainEvent[] = [];
    const result = await (options.waitForFlush === false ? unflushed : db).transaction().execute(async (tx) => {
      // Each event stored, then its in-transaction listeners and durable jobs, in the order emitted.
      const emitMany: EmitMany = async (inputs) => {
        if (inputs.length === 0) return;
        const at = clock().toISOString();
        const rows = inputs.map((i) => ({ type: i.type, subject: i.subject ?? null, payload: i.payload, origin, at }));
        const ids = await insertEvents(tx, rows);
        for (const [k, r] of rows.entries()) {
          const e = { ...r, id: ids[k]! } as DomainEvent;
          for (const listener of inTx.get(e.type) ?? []) await listener(e, uow);
          for (const d of durable.get(e.type) ?? []) {
            if (!d.when || await d.when(e, uow)) await jobs.enqueue(tx, DURABLE_JOB(d.name), { eventId: e.id });
          }
          emitted.push(e);
        }
      };
      const emit: Emit = (type, payload, subject = null) => emitMany([{ type, payload, subject } as EventInput]);
      const uow: UnitOfWork = { tx, emit, emitMany };
      return fn(uow);
    });
    if (emitted.length > 0) {
      if (dialect === 'postgres') notifyOthers();
      else opts.peers?.committed();
    }
    for (const e of emitted) await deliver(e);
    advance();
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let listening: Listening | undefined;
  let running = false;
  let prunedAt = 0;

  return {
    origin,
    transaction,
    /** Inside the emitting transaction: the listener's writes (and events) commit or roll back with the change. */
    onEmit<K extends EventType>(type: K, listener: (e: DomainEvent<K>, uow: UnitOfWork) => Promise<void>) {
      add(inTx, type, listener as unknown as TxListener);
    },
    /** After commit, on every instance, once per instance. Errors are reported, never thrown at the writer. */
    on<K extends EventType>(type: K, listener: (e: DomainEvent<K>) => void | Promise<void>) {
      add(after, type, listener as unknown as AnyListener);
    },
    /**
     * After commit like on(), for every event whatever its type (a cache of what a subject's events change:
     * `e.subject` tells what changed). Runs before the listeners of the type.
     */
    onAny(listener: (e: DomainEvent) => void | Promise<void>) {
      afterAny.push(listener);
    },
    /**
     * At least once, retried by the job runner: make the handler idempotent. `when`, asked inside the emitting
     * transaction, may say that an event needs no job (nothing to do, as far as the committed state tells):
     * a job costs several writes, and a busy event type should not pay them for nothing.
     */
    durable<K extends EventType>(name: string, types: readonly K[], handler: (e: DomainEvent<K>) => Promise<void>,
      opts: { when?: (e: DomainEvent<K>, uow: UnitOfWork) => Promise<boolean> } = {}) {
      for (const type of types) add(durable, type, { name, ...(opts.when && { when: opts.when as unknown as TxCondition }) });
      registerDurable(name, handler as unknown as AnyListener);
    },
    /** Starts reading other instances' events (from now on). */
    async start() {
      low = await lastEventId(db);
      running = true;
      opts.peers?.onCommitted(() => { if (running) void poll(); });
      const tick = () => {
        timer = setTimeout(async () => {
          await poll();
          if (clock().getTime() - prunedAt > 3600_000) {
            prunedAt = clock().getTime();
            await deleteEventsBefore(db, new Date(prunedAt - retentionMs).toISOString()).catch((err) => report(err, undefined, 'prune'));
          }
          if (timer) tick();
        }, pollMs);
        timer.unref();
      };
      tick();
      if (dialect === 'postgres') {
        // The instance's own notifications are skipped: its events were delivered at commit, and a read of the
        // table per own write would only load the pool.
        listening = listen(opts.db.url, EVENTS_CHANNEL, (from) => { if (from !== origin) void poll(); }, { onError: (err) => report(err, undefined, 'listen') });
      }
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await listening?.stop();
      await polling;
      while (notifying) await notifying;
    },
    /**
     * A subject's stored events after an id (a stream resuming), plus those written at `since` or later whatever
     * their id (commits out of id order on PostgreSQL); at most `limit`, in id order. Nothing is delivered.
     */
    history: async (subject: string, afterId: number, limit: number, since?: Date) =>
      (await subjectEventsAfter(db, subject, afterId, limit, since?.toISOString())).map(toDomain),
    /** The lowest and highest event id kept (older ones were pruned after `retentionMs`). */
    keptIds: () => keptEventIds(db),
    /** Reads and delivers every event committed so far (tests; a reader that must not wait for the poll). */
    catchUp: () => poll(),
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
