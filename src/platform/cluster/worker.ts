// A worker process of the cluster (GAZETTE_WORKERS > 1): learns its role from the primary, nudges the other
// workers after committing domain events and hears their nudges, and counts rate limits in the primary's
// store, so that every worker of the machine shares one count.
import type { EventPeers } from '../events/event-bus.js';
import type { RateLimitStore, WindowCount } from '../http/rate-limit.js';
import { isMessage, type ToPrimary, type ToWorker } from './messages.js';

export interface ClusterWorker {
  /** Whether this worker runs the job queue and says what the server says at start (exactly one does). */
  runsJobs: boolean;
  /** How many workers the primary runs. */
  workers: number;
  /** The event bus's link to the other workers. */
  peers: EventPeers;
  /** Rate limits counted by the primary for every worker. */
  rateLimits: RateLimitStore;
  /** Tells the primary this worker listens (the primary then starts the next ones). */
  ready(): void;
}

/** How long a rate-limit hit waits for the primary before counting in this process instead. */
const PRIMARY_ANSWER_MS = 1000;

const send = (m: ToPrimary) => { if (process.connected) process.send!(m); };

/** Joins the cluster: waits for the primary to say this worker's role. */
export function joinCluster(): Promise<ClusterWorker> {
  const wakes: (() => void)[] = [];
  const waiting = new Map<number, { resolve: (c: WindowCount) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;

  const rateLimits: RateLimitStore = {
    kind: 'cluster primary',
    hit(key, windowMs, now) {
      if (!process.connected) return Promise.reject(new Error('the cluster primary is gone'));
      return new Promise<WindowCount>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => { waiting.delete(id); reject(new Error('the cluster primary did not answer a rate-limit hit')); }, PRIMARY_ANSWER_MS);
        waiting.set(id, { resolve, timer });
        send({ gazette: 'rate-hit', id, key, windowMs, now });
      });
    },
  };

  const joined = new Promise<ClusterWorker>((resolve) => {
    process.on('message', (m: unknown) => {
      if (!isMessage<ToWorker>(m)) return;
      switch (m.gazette) {
        case 'role':
          resolve({
            runsJobs: m.runsJobs, workers: m.workers, rateLimits,
            peers: { committed: () => send({ gazette: 'events-committed' }), onCommitted: (wake) => { wakes.push(wake); } },
            ready: () => send({ gazette: 'ready' }),
          });
          break;
        case 'events-nudge':
          for (const wake of wakes) wake();
          break;
        case 'rate-count': {
          const w = waiting.get(m.id);
          if (!w) break;
          waiting.delete(m.id);
          clearTimeout(w.timer);
          w.resolve({ hits: m.hits, resetAt: m.resetAt });
          break;
        }
      }
    });
  });
  send({ gazette: 'hello' });
  return joined;
}
