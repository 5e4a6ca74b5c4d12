// What the cluster primary and its workers tell each other over the IPC channel. Every message carries
// `gazette`, so Node's own cluster messages and anything else on the channel are left alone.

export type ToPrimary =
  /** The worker is listening for messages: the primary answers with its role (a message sent earlier is lost). */
  | { gazette: 'hello' }
  /** The worker listens: the primary starts the next ones. */
  | { gazette: 'ready' }
  /** The worker committed domain events: the others read them now (SQLite has no NOTIFY). */
  | { gazette: 'events-committed' }
  /** Counts one rate-limit hit in the primary's store (every worker shares it); answered by 'rate-count'. */
  | { gazette: 'rate-hit'; id: number; key: string; windowMs: number; now: number };

export type ToWorker =
  /** Sent once, at the start: whether this worker runs the job queue and says what the server says at start. */
  | { gazette: 'role'; runsJobs: boolean; workers: number }
  /** Another worker committed events. */
  | { gazette: 'events-nudge' }
  | { gazette: 'rate-count'; id: number; hits: number; resetAt: number };

export const isMessage = <T extends { gazette: string }>(m: unknown): m is T =>
  typeof m === 'object' && m !== null && typeof (m as { gazette?: unknown }).gazette === 'string';
