// The cluster primary (GAZETTE_WORKERS > 1): runs that many worker processes sharing the port (node:cluster;
// the primary accepts connections and hands them to the workers in turn). It serves no request itself:
//   - the first worker starts alone and runs the job queue: it applies the migrations, creates the cookie
//     secret and the demo content, and logs the set-up address; the others start once it listens;
//   - a worker that dies is started again (with its role), after a pause that grows while it keeps dying
//     young; a worker that dies before the cluster is first up stops the cluster with its exit status;
//   - it relays the workers' nudges (events committed) and counts their rate limits (one store for all);
//   - SIGTERM/SIGINT: every worker drains (its own graceful shutdown) and the primary exits 0 when all
//     exited 0, else 1; a worker still running after SHUTDOWN_TIMEOUT_MS (+ 2 s) is killed.
import cluster, { type Worker } from 'node:cluster';
import { MemoryRateLimitStore } from '../http/rate-limit.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';

export interface PrimaryOptions {
  workers: number;
  shutdownTimeoutMs: number;
  /** One log line (JSON, as the workers' pino lines). */
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Ends the process (tests of the primary's logic pass their own). */
  exit?: (code: number) => void;
}

const LIVED_LONG_MS = 10_000;
const MAX_PAUSE_MS = 30_000;

export function runPrimary(opts: PrimaryOptions): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const limits = new MemoryRateLimitStore();
  const roles = new Map<Worker, { runsJobs: boolean; startedAt: number }>();
  const listening = new Set<Worker>();
  let up = false; // every worker listened once
  let stopping = false;
  let exitCode: number | undefined; // set by a failed start; else 0 unless a worker failed to drain
  let failedStarts = 0;
  const restarts = new Set<NodeJS.Timeout>();
  const tell = (w: Worker, m: ToWorker) => { if (w.isConnected()) w.send(m); };

  function fork(runsJobs: boolean): Worker {
    const w = cluster.fork();
    roles.set(w, { runsJobs, startedAt: Date.now() });
    w.on('message', (m: unknown) => {
      if (!isMessage<ToPrimary>(m)) return;
      switch (m.gazette) {
        case 'hello':
          tell(w, { gazette: 'role', runsJobs, workers: opts.workers });
          break;
        case 'ready':
          listening.add(w);
          if (up || stopping) break;
          if (runsJobs) for (let i = 1; i < opts.workers; i++) fork(false);
          if (listening.size === opts.workers) {
            up = true;
            opts.log('info', `${opts.workers} workers listening`, { pids: [...listening].map((x) => x.process.pid) });
          }
          break;
        case 'events-committed':
          for (const other of roles.keys()) if (other !== w) tell(other, { gazette: 'events-nudge' });
          break;
        case 'rate-hit': {
          const { hits, resetAt } = limits.hitNow(m.key, m.windowMs, m.now);
          tell(w, { gazette: 'rate-count', id: m.id, hits, resetAt });
          break;
        }
      }
    });
    return w;
  }

  cluster.on('exit', (w, code, signal) => {
    const role = roles.get(w);
    const listened = listening.has(w);
    roles.delete(w);
    listening.delete(w);
    if (!role) return;
    if (stopping) {
      // A worker still starting had nothing to drain (a SIGTERM before its handlers exist ends it at once).
      if (code !== 0 && listened) exitCode ??= 1;
      if (roles.size === 0) exit(exitCode ?? 0);
      return;
    }
    if (!up) {
      opts.log('error', 'a worker exited before the cluster was up; stopping', { pid: w.process.pid, code, signal });
      stop(code && code > 0 ? code : 1);
      return;
    }
    const lived = Date.now() - role.startedAt;
    failedStarts = lived >= LIVED_LONG_MS ? 0 : failedStarts + 1;
    const pause = failedStarts === 0 ? 0 : Math.min(MAX_PAUSE_MS, 1000 * 2 ** (failedStarts - 1));
    opts.log('error', `worker exited; starting another${pause ? ` in ${pause / 1000} s` : ''}`, { pid: w.process.pid, code, signal, runsJobs: role.runsJobs });
    const t = setTimeout(() => { restarts.delete(t); if (!stopping) fork(role.runsJobs); }, pause);
    restarts.add(t);
  });

  /** Drains every worker; exits when all have: with `code` if given, else 0 when every worker exited 0, else 1. */
  function stop(code?: number) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const t of restarts) clearTimeout(t);
    if (roles.size === 0) return exit(exitCode ?? 0);
    for (const w of roles.keys()) w.process.kill('SIGTERM');
    setTimeout(() => {
      opts.log('error', 'workers still running after the shutdown deadline; killing them', { pids: [...roles.keys()].map((w) => w.process.pid) });
      for (const w of roles.keys()) w.process.kill('SIGKILL');
      exit(1);
    }, opts.shutdownTimeoutMs + 2000).unref();
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      opts.log('info', 'shutting down the cluster', { signal, workers: roles.size, timeoutMs: opts.shutdownTimeoutMs });
      stop();
    });
  }

  opts.log('info', `starting ${opts.workers} workers`, { workers: opts.workers });
  fork(true);
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

/** The primary's log: JSON lines on stdout in the shape of the workers' (pino) lines, from `level` up. */
export function primaryLog(level: keyof typeof LEVELS): PrimaryOptions['log'] {
  return (at, msg, fields) => {
    if (LEVELS[at] < LEVELS[level]) return;
    process.stdout.write(`${JSON.stringify({ level: LEVELS[at], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`);
  };
}
