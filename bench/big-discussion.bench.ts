// An article with 10,000 comments: `npm run bench:discussion`. Prints figures; never part of `npm test`.
//
// For each dialect (SQLite in a temp dir; PostgreSQL in a database created and dropped by the bench):
// 1. Seeds one article with BENCH_COMMENTS comments (default 10,000, a third of them replies) through
//    comments.importComment (bench/lib/discussion-seed.ts), before the production server starts.
// 2. Starts the production server (node dist/main.js; the job runner every hour, so the imports' notification
//    jobs stay queued; ANALYZE on PostgreSQL after the import).
// 3. Each sort (newest, oldest, votes): wrk (-t1, BENCH_CONNECTIONS connections, BENCH_DURATION s) on the
//    cached article page and on the comments API; then the page right after a write: a vote (from a reader
//    of its own) makes the cached page stale, the next GET renders it again (x-page-cache: miss), one after
//    the other, BENCH_MISSES times; the same for the API.
// 4. `?all=1` (up to 1,000 threads, every reply) right after a write, plain and brotli: time, bytes, and the
//    server's resident memory sampled every 5 ms during the request (peak over the level before).
// 5. Memory over many requests (BENCH_MEMORY_REQUESTS, default 1,000,000; 0 skips): wrk rows of 10 s in
//    turn on the cached pages of each sort, `?all=1` and the API, while a writer votes 10 times a second
//    (so pages are rendered again all along); RSS sampled every 2 s, and between two wrk rows the live memory:
//    the server (started with bench/lib/gc-probe.mjs) collects its garbage on SIGUSR2 and prints its V8 heap
//    and external memory. Verdict: bounded caches fill in the first half and then hold, a leak goes on
//    climbing, so the live heap at the end is compared with the least of the second half (within 16 MiB),
//    and memory outside the heap (the cached pages' bytes) with the page caches' bounds.
//
// Knobs (env): BENCH_DIALECTS (sqlite,postgres), BENCH_COMMENTS (10000), BENCH_DURATION (5), BENCH_CONNECTIONS
// (10), BENCH_MISSES (100), BENCH_MEMORY_REQUESTS (1000000), BENCH_MEMORY_DIALECTS (default BENCH_DIALECTS).
import os from 'node:os';
import { envInt, percentiles } from './lib/bench-env.js';
import { seedDiscussion } from './lib/discussion-seed.js';
import { ensureBuild, startGazette, type Dialect, type Gazette } from './lib/gazette-server.js';
import { expectStatus, rawGet, request } from './lib/http.js';
import { cleanupAll, rssMiB } from './lib/procs.js';
import { findTools } from './lib/tools.js';
import { fmt, fmtInt, sleep } from './lib/util.js';
import { runWrk, type WrkResult } from './lib/wrk.js';

const DIALECTS = (process.env.BENCH_DIALECTS || 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
const MEMORY_DIALECTS = (process.env.BENCH_MEMORY_DIALECTS || DIALECTS.join(',')).split(',').map((d) => d.trim()) as Dialect[];
const COMMENTS = envInt('BENCH_COMMENTS', 10_000, 10, 1_000_000);
const DURATION = envInt('BENCH_DURATION', 5, 1, 600);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 10, 1, 1000);
const MISSES = envInt('BENCH_MISSES', 100, 1, 100_000);
const MEMORY_REQUESTS = envInt('BENCH_MEMORY_REQUESTS', 1_000_000, 0, 100_000_000);
/** Growth between the run's two halves still counted as stable (allocator and GC noise), MiB. */
const MEMORY_SLACK_MIB = 16;
/** What the page caches may hold in all, MiB: article pages 32 (platform/http/page-cache.ts), listings 16, searches 16. */
const CACHED_BYTES_MIB = 64;
const SORTS = ['newest', 'oldest', 'votes'] as const;
const GOAL_MS = 20;
const log = (msg: string) => console.log(`• ${msg}`);

