// Article page benchmark: `npm run bench`. Prints figures; never part of `npm test`.
// Needs wrk and nginx (separate native processes) and taskset: `bench/install-tools.sh` installs them on
// Debian (apt-get install -y wrk nginx-light). Without them the bench stops; there is no in-Node fallback.
//
// 1. Starts Gazette (production mode, fresh SQLite DB in a temp dir) as a child process on 127.0.0.1.
// 2. Seeds through the HTTP API (bench/lib/seed.ts): one ~1,000-word article, this month's campaign, 200
//    comments (134 top-level, 66 replies) and 300 votes, timing every write.
// 3. Fetches each page (default view; ?all=1) with the request headers of a browser, twice: without
//    Accept-Encoding (identity) and with Firefox's `gzip, deflate, br, zstd` (Gazette answers brotli), and
//    keeps the bytes Gazette sent, headers included.
// 4. The ceiling: nginx serves those very bytes from files (the brotli body with Content-Encoding: br, and
//    Gazette's other headers mirrored), checked byte for byte before the runs.
// 4b. Gazette behind deploy/nginx.conf (bench/lib/deploy-nginx.ts: the shipped file with this machine's ports
//    and paths), the caching proxy the README offers: its rows are the proxy's cache hits (BENCH_PROXY=0
//    leaves them out), on the server's CPUs with the ceiling's number of workers.
// 5. Load: wrk (-t1, one event loop; --latency; bench/lib/wrk-report.lua prints its summary as JSON) in its
//    own process. For each page and encoding the rows alternate Gazette, nginx, Gazette behind nginx, …
//    (BENCH_ROUNDS rounds), each after a warm-up. Before and after each Gazette row, plain GETs check that
//    the page comes from Gazette's page cache with the expected bytes (no response() hook in wrk: it would
//    slow the generator down).
// 6. Pinning (BENCH_PIN=split, the default): the server under test on CPU 0..n-2 (nginx with that many
//    workers), wrk on the last CPU, so neither takes the other's core. BENCH_PIN=none leaves placement to
//    the kernel (nginx: one worker per CPU).
// 7. CPU during each measured row, from /proc: the server under test, wrk, and every other process. Flags:
//    "generator-limited" when wrk used ≥ 90 % of its core(s) (it could not have asked faster, so the row
//    measures wrk), "disturbed" when other processes used > 10 % of the machine, plus "errors" and
//    "bytes-mismatch" (wrk read another size per response than a plain GET of the same request).
// 8. WordPress (BENCH_WORDPRESS=0 leaves it out; bench/lib/wordpress.ts): Debian's WordPress 6.1 with the same
//    article and 200 comments, behind nginx + PHP-FPM on the server's CPU, rows alternating with Gazette's
//    ?all=1 page (identity), and Gazette / WordPress (goal ≥ 200).
// 9. Prints Markdown tables (every row; the median per target and Gazette / nginx per page) and writes
//    bench/out/article-page.json.
//
// Knobs (env): BENCH_DURATION (s per row, default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (s before
// each row, default 2, 0 = none), BENCH_ROUNDS (default 2), BENCH_PIN (split | none), BENCH_WRK_THREADS
// (default 1), BENCH_ENCODINGS (default identity,br), BENCH_PROXY (1, 0 = no proxy rows), BENCH_CPU_PROF=1 (V8 .cpuprofile of the Gazette
// server into bench/out/profiles/).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuWindow } from './lib/cpu.js';
import { closeRawConnections, expectStatus, rawGet, request, type RawReply } from './lib/http.js';
import { startDeployNginx } from './lib/deploy-nginx.js';
import { headersToMirror, startNginx, type CeilingFile, type Nginx } from './lib/nginx.js';
import {
  GENERATOR_LIMIT_CORES, OTHER_LOAD_LIMIT_PCT, rowOf, rowsTable, summarisePages, summaryTable, type LoadRow, type Target,
} from './lib/page-report.js';
import { cleanupAll, rssMiB, serverProblems, spawnManaged, startedProcesses, trackDir } from './lib/procs.js';
import { REPLIES, seed, TOP_LEVEL, VOTES } from './lib/seed.js';
import { findTools } from './lib/tools.js';
import { fmt, freePort, summarise, waitUntil, type Summary } from './lib/util.js';
import { runWrk } from './lib/wrk.js';
import { compareWithWordPress, type WordPressReport } from './lib/wordpress-rows.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_FILE = path.join(import.meta.dirname, 'out', 'article-page.json');

