// Article page benchmark: `npm run bench`. Prints figures; never part of `npm test`.
//
// 1. Starts Gazette (production mode, fresh SQLite DB in a temp dir) as a child process on 127.0.0.1.
// 2. Seeds through the HTTP API: one ~1,000-word article, this month's campaign, 200 comments
//    (134 top-level, 66 replies) and some votes, timing every write.
// 3. Load-tests GET /articles/:slug (default: 20 threads) and ?all=1 (every comment) with autocannon.
// 4. Serves the identical HTML with nginx (or a bare node:http server if nginx is absent) as a
//    static baseline under the same load, and reports gazette/static (goal >= 0.5).
// 5. Prints Markdown tables and writes bench/out/article-page.json.
//
// Knobs (env): BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (s, default 2, 0 = none),
// BENCH_CPU_PROF=1 (write a V8 .cpuprofile of the Gazette server to bench/out/profiles/).
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options as CannonOptions, type Result as CannonResult } from 'autocannon';
import { cpuWindow, type CpuShare } from './lib/cpu.js';
import { cleanupAll, spawnManaged, startedProcesses, trackDir, type Managed } from './lib/procs.js';
import {
  articleMarkdown, commentBody, fmt, fmtInt, freePort, rng, sentence, summarise, waitUntil, wordCount, type Summary,
} from './lib/util.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_FILE = path.join(import.meta.dirname, 'out', 'article-page.json');
const NGINX = '/usr/sbin/nginx';

