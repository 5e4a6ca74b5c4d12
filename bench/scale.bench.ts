// Large-site benchmark: `npm run bench:scale`. Prints figures; never part of `npm test`.
// Home, tag, archive and search pages of a site with 100,000 articles and 1,000,000 comments, on SQLite and on
// PostgreSQL. Goal (issue 14): p99 < 50 ms for each page on each dialect.
//
// 1. The data: `gazette seed --articles N --comments M` (src/cli/seed-command.ts) into a fresh SQLite file in a
//    temp dir and into a PostgreSQL database it creates (gazette_bench_scale) and drops at the end. Seeding
//    100k + 1M takes minutes: SCALE_SQLITE_DB=<file> and SCALE_PG_DB=<database name> reuse a seeded one
//    (`DATABASE_URL=sqlite:/tmp/scale.db npm run gazette -- seed --articles 100000 --comments 1000000`), and
//    SCALE_KEEP=1 keeps what the bench seeded (it prints where).
// 2. The production server (`node dist/main.js`, built first by scripts/ensure-build.mjs when stale), one
//    process, on CPU 0; wrk (bench/lib/wrk.ts) on CPU 1, in its own process.
// 3. The pages: home, home page 50, a common tag, a rare tag (the rarest of the seed's tags that has a page),
//    the archive's months, one archive month, the search page for a common word and a rare one. Each page
//    twice, on two servers: listing pages kept in memory (the default: a request without cookies is served
//    from memory until a change) and rendered for every request (LISTING_CACHE_SECONDS=0: every request runs
//    its queries and rendering, what each first request after a change costs). Search is never kept.
// 4. Load: wrk -t1 -c4 (BENCH_CONNECTIONS): a low connection count, so p99 is the time of one request's
//    queries and rendering rather than time spent queueing behind the others (with 50 connections p99 would
//    mostly measure the queue). Each row after a warm-up (BENCH_WARMUP s) for BENCH_DURATION s.
// 5. CPU during each row from /proc: Gazette, PostgreSQL's processes, wrk, and everything else. Flags:
//    "generator-limited" (wrk ≥ 90 % of its core), "disturbed" (other processes > 10 % of the machine: the
//    machine is shared, so figures from a disturbed row are slower than the code), "errors".
// 6. Prints a Markdown table per dialect and writes bench/out/scale.json.
//
// Knobs (env): SCALE_LISTING_CACHE (both | on | off), SCALE_PAGES (names' starts, e.g. `search` or `home,archive`; all by default), SCALE_ARTICLES (100000), SCALE_COMMENTS (1000000), SCALE_DIALECTS (sqlite,postgres),
// SCALE_SQLITE_DB, SCALE_PG_DB, SCALE_KEEP, PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_DURATION (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (4).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GENERATOR_LIMIT_CORES, OTHER_LOAD_LIMIT_PCT } from './lib/page-report.js';
import { cleanupAll, serverProblems, spawnManaged, trackDir } from './lib/procs.js';
import { rawGet } from './lib/http.js';
import { findTools } from './lib/tools.js';
import { fmt, fmtInt, freePort, waitUntil } from './lib/util.js';
import { runWrk } from './lib/wrk.js';
import { postgresPids } from './lib/cpu.js';
import { TAGS, VOCABULARY, tagOf, wordOf } from '../src/cli/seed-content.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_FILE = path.join(import.meta.dirname, 'out', 'scale.json');
const env = (name: string, def: string) => process.env[name] || def;
const int = (name: string, def: number) => {
  const n = Number(env(name, String(def)));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};
const ARTICLES = int('SCALE_ARTICLES', 100_000);
const COMMENTS = int('SCALE_COMMENTS', 1_000_000);
const DIALECTS = env('SCALE_DIALECTS', 'sqlite,postgres').split(',').map((d) => d.trim()) as ('sqlite' | 'postgres')[];
const DURATION = int('BENCH_DURATION', 10);
const WARMUP = int('BENCH_WARMUP', 2);
const CONNECTIONS = int('BENCH_CONNECTIONS', 4);
const PG_ADMIN = env('PG_ADMIN_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
const GOAL_P99_MS = 50;
/** Listing pages kept in memory (the default, LISTING_CACHE_SECONDS=60) and rendered for every request (=0). */
const MODES = ({ both: ['kept', 'rendered'], on: ['kept'], off: ['rendered'] } as const)[env('SCALE_LISTING_CACHE', 'both') as 'both' | 'on' | 'off'];
if (!MODES) throw new Error('SCALE_LISTING_CACHE must be both, on or off');
/** Which pages (the start of their names: home, common tag, rare tag, archive, search, …; comma-separated); all by default. */
const PAGES = env('SCALE_PAGES', 'home,common tag,rare tag,archive,search').split(',').map((p) => p.trim()).filter(Boolean);
type Mode = (typeof MODES)[number];
const BENCH_DB = 'gazette_bench_scale';

const log = (msg: string) => console.log(`• ${msg}`);
const HEADERS: readonly (readonly [string, string])[] = [['Accept', 'text/html'], ['Accept-Encoding', 'gzip, deflate, br']];

interface Row {
  dialect: string; mode: Mode; page: string; path: string; bodyBytes: number; requestsPerSec: number;
  p50: number; p99: number; max: number; errors: number;
  cpu: { gazette: number; postgres: number; wrk: number; otherPct: number } | null; flags: string[];
}

function seedInto(databaseUrl: string, mediaDir: string) {
  log(`seeding ${fmtInt(ARTICLES)} articles and ${fmtInt(COMMENTS)} comments into ${databaseUrl} (minutes) …`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/gazette.ts', 'seed', '--articles', String(ARTICLES), '--comments', String(COMMENTS)], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, DEMO_CONTENT: 'false' },
  });
  if (r.status !== 0) throw new Error(`seeding failed (exit ${r.status})`);
  log(`seeded in ${fmt((Date.now() - started) / 1000, 0)} s`);
}