function envInt(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}] (got ${JSON.stringify(raw)})`);
  return n;
}
function envChoice<T extends string>(name: string, def: T, allowed: readonly T[]): T {
  const raw = process.env[name] || def;
  if (!allowed.includes(raw as T)) throw new Error(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  return raw as T;
}

const DURATION = envInt('BENCH_DURATION', 10, 1, 600);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50, 1, 1000);
const WARMUP = envInt('BENCH_WARMUP', 2, 0, 60);
const ROUNDS = envInt('BENCH_ROUNDS', 2, 1, 20);
const WRK_THREADS = envInt('BENCH_WRK_THREADS', 1, 1, 64);
const PIN = envChoice('BENCH_PIN', 'split', ['split', 'none'] as const);
const ENCODINGS = (process.env.BENCH_ENCODINGS || 'identity,br').split(',').map((e) => e.trim()).filter(Boolean);
for (const e of ENCODINGS) if (e !== 'identity' && e !== 'br') throw new Error(`BENCH_ENCODINGS: unknown encoding ${JSON.stringify(e)} (identity, br)`);
const PROXY = envChoice('BENCH_PROXY', '1', ['1', '0'] as const) === '1';
const TIMEOUT_S = 10;
const GOAL = 0.5;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF === '1' ? path.join(import.meta.dirname, 'out', 'profiles') : undefined;

const log = (msg: string) => console.log(`• ${msg}`);

/** What Firefox 128 sends when a reader opens a link (no cookie: a first visit). */
const BROWSER_HEADERS: readonly (readonly [string, string])[] = [
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.5'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Upgrade-Insecure-Requests', '1'],
  ['Sec-Fetch-Dest', 'document'],
  ['Sec-Fetch-Mode', 'navigate'],
  ['Sec-Fetch-Site', 'none'],
  ['Sec-Fetch-User', '?1'],
  ['Priority', 'u=0, i'],
];
/** identity: the browser's headers without Accept-Encoding (as curl, or a proxy that decodes); br: as sent. */
const ENCODING_VARIANTS = {
  identity: { headers: BROWSER_HEADERS.filter(([k]) => k !== 'Accept-Encoding'), contentEncoding: undefined, suffix: '' },
  br: { headers: BROWSER_HEADERS, contentEncoding: 'br', suffix: '.br' },
} as const;
type EncodingName = keyof typeof ENCODING_VARIANTS;

const PAGES = [
  { key: 'default', label: 'default (20 threads)', query: '', file: 'article.html' },
  { key: 'all', label: '?all=1 (all comments)', query: '?all=1', file: 'article-all.html' },
] as const;

/** A response must be 200, in the expected encoding, with exactly the reference body. */
function checkSame(r: RawReply, ref: { sha256: string; bytes: number; contentEncoding: string | undefined }, what: string): void {
  expectStatus(r, 200, what);
  const enc = r.headers['content-encoding'];
  if (enc !== ref.contentEncoding) throw new Error(`${what}: Content-Encoding ${enc ?? '(none)'}, expected ${ref.contentEncoding ?? '(none)'}`);
  if (r.sha256 !== ref.sha256) throw new Error(`${what}: ${r.body.length} bytes that differ from the reference (${ref.bytes} bytes)`);
}

async function main() {
  const tools = findTools({ pin: PIN === 'split' });
  const cpus = os.availableParallelism();
  if (PIN === 'split' && cpus < 2) throw new Error(`BENCH_PIN=split needs at least 2 CPUs (this machine has ${cpus}); use BENCH_PIN=none`);
  const serverCpus = PIN === 'split' ? (cpus === 2 ? '0' : `0-${cpus - 2}`) : null;
  const wrkCpus = PIN === 'split' ? String(cpus - 1) : null;
  const serverPin = serverCpus ? { taskset: tools.taskset!, cpuList: serverCpus } : undefined;
  const wrkPin = wrkCpus ? { taskset: tools.taskset!, cpuList: wrkCpus } : undefined;
  const nginxWorkers = PIN === 'split' ? cpus - 1 : 'auto' as const;
  const machine = {
    cpuModel: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, availableParallelism: cpus,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version, nginx: tools.nginxVersion, wrk: tools.wrkVersion,
  };
  const loadAvgAtStart = os.loadavg()[0]!;
  const tmp = trackDir(fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-')));
  const token = crypto.randomBytes(32).toString('base64url').slice(0, 32);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`temp dir ${tmp}; wrk ${tools.wrkVersion}, nginx ${tools.nginxVersion}; pinning: ${PIN === 'split' ? `servers on CPU ${serverCpus}, wrk on CPU ${wrkCpus}` : 'none'}`);

  // 1. Start the server.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['BASE_URL', 'SITE_NAME', 'DATABASE_URL', 'MEDIA_DIR', 'DEMO_CONTENT', 'GAZETTE_ADMIN_TOKEN', 'NODE_ENV', 'LOG_LEVEL', 'PORT', 'HOST']) delete env[k];
  Object.assign(env, {
    DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`,
    MEDIA_DIR: path.join(tmp, 'media'),
    DEMO_CONTENT: 'false',
    GAZETTE_ADMIN_TOKEN: token,
    NODE_ENV: 'production',
    GAZETTE_WORKERS: process.env.GAZETTE_WORKERS ?? '1', // one process, as measured so far, unless asked
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    // As behind a reverse proxy: each seeded comment names its own reader network in X-Forwarded-For,
    // so the per-network rate limits see 200 readers, not one machine posting 200 comments.
    TRUST_PROXY: 'true',
  });
  // The production build, as `npm start` runs it (built first when missing or older than the sources).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const nodeArgs = [...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []), 'dist/main.js'];
  const server = spawnManaged('gazette', process.execPath, nodeArgs, { cwd: ROOT, env, pin: serverPin });
  const startupMs = await waitUntil('gazette GET /healthz', async () => (await request(`${base}/healthz`)).status === 200, 30_000, server.deadError);
  log(`gazette up on ${base} after ${fmt(startupMs, 0)} ms (pid ${server.child.pid})`);

  // 2. Seed through the HTTP API.
  const seedCpuDone = cpuWindow({ groups: { gazette: [server.child.pid!] } });
  const seeded = await seed(base, token);
  const seedCpu = seedCpuDone();
  const { slug } = seeded;

  // 3. Each page: a first GET (cache miss), then the reference bytes per encoding (cache hits).
  const pageFacts: Record<string, { path: string; bytes: number; commentsShown: number; commentsExpected: number; coldMs: number; coldCache: string | null }> = {};
  interface Variant {
    page: typeof PAGES[number]; encoding: EncodingName; url: string; nginxPath: string;
    /** What Gazette answers now (and nginx serves): replaced when the page cache renders the page again. */
    ref: RawReply; nginxHeaderBytes: number; rerenders: number;
  }
  const variants: Variant[] = [];
  for (const p of PAGES) {
    const url = `${base}/articles/${slug}${p.query}`;
    const cold = await rawGet(url, ENCODING_VARIANTS.identity.headers);
    expectStatus(cold, 200, `GET ${url}`);
    const shown = (cold.body.toString('utf8').match(/data-comment-id=/g) ?? []).length;
    pageFacts[p.key] = {
      path: `/articles/${slug}${p.query}`, bytes: cold.body.length, commentsShown: shown, commentsExpected: seeded.expectedShown[p.key],
      coldMs: cold.ms, coldCache: String(cold.headers['x-page-cache'] ?? null),
    };
    if (shown !== seeded.expectedShown[p.key]) log(`WARNING: ${p.label} renders ${shown} comments, the API lists ${seeded.expectedShown[p.key]}`);
    for (const e of ENCODINGS as EncodingName[]) {
      const v = ENCODING_VARIANTS[e];
      await rawGet(url, v.headers); // the first request in this encoding compresses the page once
      const ref = await rawGet(url, v.headers);
      checkSame(ref, { sha256: ref.sha256, bytes: ref.body.length, contentEncoding: v.contentEncoding }, `GET ${url} (${e})`);
      if (ref.headers['x-page-cache'] !== 'hit') throw new Error(`GET ${url} (${e}): x-page-cache ${ref.headers['x-page-cache']}, expected hit`);
      variants.push({ page: p, encoding: e, url, nginxPath: `/${p.file}${v.suffix}`, ref, nginxHeaderBytes: NaN, rerenders: 0 });
      log(`${p.label}, ${e}: ${ref.body.length} body bytes + ${ref.headerBytes} header bytes; first GET ${fmt(cold.ms)} ms (${cold.headers['x-page-cache']}), cached ${fmt(ref.ms)} ms`);
    }
  }
  const rssAfterSeed = rssMiB(server.child.pid);

  // 4. The ceiling: nginx with the same bytes and headers.
  const ceilingFiles = (): CeilingFile[] => variants.map((v) => ({ urlPath: v.nginxPath, body: v.ref.body, headers: headersToMirror(v.ref.rawHeaders) }));
  const nginx: Nginx = startNginx({ nginx: tools.nginx, dir: path.join(tmp, 'nginx'), port: await freePort(), workers: nginxWorkers, files: ceilingFiles(), pin: serverPin });
  const ceilingUrl = (v: Variant) => `${nginx.base}${v.nginxPath}`;
  const sameAs = (v: Variant) => ({ sha256: v.ref.sha256, bytes: v.ref.body.length, contentEncoding: ENCODING_VARIANTS[v.encoding].contentEncoding });
  /** Waits until nginx serves the variant's current bytes; notes its header size. */
  const ceilingReady = async (v: Variant) => {
    let last: RawReply | undefined;
    await waitUntil(`nginx ${v.nginxPath}`, async () => {
      last = await rawGet(ceilingUrl(v), ENCODING_VARIANTS[v.encoding].headers);
      return last.status === 200 && last.sha256 === v.ref.sha256;
    }, 15_000, nginx.proc.deadError);
    checkSame(last!, sameAs(v), `nginx ${v.nginxPath}`);
    v.nginxHeaderBytes = last!.headerBytes;
    return last!;
  };
  for (const v of variants) {
    const r = await ceilingReady(v);
    const names = (raw: string[]) => new Set(raw.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase()));
    const [g, n] = [names(v.ref.rawHeaders), names(r.rawHeaders)];
    log(`nginx ${v.nginxPath}: same ${r.body.length} bytes as Gazette; headers ${r.headerBytes} bytes (Gazette ${v.ref.headerBytes}); only Gazette: ${[...g].filter((h) => !n.has(h)).join(', ') || '—'}; only nginx: ${[...n].filter((h) => !g.has(h)).join(', ') || '—'}`);
  }
  const nginxPid = nginx.proc.child.pid!;
  const serverPid = server.child.pid!;

  // 4b. Gazette behind deploy/nginx.conf, the caching proxy the README offers (BENCH_PROXY=0 leaves it out):
  // its cache hits are what readers without cookies get in such a deployment. Same pinning and workers as the ceiling.
  const proxy = PROXY ? startDeployNginx({ nginx: tools.nginx, dir: path.join(tmp, 'proxy'), port: await freePort(), upstreamPort: port, workers: nginxWorkers, pin: serverPin }) : undefined;
  const proxyUrl = (v: Variant) => `${proxy!.base}${new URL(v.url).pathname}${new URL(v.url).search}`;
  /**
   * Waits until the proxy answers the variant from its cache (X-Cache-Status: HIT) in the variant's encoding,
   * with a rendering of the page Gazette made (the proxy keeps it for s-maxage, so it may be one Gazette's
   * page cache has since replaced: same length within 1 %); its wire bytes per response.
   */
  const proxyReady = async (v: Variant): Promise<number> => {
    let last: RawReply | undefined;
    await waitUntil(`proxy ${proxyUrl(v)}`, async () => {
      last = await rawGet(proxyUrl(v), ENCODING_VARIANTS[v.encoding].headers);
      return last.status === 200 && last.headers['x-cache-status'] === 'HIT';
    }, 15_000, proxy!.proc.deadError);
    const r = last!;
    if (r.headers['content-encoding'] !== ENCODING_VARIANTS[v.encoding].contentEncoding) throw new Error(`proxy ${proxyUrl(v)}: Content-Encoding ${r.headers['content-encoding'] ?? '(none)'}`);
    if (Math.abs(r.body.length - v.ref.body.length) > v.ref.body.length * 0.01) throw new Error(`proxy ${proxyUrl(v)}: ${r.body.length} bytes, Gazette ${v.ref.body.length}`);
    return r.headerBytes + r.body.length;
  };

  /** x-page-cache of `n` plain GETs of the variant from Gazette, and whether each carried the variant's bytes. */
  const gazetteNow = async (v: Variant, n: number) => {
    const states: string[] = [];
    let same = true;
    for (let i = 0; i < n; i++) {
      const r = await rawGet(v.url, ENCODING_VARIANTS[v.encoding].headers);
      expectStatus(r, 200, `Gazette ${v.page.label} (${v.encoding})`);
      states.push(String(r.headers['x-page-cache']));
      if (r.sha256 !== v.ref.sha256) same = false;
    }
    return { states, same };
  };
  /**
   * Before each round: Gazette's page cache keeps a page 60 s (relative times such as "5 minutes ago" are
   * refreshed), so Gazette may answer with a new rendering, a few bytes different. Then nginx gets the new
   * bytes (a new document root, graceful reload) before the round, and both rows of the round serve the same.
   */
  const syncRound = async (v: Variant) => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const current = await rawGet(v.url, ENCODING_VARIANTS[v.encoding].headers);
      if (current.headers['x-page-cache'] === 'hit' && current.sha256 !== v.ref.sha256) {
        checkSame(current, { ...sameAs(v), sha256: current.sha256 }, `Gazette ${v.page.label} (${v.encoding})`);
        log(`  ${v.page.label} (${v.encoding}) rendered again by Gazette (page cache TTL): ${current.body.length} bytes, was ${v.ref.body.length}; nginx reloaded with the new bytes`);
        v.ref = current;
        v.rerenders++;
        nginx.update(ceilingFiles());
        await ceilingReady(v);
      }
      const before = await gazetteNow(v, 3);
      if (before.same && before.states.every((x) => x === 'hit')) return before.states;
    }
    throw new Error(`${v.page.label} (${v.encoding}): Gazette did not serve one cached page for three checks in a row`);
  };

  // 5. Load: alternate Gazette and nginx for each page and encoding.
  const rows: LoadRow[] = [];
  const targets: Target[] = proxy ? ['Gazette', 'nginx', 'Gazette behind nginx'] : ['Gazette', 'nginx'];
  const total = PAGES.length * ENCODINGS.length * ROUNDS * targets.length;
  for (const v of variants) {
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await syncRound(v);
      for (const target of targets) {
        const url = target === 'Gazette' ? v.url : target === 'nginx' ? ceilingUrl(v) : proxyUrl(v);
        const proxyWireBytes = target === 'Gazette behind nginx' ? await proxyReady(v) : NaN;
        const headers = ENCODING_VARIANTS[v.encoding].headers;
        const wrkBase = { wrk: tools.wrk, url, connections: CONNECTIONS, threads: WRK_THREADS, timeoutS: TIMEOUT_S, headers, pin: wrkPin };
        if (WARMUP > 0) await runWrk({ ...wrkBase, durationS: WARMUP });
        log(`[${rows.length + 1}/${total}] ${target} ${v.page.label}, ${v.encoding}, round ${round}: ${CONNECTIONS} connections, ${DURATION} s`);
        const result = await runWrk({ ...wrkBase, durationS: DURATION, cpuGroups: { gazette: [serverPid], nginx: [nginxPid], ...(proxy && { proxy: [proxy.proc.child.pid!] }) } });
        const after = target === 'Gazette' ? await gazetteNow(v, 1) : null;
        if (server.exited()) throw server.deadError()!;
        if (nginx.proc.exited()) throw nginx.proc.deadError()!;
        if (proxy?.proc.exited()) throw proxy.proc.deadError()!;
        const headerBytes = target === 'Gazette' ? v.ref.headerBytes : v.nginxHeaderBytes;
        const row = rowOf({
          round, target, page: v.page.label, encoding: v.encoding, url, bodyBytes: v.ref.body.length, expectedWireBytes: target === 'Gazette behind nginx' ? proxyWireBytes : headerBytes + v.ref.body.length,
          wrkThreads: WRK_THREADS, result, pageCache: after ? { before, after: after.states, renderedAgainDuringRun: !after.same } : null,
        });
        rows.push(row);
        const c = row.cpu;
        log(`  ${fmt(row.wrk.requestsPerSec, 0)} req/s, p50 ${fmt(row.wrk.latencyMs.p50, 2)} ms, p99 ${fmt(row.wrk.latencyMs.p99, 2)} ms; CPU server ${c ? fmt(c.server, 2) : '?'}, wrk ${c ? fmt(c.wrk, 2) : '?'} cores, other ${c ? fmt(c.otherPct, 1) : '?'} % of the machine${row.flags.length ? ` [${row.flags.join(', ')}]` : ''}`);
      }
    }
  }
  // 6. WordPress with the same article and comments, alternating with Gazette's ?all=1 page (identity).
  const allIdentity = variants.find((v) => v.page.key === 'all' && v.encoding === 'identity');
  let wordpress: WordPressReport | string = 'skipped (BENCH_WORDPRESS=0)';
  if (process.env.BENCH_WORDPRESS !== '0') {
    wordpress = !allIdentity ? 'skipped: needs the ?all=1 page in the identity encoding (BENCH_ENCODINGS)'
      : await compareWithWordPress({
        base, slug, tools, dir: path.join(tmp, 'wordpress'), rounds: ROUNDS, durationS: DURATION, warmupS: WARMUP, connections: CONNECTIONS,
        wrkThreads: WRK_THREADS, timeoutS: TIMEOUT_S, serverPin, wrkPin, serverPid, log,
        gazette: { url: allIdentity.url, headers: ENCODING_VARIANTS.identity.headers, bodyBytes: () => allIdentity.ref.body.length, headerBytes: () => allIdentity.ref.headerBytes, sync: async () => { await syncRound(allIdentity); } },
      });
  }
  const rssAfterLoad = rssMiB(serverPid);
  closeRawConnections();
  await nginx.proc.stop('SIGTERM', 5000);
  await proxy?.proc.stop('SIGTERM', 5000);
  const nginxErrors = [nginx.errorLog(), proxy?.errorLog() ?? ''].filter(Boolean).join('\n');
  await server.stop('SIGTERM', 10_000);
  if (CPU_PROF_DIR) log(`CPU profile of the server written to ${path.relative(ROOT, CPU_PROF_DIR)}/ (open in Chrome DevTools)`);
  const problems = serverProblems(server.output());

  // 7. Report.
  const summary = summarisePages(rows, GOAL);
  const postStats = summarise(seeded.postMs);
  const voteStats = summarise(seeded.voteMs);
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  const pinText = PIN === 'split'
    ? `wrk pinned to CPU ${wrkCpus}, the server under test to CPU ${serverCpus} (nginx: ${nginxWorkers} worker${nginxWorkers === 1 ? '' : 's'}; Gazette: one Node process), so that wrk never runs on the server's core and each gets a whole core (BENCH_PIN=none to compare)`
    : 'no pinning (nginx: one worker per CPU; Gazette: one Node process): wrk and the server share the CPUs as the kernel places them';
  out('## Article page benchmark');
  out();
  out(`Load: wrk ${tools.wrkVersion} in its own process, ${WRK_THREADS} thread${WRK_THREADS === 1 ? '' : 's'}, ${CONNECTIONS} connections, ${DURATION} s per row after ${WARMUP} s warm-up, HTTP/1.1 keep-alive over loopback; ${pinText}.`);
  out(`Rows alternate Gazette and nginx${proxy ? ' and Gazette behind deploy/nginx.conf (its cache hits; nginx with the ceiling\'s workers and pinning)' : ''}, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} per page and encoding. Requests carry Firefox's headers; "identity" leaves out Accept-Encoding, "br" sends \`gzip, deflate, br, zstd\` (Gazette answers brotli).`);
  out(`Ceiling: nginx ${tools.nginxVersion} serving from files the identical bytes Gazette answered (checked by SHA-256 before the runs; brotli body with Content-Encoding: br; Gazette's other headers mirrored).`);
  out(`Content: one ~${seeded.articleWords}-word article, ${seeded.total} comments (${TOP_LEVEL} top-level, ${REPLIES} replies), ${VOTES} votes, current-month campaign. Gazette: NODE_ENV=production, SQLite (WAL), single Node process.`);
  out(`Flags: generator-limited = wrk used ≥ ${GENERATOR_LIMIT_CORES * 100} % of its ${WRK_THREADS} core${WRK_THREADS === 1 ? '' : 's'}; disturbed = other processes used > ${OTHER_LOAD_LIMIT_PCT} % of the machine (${cpus} CPUs); CPU in cores (1.00 = one core busy for the whole row).`);
  out();
  out(rowsTable(rows).join('\n'));
  out();
  out(`Median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} per target (with 2 rounds: their mean); per round: that round's Gazette / nginx:`);
  out();
  out(summaryTable(summary).join('\n'));
  out();
  out('Responses per server CPU-second: req/s divided by the cores the server used in that row (median over the rounds). It does not depend on wrk keeping up, so it is the figure to read when the ceiling is generator-limited; it assumes a response costs the same at any load (a busier server batches more, which flatters the one that ran busier).');
  out();
  out('### Against WordPress');
  out();
  out(typeof wordpress === 'string' ? `WordPress row ${wordpress}.` : wordpress.markdown.join('\n'));
  out();
  out(`Writes through the HTTP API (sequential, one client, keep-alive; each request without a cookie is a new reader; Gazette pinned as above; other processes used ${seedCpu ? `${fmt(seedCpu.otherPct, 1)} %` : 'n/a'} of the machine meanwhile${seedCpu && seedCpu.otherPct > OTHER_LOAD_LIMIT_PCT ? ': **disturbed**' : ''}):`);
  out();
  out('| Operation | n | p50 (ms) | p99 (ms) | mean (ms) | max (ms) |');
  out('|---|--:|--:|--:|--:|--:|');
  const writeRow = (name: string, s: Summary) => out(`| ${name} | ${s.n} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.mean, 2)} | ${fmt(s.max, 2)} |`);
  writeRow('POST comment (all)', postStats);
  writeRow('POST comment (top-level)', summarise(seeded.topMs));
  writeRow('POST comment (reply)', summarise(seeded.replyMs));
  writeRow('POST vote', voteStats);
  out();
  out(`Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemGiB} GiB RAM, ${machine.os}; Node ${machine.node}; nginx ${machine.nginx}; wrk ${machine.wrk}. 1-min load average at start: ${fmt(loadAvgAtStart, 2)}.`);
  const flagged = (f: string) => rows.filter((r) => r.flags.includes(f as never)).length;
  out(`Flags: ${flagged('generator-limited')} of ${rows.length} rows generator-limited, ${flagged('disturbed')} disturbed by other load (other processes up to ${fmt(Math.max(0, ...rows.map((r) => r.cpu?.otherPct ?? 0)), 1)} % of the machine), ${flagged('errors')} with errors, ${flagged('bytes-mismatch')} with a bytes mismatch.`);
  const over = summary.filter((s) => s.ratio > 1);
  if (over.length) out(`**Gazette / nginx above 1 for ${over.map((s) => `${s.page} ${s.encoding}`).join(', ')}: the ceiling did not hold — read the flags before the ratio.**`);

  const details: string[] = [];
  const d = (s: string) => details.push(s);
  d(`Server start-up to healthy: ${fmt(startupMs, 0)} ms. Gazette RSS: ${rssAfterSeed ?? '?'} MiB after seeding, ${rssAfterLoad ?? '?'} MiB after load.${seeded.held ? ` Moderation held ${seeded.held} seeded comments (approved).` : ''}`);
  for (const p of PAGES) {
    const f = pageFacts[p.key]!;
    d(`${p.label}: ${f.path}, ${f.bytes} bytes unencoded, ${f.commentsShown} comments rendered (API: ${f.commentsExpected}); first GET ${fmt(f.coldMs)} ms (x-page-cache: ${f.coldCache}).`);
  }
  d(`Response headers of the article page (br): ${variants.find((v) => v.encoding === 'br')?.ref.rawHeaders.filter((_, i) => i % 2 === 0).join(', ') ?? 'n/a'}.`);
  rows.forEach((r, i) => {
    const c = r.cpu;
    d(`#${i + 1} ${r.target} / ${r.page} / ${r.encoding} / round ${r.round}: ${r.wrk.requests} responses in ${fmt(r.wrk.durationS, 2)} s, wire ${fmt(r.wrk.wireBytesPerResponse, 0)} B/resp (expected ${r.expectedWireBytes}); ` +
      `latency mean ${fmt(r.wrk.latencyMs.mean, 2)} ms, p90 ${fmt(r.wrk.latencyMs.p90, 2)} ms; status errors ${r.wrk.statusErrors}, socket errors ${JSON.stringify(r.wrk.socketErrors)}` +
      (c ? `; CPU (cores) server ${fmt(c.server, 2)}, wrk ${fmt(c.wrk, 2)}, idle other server ${fmt(c.otherServer, 2)}, bench ${fmt(c.bench, 2)}, other ${fmt(c.other, 2)}; stolen by the hypervisor ${fmt(c.stealPct, 1)} % of the machine; per CPU busy ${c.perCpuBusyPct.map((x) => `${fmt(x, 0)} %`).join(' / ')}` : '') +
      (r.pageCache ? `; x-page-cache before ${r.pageCache.before.join(',')}, after ${r.pageCache.after.join(',')}${r.pageCache.renderedAgainDuringRun ? ' (the page was rendered again during the run: page cache TTL)' : ''}` : '') + '.');
  });
  d(`Server warnings/errors logged: ${problems.length}${problems.length ? ` — first: ${problems.slice(0, 5).join(' | ')}` : ''}.`);
  if (nginxErrors) d(`nginx error log (${nginxErrors.split('\n').length} lines): ${nginxErrors.split('\n').slice(0, 3).join(' | ')}`);

  console.log('\n' + lines.join('\n'));
  console.log('\nDetails:\n' + details.map((x) => `- ${x}`).join('\n'));

  const json = {
    generatedAt: new Date().toISOString(),
    settings: {
      durationS: DURATION, connections: CONNECTIONS, warmupS: WARMUP, rounds: ROUNDS, wrkThreads: WRK_THREADS, timeoutS: TIMEOUT_S,
      pin: PIN, serverCpus, wrkCpus, nginxWorkers, encodings: ENCODINGS, requestHeaders: Object.fromEntries(ENCODING_VARIANTS.br.headers),
      topLevel: TOP_LEVEL, replies: REPLIES, votes: VOTES, articleWords: seeded.articleWords,
      flagCriteria: { generatorLimitedWrkCores: GENERATOR_LIMIT_CORES * WRK_THREADS, disturbedOtherPctOfMachine: OTHER_LOAD_LIMIT_PCT },
    },
    machine: { ...machine, loadGenerator: 'wrk (separate process)', ceiling: `nginx ${tools.nginxVersion}, identical bytes` },
    loadAvg1AtStart: loadAvgAtStart,
    startupMs,
    rssMiB: { afterSeed: rssAfterSeed, afterLoad: rssAfterLoad },
    writes: { cpu: seedCpu, disturbed: seedCpu ? seedCpu.otherPct > OTHER_LOAD_LIMIT_PCT : null, postComment: postStats, postTopLevel: summarise(seeded.topMs), postReply: summarise(seeded.replyMs), vote: voteStats },
    pages: pageFacts,
    variants: variants.map((v) => ({
      page: v.page.label, encoding: v.encoding, gazetteUrl: v.url, nginxUrl: ceilingUrl(v), bodyBytes: v.ref.body.length, sha256: v.ref.sha256,
      gazetteHeaderBytes: v.ref.headerBytes, nginxHeaderBytes: v.nginxHeaderBytes, renderedAgainDuringBench: v.rerenders, headers: v.ref.rawHeaders,
    })),
    load: rows,
    summary,
    wordpress: typeof wordpress === 'string' ? { skipped: wordpress } : { ...wordpress, markdown: undefined },
    serverProblems: problems,
    nginxErrorLog: nginxErrors || null,
    nginxConf: nginx.conf(),
    markdown: lines.join('\n'),
  };
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nJSON written to ${path.relative(ROOT, OUT_FILE)}`);
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = 1;
  console.error('\nBenchmark failed:', err instanceof Error ? err.stack ?? err.message : err);
  for (const m of startedProcesses()) {
    if (m.name === 'wrk') continue;
    const tail = m.output().trim().split('\n').slice(-20).join('\n');
    if (tail) console.error(`\n--- last output of ${m.name} ---\n${tail}`);
  }
} finally {
  closeRawConnections();
  await cleanupAll();
}
process.exit(exitCode);
