// Moves SQLite's WAL checkpoints off the request path. By default SQLite checkpoints inside the commit that
// takes the WAL past 1,000 pages: that commit, and every request waiting behind it on the event loop, then
// waits for the database file to be written and synced (up to 12 ms measured under bench:writes). Here a
// worker thread with its own connection checkpoints every CHECK_MS (PASSIVE: it never waits for, nor blocks,
// readers or the writer; with nothing new in the WAL it only reads the WAL's index). It reports a round only
// when the WAL's size or the part copied changed. The main connection's automatic checkpoint
// stays on as a safety net, at a size the thread keeps the WAL far below (SAFETY_NET_PAGES).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread checkpoints. */
const CHECK_MS = 250;
/** The main connection still checkpoints itself past this many WAL pages (the thread stopped or fell behind). */
export const SAFETY_NET_PAGES = 20_000;

// Plain JavaScript evaluated in the thread (no build step, the same under tsx, vitest and compiled code).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let last = '';
const tick = (force) => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    const state = r.log + ':' + r.checkpointed;
    if (force || state !== last) {
      last = state;
      parentPort.postMessage({ checkpointed: r.checkpointed, log: r.log, busy: r.busy });
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(() => tick(false), workerData.checkMs);
parentPort.on('message', (m) => {
  if (m === 'now') tick(true);
  if (m === 'stop') { clearInterval(timer); try { db.close(); } catch {} parentPort.close(); }
});
`;

export interface WalCheckpointer {
  /** Rounds that found frames copied into the database (reported changes only), and the last WAL size seen (frames). */
  stats(): { checkpoints: number; lastLog: number; errors: number };
  /** Asks the thread to look now (tests); resolves on its next report. */
  now(): Promise<{ checkpointed: number; log: number }>;
  stop(): Promise<void>;
}

/** Starts the checkpoint thread for a database file (not for `:memory:`, which has no WAL). */
export function startWalCheckpointer(file: string, onError?: (message: string) => void): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, driver, checkMs: CHECK_MS } });
  worker.unref(); // never keeps the process alive
  let checkpoints = 0;
  let lastLog = 0;
  let errors = 0;
  const waiting: ((r: { checkpointed: number; log: number }) => void)[] = [];
  worker.on('message', (m: { checkpointed?: number; log?: number; error?: string }) => {
    if (m.error !== undefined) { errors++; onError?.(m.error); return; }
    if ((m.checkpointed ?? 0) > 0) checkpoints++;
    lastLog = m.log ?? 0;
    for (const resolve of waiting.splice(0)) resolve({ checkpointed: m.checkpointed ?? 0, log: lastLog });
  });
  worker.on('error', (err) => { errors++; onError?.(err.message); });
  // The thread may end by itself (its database file gone before it opened it): stop() must not wait for an
  // 'exit' that has already been emitted.
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopped: Promise<void> | undefined;
  return {
    stats: () => ({ checkpoints, lastLog, errors }),
    now: () => new Promise((resolve) => { waiting.push(resolve); worker.postMessage('now'); }),
    stop: () => (stopped ??= (() => {
      worker.ref(); // the process waits for the thread's end now (nothing else may keep it alive meanwhile)
      worker.postMessage('stop');
      // A thread that does not end by itself within a second is ended.
      setTimeout(() => { void worker.terminate(); }, 1000).unref();
      return ended;
    })()),
  };
}