async function pgAdmin(statement: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try { await c.query(statement); } finally { await c.end(); }
}
const pgUrl = (name: string) => { const u = new URL(PG_ADMIN); u.pathname = `/${name}`; return u.toString(); };

async function measureDialect(dialect: 'sqlite' | 'postgres', tmp: string, tools: ReturnType<typeof findTools>): Promise<Row[]> {
  let databaseUrl: string;
  let drop: (() => Promise<void>) | undefined;
  const media = path.join(tmp, 'media');
  if (dialect === 'sqlite') {
    const reuse = process.env.SCALE_SQLITE_DB;
    const file = reuse ?? path.join(process.env.SCALE_KEEP === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-scale-')) : tmp, 'scale.db');
    databaseUrl = `sqlite:${file}`;
    if (!reuse) seedInto(databaseUrl, media);
    else log(`reusing ${file}`);
  } else {
    const reuse = process.env.SCALE_PG_DB;
    databaseUrl = pgUrl(reuse ?? BENCH_DB);
    if (!reuse) {
      await pgAdmin(`drop database if exists ${BENCH_DB} with (force)`);
      await pgAdmin(`create database ${BENCH_DB}`);
      if (process.env.SCALE_KEEP !== '1') drop = () => pgAdmin(`drop database if exists ${BENCH_DB} with (force)`);
      seedInto(databaseUrl, media);
    } else log(`reusing database ${reuse}`);
  }
  try {
    const rows: Row[] = [];
    for (const mode of MODES) rows.push(...await measureServer(dialect, mode, databaseUrl, media, tools));
    return rows;
  } finally {
    if (drop) await drop();
  }
}

/** One server on the seeded database, its listing pages kept in memory or rendered for every request. */
async function measureServer(dialect: 'sqlite' | 'postgres', mode: Mode, databaseUrl: string, media: string, tools: ReturnType<typeof findTools>): Promise<Row[]> {
  {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serverEnv: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: databaseUrl, MEDIA_DIR: media, DEMO_CONTENT: 'false', NODE_ENV: 'production',
      LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', GAZETTE_WORKERS: '1', BASE_URL: base,
      LISTING_CACHE_SECONDS: mode === 'kept' ? '60' : '0',
    };
    const server = spawnManaged(`gazette ${dialect}`, process.execPath, ['dist/main.js'], { cwd: ROOT, env: serverEnv, pin: { taskset: tools.taskset!, cpuList: '0' } });
    await waitUntil('gazette /healthz', async () => (await rawGet(`${base}/healthz`, [])).status === 200, 120_000, server.deadError);
    log(`${dialect}: server up on ${base} (pid ${server.child.pid}), listing pages ${mode === 'kept' ? 'kept in memory' : 'rendered for every request'}`);

    // The pages. The rare tag: the rarest seeded tag with a page; the rare word: a tail word that finds 1–20 articles.
    const ok = async (p: string) => (await rawGet(`${base}${p}`, HEADERS)).status === 200;
    let rareTag = '';
    for (let rank = TAGS - 1; rank > 0 && !rareTag; rank -= 7) if (await ok(`/tags/${encodeURIComponent(tagOf(rank))}`)) rareTag = tagOf(rank);
    let rareWord = '';
    let rareHits = 0;
    for (let rank = VOCABULARY - 1; rank > 1000 && !rareWord; rank -= 997) {
      const r = await rawGet(`${base}/api/v1/search?q=${wordOf(rank)}&limit=1`, []);
      const total = r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as { total: number }).total : 0;
      if (total >= 1 && total <= 100) { rareWord = wordOf(rank); rareHits = total; }
    }
    if (!rareTag || !rareWord) throw new Error(`${dialect}: no rare tag or word found (tag "${rareTag}", word "${rareWord}"): is the site seeded?`);
    const monthsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
    const month = `${monthsAgo.getUTCFullYear()}/${String(monthsAgo.getUTCMonth() + 1).padStart(2, '0')}`;
    const pages = [
      ['home', '/'], ['home, page 50', '/?page=50'], [`common tag (${tagOf(0)})`, `/tags/${tagOf(0)}`], [`rare tag (${rareTag})`, `/tags/${rareTag}`],
      ['archive (months)', '/archive'], [`archive month (${month})`, `/archive/${month}`],
      ['search, common word (council)', '/search?q=council'], [`search, rare word (${rareWord}: ${rareHits} articles)`, `/search?q=${rareWord}`],
    ] as const;

    const rows: Row[] = [];
    for (const [page, p] of pages.filter(([name]) => PAGES.some((want) => name.startsWith(want)))) {
      const url = `${base}${p}`;
      const first = await rawGet(url, HEADERS);
      if (first.status !== 200) throw new Error(`${dialect} ${p}: HTTP ${first.status}`);
      const wrkBase = { wrk: tools.wrk, url, connections: CONNECTIONS, threads: 1, timeoutS: 10, headers: HEADERS, pin: { taskset: tools.taskset!, cpuList: '1' } };
      if (WARMUP > 0) await runWrk({ ...wrkBase, durationS: WARMUP });
      const r = await runWrk({ ...wrkBase, durationS: DURATION, cpuGroups: { gazette: [server.child.pid!], postgres: postgresPids() } });
      const s = r.socketErrors;
      const errors = r.statusErrors + s.connect + s.read + s.write + s.timeout;
      const cpu = r.cpu ? { gazette: r.cpu.cores.gazette ?? 0, postgres: r.cpu.cores.postgres ?? 0, wrk: r.cpu.cores.wrk ?? 0, otherPct: r.cpu.otherPct + r.cpu.stealPct } : null;
      const flags: string[] = [];
      if (cpu && cpu.wrk >= GENERATOR_LIMIT_CORES) flags.push('generator-limited');
      if (cpu && cpu.otherPct > OTHER_LOAD_LIMIT_PCT) flags.push('disturbed');
      if (errors > 0) flags.push('errors');
      const row: Row = { dialect, mode, page, path: p, bodyBytes: first.body.length, requestsPerSec: r.requestsPerSec, p50: r.latencyMs.p50, p99: r.latencyMs.p99, max: r.latencyMs.max, errors, cpu, flags };
      rows.push(row);
      log(`${dialect} ${mode} ${page}: ${fmtInt(row.requestsPerSec)} req/s, p50 ${fmt(row.p50, 2)} ms, p99 ${fmt(row.p99, 2)} ms${flags.length ? ` [${flags.join(', ')}]` : ''}`);
    }
    await server.stop();
    const problems = serverProblems(server.output());
    if (problems.length > 0) log(`${dialect}: the server logged ${problems.length} warning(s): ${problems.slice(0, 3).join(' | ')}`);
    return rows;
  }
}