let voteNo = 0;
/** A vote from a reader of its own (no cookie, a network of its own): the article's cached pages go stale. */
async function vote(g: Gazette, ids: number[]) {
  const i = ++voteNo;
  const id = ids[(i * 7919) % ids.length]!;
  const res = await request(`${g.base}/api/v1/comments/${id}/vote`, { method: 'POST', headers: { 'x-forwarded-for': `10.200.${(i >> 8) & 255}.${i & 255}` }, json: { value: 1 } });
  expectStatus(res, 200, `vote on ${id}`);
}

interface Row { dialect: Dialect; what: string; sort: string; p50: number; p90?: number; p99: number; max: number; rps?: number; n: number; note?: string }

async function runDialect(dialect: Dialect, wrk: string, rows: Row[], memory: string[]) {
  let seeded: Awaited<ReturnType<typeof seedDiscussion>> | undefined;
  // The jobs the import queued (notification mails) would run during the measurements: the job runner waits
  // an hour between rounds here. PostgreSQL's statistics are brought up to date after the import, as
  // autovacuum would do shortly after.
  const g = await startGazette(dialect, {
    env: { JOBS_INTERVAL_MS: '3600000' },
    prepare: async (env) => { seeded = await seedDiscussion(env, { comments: COMMENTS, replyShare: 1 / 3 }); },
    analyze: true,
    gcProbe: true,
  });
  try {
    const { slug, ids } = seeded!;
    log(`${dialect}: ${fmtInt(COMMENTS)} comments imported in ${fmt(seeded!.ms / 1000)} s; server pid ${g.pid}, /articles/${slug}`);
    const pageUrl = (sort: string, extra = '') => `${g.base}/articles/${slug}?sort=${sort}${extra}`;
    const apiUrl = (sort: string) => `${g.base}/api/v1/articles/${slug}/comments?sort=${sort}`;
    const wrkRow = async (url: string) => runWrk({ wrk, url, connections: CONNECTIONS, threads: 1, durationS: DURATION, timeoutS: 10, headers: [['Accept-Encoding', 'br']] });
    const fromWrk = (what: string, sort: string, w: WrkResult): Row => ({
      dialect, what, sort, p50: w.latencyMs.p50, p90: w.latencyMs.p90, p99: w.latencyMs.p99, max: w.latencyMs.max, rps: w.requestsPerSec, n: w.requests,
      note: w.statusErrors || w.socketErrors.timeout ? `${w.statusErrors} errors, ${w.socketErrors.timeout} timeouts` : undefined,
    });
    // Warm-up (JIT, the job runner's first round at start), not measured: otherwise the first rows carry it.
    for (const url of [pageUrl('newest'), apiUrl('newest')]) {
      await runWrk({ wrk, url, connections: CONNECTIONS, threads: 1, durationS: 3, timeoutS: 10, headers: [['Accept-Encoding', 'br']] });
    }
    for (const sort of SORTS) {
      const first = await rawGet(pageUrl(sort), [['accept-encoding', 'br']]);
      expectStatus(first, 200, `GET ${pageUrl(sort)}`);
      rows.push(fromWrk('page, cached', sort, await wrkRow(pageUrl(sort))));
      rows.push(fromWrk('API', sort, await wrkRow(apiUrl(sort))));
      // Right after a write: every GET renders the page again.
      const pageMs: number[] = [];
      const apiMs: number[] = [];
      let notMiss = 0;
      for (let i = 0; i < MISSES; i++) {
        await vote(g, ids);
        const r = await rawGet(pageUrl(sort), [['accept-encoding', 'br']]);
        expectStatus(r, 200, `GET ${pageUrl(sort)} after a vote`);
        if (r.headers['x-page-cache'] !== 'miss') notMiss++;
        pageMs.push(r.ms);
        await vote(g, ids);
        const a = await rawGet(apiUrl(sort), []);
        expectStatus(a, 200, `GET ${apiUrl(sort)} after a vote`);
        apiMs.push(a.ms);
      }
      const pp = percentiles(pageMs);
      rows.push({ dialect, what: 'page, after a write (miss)', sort, ...pp, note: notMiss ? `${notMiss} not a miss` : undefined });
      rows.push({ dialect, what: 'API, after a write', sort, ...percentiles(apiMs) });
    }
    // ?all=1 right after a write, with the server's memory sampled during the request.
    for (const enc of ['identity', 'br'] as const) {
      await vote(g, ids);
      await sleep(300);
      const before = rssMiB(g.pid) ?? NaN;
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(g.pid) ?? 0); }, 5);
      await request(pageUrl('votes')); // kept again after the vote
      const pending = rawGet(pageUrl('newest', '&all=1'), enc === 'br' ? [['accept-encoding', 'br']] : []);
      // Meanwhile, a reader of a page kept in memory, on another connection: is it kept waiting?
      await sleep(20);
      const other = await request(pageUrl('votes'));
      const r = await pending;
      clearInterval(sampler);
      peak = Math.max(peak, rssMiB(g.pid) ?? 0);
      expectStatus(r, 200, '?all=1');
      const shown = enc === 'identity' ? (r.body.toString('utf8').match(/data-comment-id=/g) ?? []).length : undefined;
      rows.push({
        dialect, what: `?all=1 after a write, ${enc}`, sort: 'newest', p50: r.ms, p99: r.ms, max: r.ms, n: 1,
        note: `${fmtInt(r.body.length)} bytes${shown !== undefined ? `, ${fmtInt(shown)} comments` : ''}; first byte after ${fmt(r.firstByteMs, 1)} ms${r.headers['content-length'] === undefined ? ' (streamed)' : ''}; a cached page asked 20 ms in: ${fmt(other.ms, 1)} ms; RSS ${before} → peak ${peak} MiB (+${peak - before})`,
      });
    }
    if (MEMORY_REQUESTS > 0 && MEMORY_DIALECTS.includes(dialect)) memory.push(await memoryRow(g, dialect, wrk, ids, [pageUrl('newest'), pageUrl('oldest'), pageUrl('votes'), apiUrl('newest'), pageUrl('newest', '&all=1'), apiUrl('votes')]));
  } finally {
    await g.close();
  }
}

