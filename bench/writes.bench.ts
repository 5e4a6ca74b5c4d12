// Comment writes under a steady load: `npm run bench:writes`. Prints figures; never part of `npm test`.
//
// For each dialect (SQLite in a temp dir; PostgreSQL in a database created on 127.0.0.1:5432 and dropped
// at the end) the production server (node dist/main.js, built when missing) is started, one article is
// created, and a native open-loop generator in its own process (bench/lib/open-loop.c, compiled here with the
// machine's C compiler; wrk2 is not in Debian, wrk is closed-loop) posts comments at a constant rate through
// the JSON API, with the full moderation pipeline: first-time readers from distinct networks (X-Forwarded-For,
// TRUST_PROXY=true), about 10 % spam (bench/lib/post-requests.ts writes the requests beforehand). Latency
// counts from each request's scheduled send time (queueing included), after a warm-up.
//
// Knobs (env): BENCH_DIALECTS (default sqlite,postgres), BENCH_WORKERS (GAZETTE_WORKERS, default 1: one
// process; more: the cluster, its CPU summed over the primary and the workers), BENCH_RATE (posts/s, default
// 100), BENCH_SECONDS (measured, default 20), BENCH_WARMUP (s, default 3), BENCH_CPU_PROF=1 (V8 .cpuprofile of each server into
// bench/out/profiles/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createArticle } from './lib/article.js';
import { cpuWindow, postgresPids, processTreeCpuMs, type CpuReport } from './lib/cpu.js';
import { ensureBuild, ROOT, startGazette, type Dialect } from './lib/gazette-server.js';
import { cleanupAll, rssMiB, serverProblems, spawnManaged, trackDir } from './lib/procs.js';
import { envInt, percentiles } from './lib/bench-env.js';
import { fmt } from './lib/util.js';
import { writePostRequests } from './lib/post-requests.js';
import { request } from './lib/http.js';

/** prom-client samples the event loop every 10 ms (its default) and records each interval whole. */
const LOOP_SAMPLING_MS = 10;

/**
 * How long the server's event loop was held up since the last call, ms (prom-client's histogram of the
 * intervals between its samples, reset at each /metrics read, less the sampling interval): a post that waited
 * while the loop was blocked shows there; one that waited on the database does not.
 */
async function eventLoopDelay(base: string): Promise<{ p99: number; max: number } | undefined> {
  try {
    const text = (await request(`${base}/metrics`)).text;
    const read = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1]) * 1000;
    const d = { p99: read('nodejs_eventloop_lag_p99_seconds') - LOOP_SAMPLING_MS, max: read('nodejs_eventloop_lag_max_seconds') - LOOP_SAMPLING_MS };
    return Number.isFinite(d.max) ? d : undefined;
  } catch { return undefined; }
}

const DIALECTS = (process.env.BENCH_DIALECTS || 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
const RATE = envInt('BENCH_RATE', 100, 1, 5000);
const WORKERS = envInt('BENCH_WORKERS', 1, 1, 64);
const SECONDS = envInt('BENCH_SECONDS', 20, 1, 3600);
const WARMUP = envInt('BENCH_WARMUP', 3, 0, 600);
/** Percentage of the legitimate posts that reply to an earlier comment (0: top-level comments only, as before 2026-12-03). */
const REPLY_PERCENT = envInt('BENCH_REPLY_PERCENT', 40, 0, 100);
/** Comments posted before the run: what the replies answer. */
const PARENTS = 40;
const GOAL_P99_MS = 10;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF === '1' ? path.join(import.meta.dirname, 'out', 'profiles') : undefined;
const log = (msg: string) => console.log(`• ${msg}`);

interface ClientReport {
  sent: number; measured: number; latencies: number[]; statuses: Record<string, number>; verdicts: Record<string, number>; maxSendLagMs: number;
}

/** Posts the comments the run's replies answer (each from a network of its own); the ids of those published. */
async function postParents(base: string, slug: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < PARENTS; i++) {
    const res = await request(`${base}/api/v1/articles/${slug}/comments`, {
      method: 'POST', headers: { 'x-forwarded-for': `10.250.0.${i + 1}` },
      json: { authorName: `Early reader ${i + 1}`, authorEmail: `early.${i}@example.org`, body: `An early remark on the ferry budget, number ${i + 1}, about the timetable and the fares.` },
    });
    const c = res.status === 201 ? (JSON.parse(res.text) as { comment: { id: number; status: string } }).comment : undefined;
    if (c?.status === 'published') ids.push(c.id);
  }
  if (ids.length === 0) throw new Error('none of the comments to reply to was published');
  return ids;
}