function envInt(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}] (got ${JSON.stringify(raw)})`);
  return n;
}

const DURATION = envInt('BENCH_DURATION', 10, 1, 600);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50, 1, 1000);
const WARMUP = envInt('BENCH_WARMUP', 2, 0, 60);
const TOP_LEVEL = 134;
const REPLIES = 66;
const VOTES = 300;
const REQUEST_TIMEOUT_MS = 10_000;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF === '1' ? path.join(import.meta.dirname, 'out', 'profiles') : undefined;

const log = (msg: string) => console.log(`• ${msg}`);

// ---------------------------------------------------------------------------------------------
// HTTP helpers (Node's fetch: no Origin header, so the same-origin check lets these through).

interface Reply { status: number; headers: Headers; text: string; bytes: number; ms: number }

async function request(url: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const t0 = performance.now();
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  return { status: res.status, headers: res.headers, text: buf.toString('utf8'), bytes: buf.length, ms };
}

function expectStatus(r: Reply, status: number, what: string): void {
  if (r.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
}

// ---------------------------------------------------------------------------------------------
// Load generation.

interface LoadRow {
  target: string;
  page: string;
  url: string;
  requestsPerSec: number;
  requestsPerSecStddev: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  bodyBytes: number;
  wireBytesPerResponse: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  statusCodes: Record<string, number>;
  pageCache: Record<string, number>;
  durationS: number;
  /** CPU used during the measured run by the bench + servers, and by every other process (% of all cores). */
  cpu: CpuShare | null;
}

function cannon(opts: CannonOptions): Promise<CannonResult> {
  const seconds = opts.duration ?? DURATION;
  return new Promise((resolve, reject) => {
    let hardStop: NodeJS.Timeout | undefined;
    const softStop = setTimeout(() => {
      inst.stop();
      hardStop = setTimeout(() => reject(new Error('autocannon did not stop')), 15_000);
    }, (seconds + 30) * 1000);
    const inst = autocannon(opts, (err, res) => {
      clearTimeout(softStop);
      if (hardStop) clearTimeout(hardStop);
      if (err) reject(err); else resolve(res);
    });
  });
}

async function load(target: string, page: string, url: string, bodyBytes: number): Promise<LoadRow> {
  if (WARMUP > 0) {
    log(`warm-up ${target} ${page}: ${WARMUP} s`);
    await cannon({ url, connections: CONNECTIONS, duration: WARMUP, timeout: 10 });
  }
  log(`load ${target} ${page}: ${CONNECTIONS} connections, ${DURATION} s`);
  const cpuDone = cpuWindow();
  const pageCache: Record<string, number> = {};
  const r = await cannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 10,
    requests: [{
      method: 'GET',
      onResponse: (_status, _body, _ctx, headers) => {
        let v: string | string[] | undefined;
        for (const k in headers) if (k.toLowerCase() === 'x-page-cache') v = headers[k];
        const key = v === undefined ? '(absent)' : String(v);
        pageCache[key] = (pageCache[key] ?? 0) + 1;
      },
    }],
  });
  const cpu = cpuDone();
  if (cpu) log(`  CPU during the run: bench + servers ${fmt(cpu.ownPct, 0)} %, other processes ${fmt(cpu.otherPct, 0)} % of the machine`);
  const responses = r['2xx'] + r.non2xx;
  return {
    target, page, url,
    requestsPerSec: r.requests.mean,
    requestsPerSecStddev: r.requests.stddev,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMeanMs: r.latency.mean,
    latencyMaxMs: r.latency.max,
    bodyBytes,
    wireBytesPerResponse: responses > 0 ? r.throughput.total / responses : NaN,
    responses,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    resets: r.resets,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
    pageCache,
    durationS: r.duration,
    cpu,
  };
}

// ---------------------------------------------------------------------------------------------
// Machine facts.

function machineInfo() {
  const cpus = os.cpus();
  let nginxVersion: string | null = null;
  if (fs.existsSync(NGINX)) {
    try {
      // nginx -v prints to stderr.
      nginxVersion = execFileSync(NGINX, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 }).trim() || null;
    } catch (err) {
      nginxVersion = String((err as { stderr?: string }).stderr ?? '').trim() || null;
    }
    if (nginxVersion === null) {
      try {
        const r = execFileSync('sh', ['-c', `${NGINX} -v 2>&1`], { encoding: 'utf8', timeout: 5000 });
        nginxVersion = r.trim();
      } catch { /* unknown */ }
    }
  }
  const pkg = (name: string) => {
    try { return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version; } catch { return null; }
  };
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nginx: nginxVersion?.replace(/^nginx version:\s*(nginx\/)?/, '') ?? null,
    autocannon: pkg('autocannon'),
    fastify: pkg('fastify'),
  };
}

function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch { return null; }
}

/** Server log lines at warn or above (pino JSON: level >= 40), plus any non-JSON output. */
function serverProblems(out: string): string[] {
  const problems: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((j.level ?? 0) >= 40) problems.push(`[level ${j.level}] ${j.msg ?? ''}${j.err?.message ? `: ${j.err.message}` : ''}`);
    } catch {
      problems.push(line);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const machine = machineInfo();
  const loadAvgAtStart = os.loadavg()[0]!;
  const tmp = trackDir(fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-')));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  const token = crypto.randomBytes(32).toString('base64url').slice(0, 32);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`temp dir ${tmp}`);

  // 1-2. Start the server.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['BASE_URL', 'SITE_NAME', 'DATABASE_URL', 'MEDIA_DIR', 'DEMO_CONTENT', 'GAZETTE_ADMIN_TOKEN', 'NODE_ENV', 'LOG_LEVEL', 'PORT', 'HOST']) delete env[k];
  Object.assign(env, {
    DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`,
    MEDIA_DIR: path.join(tmp, 'media'),
    DEMO_CONTENT: 'false',
    GAZETTE_ADMIN_TOKEN: token,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    // As behind a reverse proxy: each seeded comment names its own reader network in X-Forwarded-For,
    // so the per-network rate limits see 200 readers, not one machine posting 200 comments.
    TRUST_PROXY: 'true',
  });
  const profArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const server = spawnManaged('gazette', process.execPath, [...profArgs, '--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env });
  const startupMs = await waitUntil('gazette GET /healthz', async () => (await request(`${base}/healthz`)).status === 200, 30_000, server.deadError);
  log(`gazette up on ${base} after ${fmt(startupMs, 0)} ms (pid ${server.child.pid})`);

  // 3. Seed through the HTTP API.
  const r = rng(20261123);
  const admin = { authorization: `Bearer ${token}` };
  const bodyMarkdown = articleMarkdown(r, 1000);
  const created = await request(`${base}/api/v1/admin/articles`, {
    method: 'POST', headers: admin,
    json: {
      title: 'Harbour ferry budget: what the council decided, line by line',
      summary: sentence(r, 15, 25),
      bodyMarkdown,
      authorName: 'Bench Reporter',
      tags: ['council', 'transport', 'budget'],
      status: 'published',
    },
  });
  expectStatus(created, 201, 'create article');
  const slug = (JSON.parse(created.text) as { article: { slug: string } }).article.slug;
  const month = new Date().toISOString().slice(0, 7);
  const campaign = await request(`${base}/api/v1/admin/campaigns`, {
    method: 'POST', headers: admin, json: { month, goalMinor: 500000, currency: 'USD', raisedMinor: 12345 },
  });
  expectStatus(campaign, 201, 'create campaign');
  log(`article /articles/${slug} (${wordCount(bodyMarkdown)} words of Markdown), campaign ${month}`);

  const names = ['Ana', 'Bo', 'Chidi', 'Dana', 'Eero', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mo', 'Nia'];
  const topIds: number[] = [];
  const replyIds: number[] = [];
  const postMs: number[] = [];
  const topMs: number[] = [];
  const replyMs: number[] = [];
  const total = TOP_LEVEL + REPLIES;
  const held: number[] = []; // comments the moderation pipeline held: approved below, as a moderator would
  for (let i = 0; i < total; i++) {
    // Every third post is a reply (66 of 200): 70 % to one of the 30 latest top-level comments, 30 % to
    // one of the 20 latest replies (nested). Recent threads get the replies, as in a live discussion, so
    // the first page (newest 20 threads) carries replies too.
    const isReply = i % 3 === 2 && replyIds.length + 1 <= REPLIES && topIds.length > 0;
    const parentId = !isReply ? undefined
      : replyIds.length > 0 && r.next() < 0.3 ? r.pick(replyIds.slice(-20)) : r.pick(topIds.slice(-30));
    const name = r.pick(names);
    const res = await request(`${base}/api/v1/articles/${slug}/comments`, {
      method: 'POST',
      // A documentation address (TEST-NET-3) per reader; only a header, no traffic goes there.
      headers: { 'x-forwarded-for': `203.0.113.${i % 250}` },
      json: { authorName: `${name} ${String.fromCharCode(65 + r.int(0, 25))}.`, authorEmail: `${name.toLowerCase()}.${i}@example.org`, body: commentBody(r), ...(parentId !== undefined && { parentId }) },
    });
    expectStatus(res, 201, `post comment ${i + 1}`);
    const posted = (JSON.parse(res.text) as { comment: { id: number; status: string } }).comment;
    const id = posted.id;
    if (posted.status !== 'published') {
      // Held by the moderation pipeline: approved at once, as a moderator would, so replies can follow.
      held.push(id);
      const approved = await request(`${base}/api/v1/admin/moderation/decide`, { method: 'POST', headers: admin, json: { ids: [id], action: 'approve' } });
      expectStatus(approved, 200, `approve held comment ${id}`);
    }
    postMs.push(res.ms);
    (isReply ? replyMs : topMs).push(res.ms);
    (isReply ? replyIds : topIds).push(id);
  }
  if (topIds.length !== TOP_LEVEL || replyIds.length !== REPLIES) throw new Error(`seeded ${topIds.length} top-level and ${replyIds.length} replies`);
  if (held.length > 0) log(`moderation held ${held.length} of ${total} generated comments; a moderator approved them`);
  const allIds = [...topIds, ...replyIds];
  const voteMs: number[] = [];
  for (let i = 0; i < VOTES; i++) {
    // No cookie: every vote is a new reader. Skew towards early comments so "Most voted" differs.
    const id = allIds[Math.floor(allIds.length * r.next() ** 2)]!;
    const res = await request(`${base}/api/v1/comments/${id}/vote`, { method: 'POST', json: { value: 1 } });
    expectStatus(res, 200, `vote ${i + 1}`);
    voteMs.push(res.ms);
  }
  const postStats = summarise(postMs);
  const voteStats = summarise(voteMs);
  log(`posted ${total} comments (${TOP_LEVEL} top-level, ${REPLIES} replies): p50 ${fmt(postStats.p50, 2)} ms, p99 ${fmt(postStats.p99, 2)} ms; ${VOTES} votes: p50 ${fmt(voteStats.p50, 2)} ms`);
  const listed = await request(`${base}/api/v1/articles/${slug}/comments?limit=1`);
  expectStatus(listed, 200, 'list comments');
  const apiTotal = (JSON.parse(listed.text) as { total: number }).total;
  if (apiTotal !== total) throw new Error(`API reports ${apiTotal} comments, expected ${total}`);
  // What the pages should show, according to the JSON API (threads plus nested replies).
  type Thread = { replies: Thread[] };
  const countNodes = (ts: Thread[]): number => ts.reduce((n, t) => n + 1 + countNodes(t.replies), 0);
  const firstPage = await request(`${base}/api/v1/articles/${slug}/comments?limit=20`);
  expectStatus(firstPage, 200, 'list first page of comments');
  const expectedShown = { default: countNodes((JSON.parse(firstPage.text) as { comments: Thread[] }).comments), all: total };

  // 4. Fetch the pages once (cold: cache miss), then again (warm), and save the HTML.
  const pages = [
    { key: 'default', label: 'default (20 threads)', query: '', file: 'article.html' },
    { key: 'all', label: '?all=1 (all comments)', query: '?all=1', file: 'article-all.html' },
  ] as const;
  const pageFacts: Record<string, {
    path: string; bytes: number; commentsShown: number; commentsExpected: number; coldMs: number; coldCache: string | null; warmMs: number; warmCache: string | null; headers: Record<string, string>;
  }> = {};
  for (const p of pages) {
    const url = `${base}/articles/${slug}${p.query}`;
    const cold = await request(url);
    expectStatus(cold, 200, `GET ${url}`);
    const warm = await request(url);
    expectStatus(warm, 200, `GET ${url} (again)`);
    if (warm.text !== cold.text) log(`note: ${p.label}: second response differs from the first (${warm.bytes} vs ${cold.bytes} bytes)`);
    fs.writeFileSync(path.join(staticDir, p.file), cold.text);
    pageFacts[p.key] = {
      path: `/articles/${slug}${p.query}`,
      bytes: cold.bytes,
      commentsShown: (cold.text.match(/data-comment-id=/g) ?? []).length,
      commentsExpected: expectedShown[p.key],
      coldMs: cold.ms, coldCache: cold.headers.get('x-page-cache'),
      warmMs: warm.ms, warmCache: warm.headers.get('x-page-cache'),
      headers: Object.fromEntries(warm.headers),
    };
    if (pageFacts[p.key]!.commentsShown !== expectedShown[p.key]) {
      log(`WARNING: ${p.label} renders ${pageFacts[p.key]!.commentsShown} comments, the API lists ${expectedShown[p.key]}`);
    }
    log(`${p.label}: ${cold.bytes} bytes, ${pageFacts[p.key]!.commentsShown} comments shown; cold ${fmt(cold.ms)} ms (${cold.headers.get('x-page-cache')}), warm ${fmt(warm.ms)} ms (${warm.headers.get('x-page-cache')})`);
  }
  const rssAfterSeed = rssMiB(server.child.pid);

  // 5. Load the Gazette pages.
  const rows: LoadRow[] = [];
  for (const p of pages) {
    rows.push(await load('Gazette', p.label, `${base}/articles/${slug}${p.query}`, pageFacts[p.key]!.bytes));
    if (server.exited()) throw server.deadError()!;
  }
  const rssAfterLoad = rssMiB(server.child.pid);
  const afterLoad = await request(`${base}/articles/${slug}`);
  expectStatus(afterLoad, 200, 'GET article after load');

  // 6. Static baseline with the same HTML.
  let staticLabel: string;
  let staticProc: Managed;
  const staticPort = await freePort();
  const staticBase = `http://127.0.0.1:${staticPort}`;
  let staticErrors = '';
  const nginxDir = path.join(tmp, 'nginx');
  if (fs.existsSync(NGINX)) {
    staticLabel = `nginx ${machine.nginx ?? ''}`.trim();
    fs.mkdirSync(nginxDir);
    // Workers drop to the unprivileged default user: let them reach the files without `user root;`.
    fs.chmodSync(tmp, 0o711);
    fs.chmodSync(staticDir, 0o755);
    for (const p of pages) fs.chmodSync(path.join(staticDir, p.file), 0o644);
    const t = (name: string) => path.join(nginxDir, name);
    const conf = `daemon off;
master_process on;
worker_processes auto;
error_log ${t('error.log')} warn;
pid ${t('nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  # Default is 1000: raised so that, like Node, nginx does not close busy keep-alive connections mid-run.
  keepalive_requests 1000000;
  client_body_temp_path ${t('client_body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  server {
    listen 127.0.0.1:${staticPort};
    root ${staticDir};
    location / { default_type text/html; }
  }
}
`;
    fs.writeFileSync(t('nginx.conf'), conf);
    staticProc = spawnManaged('nginx', NGINX, ['-c', t('nginx.conf'), '-p', `${nginxDir}/`, '-e', t('error.log')], { cwd: tmp });
  } else {
    staticLabel = 'node:http from memory (nginx not installed)';
    staticProc = spawnManaged('static-node', process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'static-server.ts'), staticDir, String(staticPort)], { cwd: ROOT });
  }
  try {
    await waitUntil(`${staticLabel} GET /article.html`, async () => (await request(`${staticBase}/article.html`)).status === 200, 15_000, staticProc.deadError);
    for (const p of pages) {
      const check = await request(`${staticBase}/${p.file}`);
      expectStatus(check, 200, `static ${p.file}`);
      if (check.bytes !== pageFacts[p.key]!.bytes) throw new Error(`static ${p.file}: ${check.bytes} bytes, expected ${pageFacts[p.key]!.bytes}`);
    }
    log(`${staticLabel} up on ${staticBase}`);
    for (const p of pages) {
      rows.push(await load(`Static: ${staticLabel}`, p.label, `${staticBase}/${p.file}`, pageFacts[p.key]!.bytes));
      if (staticProc.exited()) throw staticProc.deadError()!;
    }
  } finally {
    await staticProc.stop('SIGTERM', 5000);
    try { staticErrors = fs.readFileSync(path.join(nginxDir, 'error.log'), 'utf8').trim(); } catch { /* none */ }
  }

  await server.stop('SIGTERM', 10_000);
  if (CPU_PROF_DIR) log(`CPU profile of the server written to ${path.relative(ROOT, CPU_PROF_DIR)}/ (open in Chrome DevTools)`);
  const problems = serverProblems(server.output());

  // 7. Report.
  const ratios = pages.map((p) => {
    const g = rows.find((x) => x.target === 'Gazette' && x.page === p.label)!;
    const s = rows.find((x) => x.target !== 'Gazette' && x.page === p.label)!;
    const ratio = g.requestsPerSec / s.requestsPerSec;
    return { page: p.label, gazetteRps: g.requestsPerSec, staticRps: s.requestsPerSec, ratio, goal: 0.5, pass: ratio >= 0.5 };
  });
  const cacheOf = (row: LoadRow) => {
    const n = Object.values(row.pageCache).reduce((a, b) => a + b, 0);
    return { hit: row.pageCache.hit ?? 0, miss: row.pageCache.miss ?? 0, personal: row.pageCache.personal ?? 0, counted: n, hitRatio: n ? (row.pageCache.hit ?? 0) / n : NaN };
  };

  const shownOf = (label: string) => {
    const p = pages.find((x) => x.label === label);
    return p ? `${label.replace(/\)$/, '')}, ${pageFacts[p.key]!.commentsShown} comments shown)` : label;
  };
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  out(`## Article page benchmark`);
  out();
  out(`Load: autocannon ${machine.autocannon}, ${CONNECTIONS} connections, ${DURATION} s per row (after ${WARMUP} s warm-up), HTTP/1.1 keep-alive, loopback.`);
  out(`Content: one ~${wordCount(bodyMarkdown)}-word article, ${total} comments (${TOP_LEVEL} top-level, ${REPLIES} replies), ${VOTES} votes, current-month campaign. Gazette: NODE_ENV=production, SQLite (WAL), single Node process.`);
  out();
  out(`| Server | Page | Req/s (mean) | p50 (ms) | p99 (ms) | Body bytes | Wire bytes/resp | Responses | Non-2xx | Errors | x-page-cache hit | CPU of other processes |`);
  out(`|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|`);
  for (const row of rows) {
    const c = cacheOf(row);
    const cache = row.target === 'Gazette' ? `${fmt(c.hitRatio * 100, 2)} %` : '—';
    out(`| ${row.target} | ${shownOf(row.page)} | ${fmtInt(row.requestsPerSec)} | ${fmt(row.latencyP50Ms, 0)} | ${fmt(row.latencyP99Ms, 0)} | ${fmtInt(row.bodyBytes)} | ${fmtInt(row.wireBytesPerResponse)} | ${fmtInt(row.responses)} | ${row.non2xx} | ${row.errors + row.timeouts} | ${cache} | ${row.cpu ? `${fmt(row.cpu.otherPct, 0)} %` : 'n/a'} |`);
  }
  out();
  out(`| Page | Gazette req/s | Static req/s | Gazette / static | Goal ≥ 0.5 |`);
  out(`|---|--:|--:|--:|:-:|`);
  for (const x of ratios) out(`| ${shownOf(x.page)} | ${fmtInt(x.gazetteRps)} | ${fmtInt(x.staticRps)} | ${fmt(x.ratio, 2)} | ${x.pass ? 'PASS' : 'FAIL'} |`);
  out();
  out(`Writes through the HTTP API (sequential, one client, keep-alive; each request without a cookie is a new reader):`);
  out();
  out(`| Operation | n | p50 (ms) | p99 (ms) | mean (ms) | max (ms) |`);
  out(`|---|--:|--:|--:|--:|--:|`);
  const writeRow = (name: string, s: Summary) => out(`| ${name} | ${s.n} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.mean, 2)} | ${fmt(s.max, 2)} |`);
  writeRow('POST comment (all)', postStats);
  writeRow('POST comment (top-level)', summarise(topMs));
  writeRow('POST comment (reply)', summarise(replyMs));
  writeRow('POST vote', voteStats);
  out();
  out(`Machine: ${machine.cpuModel}, ${machine.cores} cores (available parallelism ${machine.availableParallelism}), ${machine.totalMemGiB} GiB RAM, ${machine.os}; Node ${machine.node}; static baseline: ${staticLabel}.`);
  out(`Note: autocannon runs inside the bench process on the same ${machine.cores} cores as the server under test, so absolute figures are a floor; compare ratios.`);
  const otherMax = Math.max(0, ...rows.map((x) => x.cpu?.otherPct ?? 0));
  if (otherMax >= 10) {
    out(`**Warning: the machine was shared.** Other processes used up to ${fmt(otherMax, 0)} % of all CPU during a measured run (1-min load average at start: ${fmt(loadAvgAtStart, 2)}); figures are noisy.`);
  }

  const details: string[] = [];
  const d = (s: string) => details.push(s);
  d(`Server start-up to healthy: ${fmt(startupMs, 0)} ms. Server RSS: ${rssAfterSeed ?? '?'} MiB after seeding, ${rssAfterLoad ?? '?'} MiB after load.`);
  for (const p of pages) {
    const f = pageFacts[p.key]!;
    d(`${p.label}: ${f.path}, ${f.bytes} bytes, ${f.commentsShown} comments rendered (API: ${f.commentsExpected}); first GET ${fmt(f.coldMs)} ms (x-page-cache: ${f.coldCache}), second ${fmt(f.warmMs)} ms (x-page-cache: ${f.warmCache}).`);
  }
  d(`Response headers of the article page: ${Object.keys(pageFacts.default!.headers).join(', ')}.`);
  for (const row of rows) {
    const c = cacheOf(row);
    const cpu = row.cpu ? `CPU bench+servers ${fmt(row.cpu.ownPct, 0)} % / other processes ${fmt(row.cpu.otherPct, 0)} %, ` : '';
    d(`${row.target} / ${row.page}: ${cpu}status codes ${JSON.stringify(row.statusCodes)}, errors ${row.errors}, timeouts ${row.timeouts}, resets ${row.resets}, ` +
      `latency mean ${fmt(row.latencyMeanMs, 2)} ms / max ${fmt(row.latencyMaxMs, 0)} ms, req/s stddev ${fmt(row.requestsPerSecStddev, 0)}` +
      (row.target === 'Gazette' ? `, x-page-cache ${JSON.stringify(row.pageCache)} (hit ratio ${fmt(c.hitRatio * 100, 3)} %)` : '') + '.');
  }
  d(`After the load: GET /articles/${slug} → ${afterLoad.status}, x-page-cache: ${afterLoad.headers.get('x-page-cache')}.`);
  d(`Server warnings/errors logged: ${problems.length}${problems.length ? ` — first: ${problems.slice(0, 5).join(' | ')}` : ''}.`);
  if (staticErrors) d(`Static server error log (${staticErrors.split('\n').length} lines): ${staticErrors.split('\n').slice(0, 3).join(' | ')}`);

  console.log('\n' + lines.join('\n'));
  console.log('\nDetails:\n' + details.map((x) => `- ${x}`).join('\n'));

  const json = {
    generatedAt: new Date().toISOString(),
    settings: { durationS: DURATION, connections: CONNECTIONS, warmupS: WARMUP, topLevel: TOP_LEVEL, replies: REPLIES, votes: VOTES, articleWords: wordCount(bodyMarkdown) },
    machine: { ...machine, staticBaseline: staticLabel, loadGeneratorInProcess: true },
    loadAvg1AtStart: loadAvgAtStart,
    startupMs,
    rssMiB: { afterSeed: rssAfterSeed, afterLoad: rssAfterLoad },
    writes: { postComment: postStats, postTopLevel: summarise(topMs), postReply: summarise(replyMs), vote: voteStats },
    pages: pageFacts,
    load: rows.map((row) => ({ ...row, pageCacheHitRatio: row.target === 'Gazette' ? cacheOf(row).hitRatio : null })),
    ratios,
    serverProblems: problems,
    staticErrorLog: staticErrors || null,
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
    const tail = m.output().trim().split('\n').slice(-20).join('\n');
    if (tail) console.error(`\n--- last output of ${m.name} ---\n${tail}`);
  }
} finally {
  await cleanupAll();
}
process.exit(exitCode);