/** Live memory after a full garbage collection (bench/lib/gc-probe.mjs), MiB: V8 heap and memory outside it (Buffers). */
interface Live { at: number; heap: number; external: number }

/** Asks the server to collect its garbage and reads what is still alive (undefined when it did not answer in 5 s). */
async function probeLive(g: Gazette, at: number): Promise<Live | undefined> {
  const lines = () => g.server.output().split('\n').filter((l) => l.startsWith('GC_PROBE '));
  const before = lines().length;
  process.kill(g.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    const all = lines();
    if (all.length > before) {
      const m = JSON.parse(all[all.length - 1]!.slice('GC_PROBE '.length)) as { heap: number; external: number };
      return { at, heap: Math.round(m.heap / 2 ** 20), external: Math.round(m.external / 2 ** 20) };
    }
  }
  return undefined;
}

/**
 * Whether memory kept growing. The V8 heap holds the kept objects (thread pages, articles, counts) of bounded
 * caches: they fill in the run's first half and then hold, a leak goes on climbing, so the live heap at the end
 * is compared with the least of the second half, within MEMORY_SLACK_MIB. Memory outside the heap is mostly
 * the cached pages' bytes, emptied by every vote and bounded by the page caches' sizes (CACHED_BYTES_MIB).
 */
function memoryVerdict(live: readonly Live[], endAt: number): string {
  const second = live.filter((l) => l.at >= endAt / 2);
  if (second.length < 2) return 'too short to tell';
  const low = Math.min(...second.map((l) => l.heap));
  const last = second[second.length - 1]!.heap;
  const external = Math.max(...live.map((l) => l.external));
  const said = `live heap at the end ${last} MiB, least of the second half ${low}; external at most ${external} MiB (page caches hold up to ${CACHED_BYTES_MIB})`;
  const grew = last - low > MEMORY_SLACK_MIB || external > CACHED_BYTES_MIB + MEMORY_SLACK_MIB;
  return `${grew ? 'GREW' : 'stable'} (${said})`;
}