async function runDialect(dialect: Dialect, openLoop: string) {
  const g = await startGazette(dialect, { cpuProfDir: CPU_PROF_DIR, env: { GAZETTE_WORKERS: String(WORKERS) } });
  try {
    const article = await createArticle(g.base, g.token, 'Harbour ferry budget: what the council decided');
    log(`${dialect}: server pid ${g.pid} on ${g.base}, article /articles/${article.slug}; posting ${RATE}/s for ${WARMUP} + ${SECONDS} s`);
    const parents = REPLY_PERCENT > 0 ? await postParents(g.base, article.slug) : [];
    const rssBefore = rssMiB(g.pid);
    const cpuBefore = processTreeCpuMs(g.pid);
    const requests = path.join(trackDir(fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-posts-'))), 'requests.bin');
    writePostRequests(requests, { base: g.base, slug: article.slug, count: RATE * (WARMUP + SECONDS), seed: 7, parents, replyShare: REPLY_PERCENT / 100 });
    const url = new URL(g.base);
    const reportFile = path.join(path.dirname(requests), 'report.json');
    const client = spawnManaged('open-loop', openLoop, [url.hostname, url.port, requests, String(RATE), String(WARMUP), reportFile], { cwd: ROOT });
    let cpu: CpuReport | null = null;
    let measure: (() => CpuReport | null) | undefined;
    const warmTimer = setTimeout(() => { void eventLoopDelay(g.base); measure = cpuWindow({ groups: { server: [g.pid], client: [client.child.pid!], ...(dialect === 'postgres' && { postgres: postgresPids() }) } }); }, (WARMUP + 1) * 1000);
    const code = await new Promise<number | null>((resolve) => client.child.once('close', (c) => resolve(c)));
    clearTimeout(warmTimer);
    cpu = measure ? measure() : null;
    const loop = await eventLoopDelay(g.base);
    if (code !== 0 || !fs.existsSync(reportFile)) throw new Error(`open-loop client failed (exit ${code}):\n${client.output().slice(-3000)}`);
    const rep = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ClientReport;
    // The server's own CPU per post (all of its threads, warm-up included): a figure other load on the
    // machine does not change, unlike the latencies.
    const cpuPerPostMs = (processTreeCpuMs(g.pid) - cpuBefore) / rep.sent;
    const p = percentiles(rep.latencies);
    const tail = overGoal(rep.latencies, RATE, GOAL_P99_MS);
    const problems = serverProblems(g.server.output());
    return { dialect, ...p, tail, rep, cpu, cpuPerPostMs, loop, rssBefore, rssAfter: rssMiB(g.pid), problems };
  } finally {
    await g.close();
  }
}

/**
 * The posts over the goal and how they bunch: a post is sent at its index / rate (the generator keeps the
 * send order), and posts over the goal whose waits overlap (one sent before the previous slow one was
 * answered) are one stall — many posts held up by one cause (a pause of the server, of the database, of the
 * machine) — where slow posts each on their own point at the posts' own work.
 */
function overGoal(latencies: readonly number[], rate: number, goalMs: number): { posts: number; stalls: number; longestMs: number } {
  let posts = 0, stalls = 0, longestMs = 0, start = 0, end = -Infinity;
  latencies.forEach((ms, i) => {
    if (!(ms > goalMs)) return;
    const sent = (i * 1000) / rate;
    posts++;
    if (sent > end) { stalls++; start = sent; }
    end = Math.max(end, sent + ms);
    longestMs = Math.max(longestMs, end - start);
  });
  return { posts, stalls, longestMs };
}

/** Compiles the native generator when missing or older than its source; its path. */
function buildOpenLoop(): string {
  const src = path.join(import.meta.dirname, 'lib', 'open-loop.c');
  const bin = path.join(import.meta.dirname, 'out', 'open-loop');
  if (fs.existsSync(bin) && fs.statSync(bin).mtimeMs >= fs.statSync(src).mtimeMs) return bin;
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const cc = process.env.CC || 'cc';
  const r = spawnSync(cc, ['-O2', '-Wall', '-o', bin, src], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cc} could not build ${src} (the C compiler npm uses for better-sqlite3 is needed)`);
  return bin;
}
async function main() {
  ensureBuild();
  const openLoop = buildOpenLoop();
  const loadAtStart = os.loadavg()[0]!;
  const rows = [];
  for (const d of DIALECTS) rows.push(await runDialect(d, openLoop));
  console.log(`\n## Comment posts at ${RATE}/s, ${WORKERS === 1 ? 'one server process' : `${WORKERS} workers`}, open loop, ${SECONDS} s measured after ${WARMUP} s warm-up (goal: p99 < ${GOAL_P99_MS} ms)\n`);
  console.log('| dialect | posts | p50 ms | p90 ms | p99 ms | max ms | goal | posts over the goal: stalls, longest | verdicts | non-201 | server event loop held up p99 / max ms | server CPU ms per post | server CPU | PostgreSQL CPU | generator CPU | other load | flags |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const non201 = Object.entries(r.rep.statuses).filter(([s]) => s !== '201').map(([s, n]) => `${s}×${n}`).join(' ') || '0';
    const verdicts = Object.entries(r.rep.verdicts).map(([v, n]) => `${v} ${n}`).join(', ');
    const flags = [
      ...(r.cpu && r.cpu.otherPct > 10 ? [`disturbed (other processes ${fmt(r.cpu.otherPct, 0)} % of the machine)`] : []),
      ...(r.rep.maxSendLagMs > 5 ? [`client late by up to ${fmt(r.rep.maxSendLagMs)} ms`] : []),
      ...(r.problems.length ? [`${r.problems.length} server warnings`] : []),
    ].join('; ') || '—';
    console.log(`| ${r.dialect} | ${r.rep.measured} | ${fmt(r.p50, 2)} | ${fmt(r.p90, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.max, 1)} | ${r.p99 < GOAL_P99_MS ? 'met' : 'missed'} | ${r.tail.posts}: ${r.tail.stalls}, ${fmt(r.tail.longestMs, 0)} ms | ${verdicts} | ${non201} | ${r.loop ? `${fmt(r.loop.p99, 1)} / ${fmt(r.loop.max, 1)}` : 'n/a'} | ${fmt(r.cpuPerPostMs, 2)} | ${r.cpu ? `${fmt((r.cpu.cores.server ?? 0) * 100, 0)} %` : 'n/a'} | ${r.cpu && r.dialect === 'postgres' ? `${fmt((r.cpu.cores.postgres ?? 0) * 100, 0)} %` : '—'} | ${r.cpu ? `${fmt((r.cpu.cores.client ?? 0) * 100, 0)} %` : 'n/a'} | ${r.cpu ? `${fmt(r.cpu.otherPct, 0)} %` : 'n/a'} | ${flags} |`);
  }
  for (const r of rows) if (r.problems.length) console.log(`\n${r.dialect} server warnings (first 5):\n  ${r.problems.slice(0, 5).join('\n  ')}`);
  console.log(`\nload average at start ${fmt(loadAtStart, 2)}, at end ${fmt(os.loadavg()[0]!, 2)}; ${os.availableParallelism()} CPUs; RSS MiB ${rows.map((r) => `${r.dialect} ${r.rssBefore}→${r.rssAfter}`).join(', ')}`);
  if (CPU_PROF_DIR) console.log(`CPU profiles in ${CPU_PROF_DIR}`);
}

main().then(cleanupAll, async (err) => { console.error(err); await cleanupAll(); process.exit(1); });
