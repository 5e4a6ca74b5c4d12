// SQLite commit times with the WAL checkpointed by its own thread (platform/db/wal-checkpointer.ts, as the server
// runs) and by SQLite inside the commit that crosses 1,000 pages (its default): `npm run bench:commits`. Prints
// figures; never part of `npm test`.
//
// Each row opens a fresh database file through the server's own createDb and commits BENCH_COMMITS transactions
// of one comment-sized row (about 600 bytes, an indexed column) at a steady BENCH_COMMIT_RATE a second (default
// 100, the comment-post goal's rate; each commit at its scheduled time), and takes the time of each transaction
// (begin, insert, commit). At a burst pace a checkpoint running beside the writer never catches up and the WAL
// only grows, so the row also reports the WAL file's largest size (read every 50 commits): a WAL that stays
// small restarts as it should. The rows alternate (thread, inline, thread, inline…) BENCH_ROUNDS times, so both
// see the same machine. A checkpoint's cost is in the tail: the p99.9, the maximum and the count of commits over
// 5 ms are the figures to read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../src/platform/db/database.js';
import { envInt } from './lib/bench-env.js';
import { fmt } from './lib/util.js';

const COMMITS = envInt('BENCH_COMMITS', 3000, 100, 1_000_000);
const RATE = envInt('BENCH_COMMIT_RATE', 100, 1, 100_000);
const ROUNDS = envInt('BENCH_ROUNDS', 2, 1, 20);

async function row(mode: 'thread' | 'inline'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-commits-'));
  const file = path.join(dir, 'site.db');
  const db = createDb(`sqlite:${file}`);
  try {
    // "inline": no thread, SQLite's own automatic checkpoint at its default of 1,000 pages.
    if (mode === 'inline') { await db.checkpointer!.stop(); await sql`pragma wal_autocheckpoint = 1000`.execute(db.db); }
    await sql`create table notes (id integer primary key, body text not null, at text)`.execute(db.db);
    await sql`create index notes_at on notes(at)`.execute(db.db);
    const ms: number[] = [];
    const body = 'a comment body of ordinary length '.repeat(18);
    const walSize = () => { try { return fs.statSync(`${file}-wal`).size; } catch { return 0; } };
    let walMax = 0;
    const start = performance.now();
    for (let i = 0; i < COMMITS; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      await db.db.transaction().execute(async (tx) => { await sql`insert into notes (body, at) values (${body}, ${String(Math.random())})`.execute(tx); });
      ms.push(performance.now() - t0);
      if (i % 50 === 0) walMax = Math.max(walMax, walSize());
    }
    walMax = Math.max(walMax, walSize());
    ms.sort((a, b) => a - b);
    const q = (p: number) => fmt(ms[Math.floor(p * (ms.length - 1))]!, 2);
    const checkpoints = mode === 'thread' ? String(db.checkpointer!.stats().checkpoints) : '—';
    return `| ${mode} | ${COMMITS} at ${RATE}/s | ${q(0.5)} | ${q(0.99)} | ${q(0.999)} | ${fmt(ms[ms.length - 1]!, 2)} | ${ms.filter((x) => x > 5).length} | ${checkpoints} | ${fmt(walMax / 1048576, 2)} |`;
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const load0 = os.loadavg()[0]!;
console.log('| checkpoints | commits | p50 ms | p99 ms | p99.9 ms | max ms | over 5 ms | thread checkpoints | largest WAL MiB |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (let r = 0; r < ROUNDS; r++) for (const mode of ['thread', 'inline'] as const) console.log(await row(mode));
console.log(`\nload average at start ${fmt(load0, 2)}, at end ${fmt(os.loadavg()[0]!, 2)} on ${os.cpus().length} CPUs (above the CPU count: a disturbed run)`);