async function memoryRow(g: Gazette, dialect: Dialect, wrk: string, ids: number[], urls: string[]): Promise<string> {
  const rssSamples: number[] = [];
  const live: Live[] = [];
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const first = await probeLive(g, 0);
  if (first) live.push(first);
  const sampler = setInterval(() => { rssSamples.push(rssMiB(g.pid) ?? NaN); }, 2000);
  let writing = true;
  let writes = 0;
  const writer = (async () => { while (writing) { await vote(g, ids).then(() => writes++, () => {}); await sleep(100); } })();
  let total = 0;
  let errors = 0;
  let row = 0;
  try {
    while (total < MEMORY_REQUESTS) {
      const url = urls[row++ % urls.length]!;
      const w = await runWrk({ wrk, url, connections: CONNECTIONS, threads: 1, durationS: 10, timeoutS: 10, headers: [['Accept-Encoding', 'br']] });
      total += w.requests;
      errors += w.statusErrors + w.socketErrors.timeout;
      const l = await probeLive(g, seconds()); // between two wrk rows, every 10 s
      if (l) live.push(l);
      if (row % 10 === 0) log(`${dialect} memory: ${fmtInt(total)} requests, RSS ${rssMiB(g.pid)} MiB, live ${l ? `${l.heap} + ${l.external}` : '?'} MiB`);
    }
  } finally {
    writing = false;
    clearInterval(sampler);
    await writer;
  }
  const endAt = seconds();
  const rss = rssSamples.filter(Number.isFinite);
  const liveText = live.length ? live.filter((_, i) => i === 0 || i === live.length - 1 || i === Math.floor(live.length / 2)).map((l) => `${l.heap} + ${l.external}`).join(' → ') : 'n/a (no answer to SIGUSR2)';
  return `| ${dialect} | ${fmtInt(total)} | ${fmtInt(writes)} | ${errors} | ${rss[0] ?? '?'} | ${rss.length ? Math.max(...rss) : '?'} | ${rss[rss.length - 1] ?? '?'} | ${liveText} | ${fmt(endAt, 0)} s | ${memoryVerdict(live, endAt)} |`;
}

async function main() {
  const tools = findTools({ pin: false });
  ensureBuild();
  const loadAtStart = os.loadavg()[0]!;
  const rows: Row[] = [];
  const memory: string[] = [];
  for (const d of DIALECTS) await runDialect(d, tools.wrk, rows, memory);
  console.log(`\n## An article with ${fmtInt(COMMENTS)} comments (goal: p99 < ${GOAL_MS} ms for the first page and the API, cached or not)\n`);
  console.log(`wrk -t1 -c${CONNECTIONS} -d${DURATION}s for the cached rows; ${MISSES} sequential requests, each after a vote, for the "after a write" rows.\n`);
  console.log('| dialect | what | sort | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | goal | note |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const goal = r.what.startsWith('?all=1') ? '—' : r.p99 < GOAL_MS ? 'met' : 'missed';
    console.log(`| ${r.dialect} | ${r.what} | ${r.sort} | ${fmtInt(r.n)} | ${r.rps !== undefined ? fmtInt(r.rps) : '—'} | ${fmt(r.p50, 2)} | ${r.p90 !== undefined ? fmt(r.p90, 2) : '—'} | ${fmt(r.p99, 2)} | ${fmt(r.max, 1)} | ${goal} | ${r.note ?? ''} |`);
  }
  if (memory.length) {
    console.log('\n## Memory over many requests (wrk rows of 10 s in turn: cached pages of each sort, ?all=1, the API; 10 votes/s make pages render again)\n');
    console.log('| dialect | requests | votes | errors | RSS start MiB | RSS peak | RSS end | live heap + external MiB (start → middle → end) | time | verdict |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const m of memory) console.log(m);
  }
  console.log(`\nload average at start ${fmt(loadAtStart, 2)}, at end ${fmt(os.loadavg()[0]!, 2)} on ${os.availableParallelism()} CPUs (other engineers share them: a load above 2 means a disturbed run)`);
}

main().then(cleanupAll, async (err) => { console.error(err); await cleanupAll(); process.exit(1); });