function table(rows: Row[]): string[] {
  const out = [
    `| Dialect | Listing pages | Page | Body bytes | Req/s | p50 (ms) | p99 (ms) | Max (ms) | Goal p99 < ${GOAL_P99_MS} ms | CPU Gazette / PostgreSQL / wrk (cores) | Other (% machine) | Flags |`,
    '|---|---|---|--:|--:|--:|--:|--:|:-:|--:|--:|---|',
  ];
  for (const r of rows) {
    out.push(`| ${r.dialect} | ${r.mode === 'kept' ? 'kept in memory' : 'rendered each request'} | ${r.page} | ${fmtInt(r.bodyBytes)} | ${fmtInt(r.requestsPerSec)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.max, 1)} | ` +
      `${r.p99 < GOAL_P99_MS ? 'PASS' : 'FAIL'} | ${r.cpu ? `${fmt(r.cpu.gazette, 2)} / ${fmt(r.cpu.postgres, 2)} / ${fmt(r.cpu.wrk, 2)}` : 'n/a'} | ${r.cpu ? fmt(r.cpu.otherPct, 1) : 'n/a'} | ${r.flags.join(', ') || '—'} |`);
  }
  return out;
}

async function main() {
  const tools = findTools({ pin: true });
  if (os.availableParallelism() < 2) throw new Error('needs 2 CPUs (server on CPU 0, wrk on CPU 1)');
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  const tmp = trackDir(fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-scale-bench-')));
  const loadAtStart = os.loadavg()[0]!;
  const rows: Row[] = [];
  for (const d of DIALECTS) rows.push(...await measureDialect(d, tmp, tools));
  const lines = [
    '',
    `## Large site: ${fmtInt(ARTICLES)} articles, ${fmtInt(COMMENTS)} comments (wrk -t1 -c${CONNECTIONS} -d${DURATION}s, server on CPU 0, wrk on CPU 1)`,
    '',
    ...table(rows),
    '',
    `Load average at start ${fmt(loadAtStart, 2)} on ${os.availableParallelism()} CPUs. "disturbed": other processes used more than ${OTHER_LOAD_LIMIT_PCT} % of the machine during the row.`,
  ];
  console.log(lines.join('\n'));
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, JSON.stringify({ articles: ARTICLES, comments: COMMENTS, connections: CONNECTIONS, durationS: DURATION, loadAtStart, rows }, null, 2));
  log(`wrote ${path.relative(ROOT, OUT_FILE)}`);
}

main().then(() => cleanupAll(), async (err) => {
  console.error(err);
  await cleanupAll();
  process.exitCode = 1;
});
