// Live updates benchmark: `npm run bench:live`. Prints figures; never part of `npm test`.
//
// One Gazette process (src/main.ts, production mode, a fresh SQLite database) holds BENCH_LIVE_STREAMS
// (default 5,000) open event streams on one article, opened by a separate client process over raw TCP
// (bench/lib/live-clients.ts). Then, BENCH_LIVE_ROUNDS times, a comment is posted through the API and each
// stream's time from the start of that POST until the stream received the comment is taken (wall clock across
// the two processes): p50 / p99 / max and the share within 500 ms (the goal: 99 % within 500 ms). Memory per
// idle stream: the server's RSS and its heap after a full GC (asked over IPC, bench/lib/live-server.ts),
// before and after opening the streams, divided by their number.
// The npm script raises `ulimit -n` to the hard limit: each process holds one descriptor per stream.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanupAll, rssMiB, trackDir } from './lib/procs.js';
import { expectStatus, request } from './lib/http.js';
import { fmt, fmtInt, freePort, sleep, summarise, waitUntil } from './lib/util.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_FILE = path.join(import.meta.dirname, 'out', 'live.json');
const envInt = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const STREAMS = envInt('BENCH_LIVE_STREAMS', 5000);
const ROUNDS = envInt('BENCH_LIVE_ROUNDS', 5);
const PARALLEL_CONNECTS = envInt('BENCH_LIVE_PARALLEL', 100);
const GOAL_MS = 500;
const log = (s: string) => console.log(`[bench:live] ${s}`);

/** A child with an IPC channel; `ask` sends a message and waits for the first answer that `match` accepts. */
function ipcChild(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-100_000); });
  child.stderr!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-100_000); });
  const dead = () => (child.exitCode !== null || child.signalCode !== null ? new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${out.slice(-3000)}`) : undefined);
  process.on('exit', () => { try { child.kill('SIGKILL'); } catch { /* gone */ } });
  return {
    child, dead, output: () => out,
    ask<T>(message: unknown, match: (m: any) => boolean, timeoutMs: number): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { child.off('message', on); reject(new Error(`${name}: no answer in ${timeoutMs} ms\n${out.slice(-3000)}`)); }, timeoutMs);
        const on = (m: unknown) => { if (match(m)) { clearTimeout(timer); child.off('message', on); resolve(m as T); } };
        child.on('message', on);
        if (message !== undefined) child.send(message as never);
      });
    },
    async stop(graceMs = 10_000): Promise<number> {
      if (dead()) return 0;
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { try { child.kill('SIGKILL'); } catch { /* gone */ } }, graceMs);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
        child.kill('SIGTERM');
      });
      return performance.now() - t0;
    },
  };
}

interface Memory { memory: NodeJS.MemoryUsage; gc: boolean }

async function main() {
  const tmp = trackDir(fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-live-bench-')));
  const token = crypto.randomBytes(24).toString('base64url');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`${STREAMS} streams, ${ROUNDS} rounds; node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; ulimit -n ${await ulimit()}`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['BASE_URL', 'DATABASE_URL', 'MEDIA_DIR', 'DEMO_CONTENT', 'GAZETTE_ADMIN_TOKEN', 'NODE_ENV', 'LOG_LEVEL', 'PORT', 'HOST']) delete env[k];
  Object.assign(env, {
    DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`, MEDIA_DIR: path.join(tmp, 'media'), DEMO_CONTENT: 'false',
    GAZETTE_ADMIN_TOKEN: token, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
    GAZETTE_WORKERS: process.env.GAZETTE_WORKERS ?? '1', // the stream cap is per process: one process holds them all
    TRUST_PROXY: 'true', // each round's comment names its own reader network (X-Forwarded-For)
    LIVE_MAX_STREAMS_PER_NETWORK: String(STREAMS + 10), // every client stream comes from 127.0.0.1
  });
  const server = ipcChild('gazette', ['--expose-gc', '--import', 'tsx', 'bench/lib/live-server.ts'], env);
  await waitUntil('gazette GET /healthz', async () => (await request(`${base}/healthz`)).status === 200, 60_000, server.dead);
  log(`gazette up on ${base} (pid ${server.child.pid})`);
  const admin = { authorization: `Bearer ${token}` };
  const created = await request(`${base}/api/v1/admin/articles`, {
    method: 'POST', headers: admin,
    json: { title: 'Live bench', bodyMarkdown: 'An article whose discussion 5,000 readers follow.', authorName: 'Bench', status: 'published', publishedAt: '2026-01-01T00:00:00Z' },
  });
  expectStatus(created, 201, 'create the article');
  const slug = (JSON.parse(created.text) as { article: { slug: string } }).article.slug;

  // Warm-up: one stream and one comment (code paths compiled, statements prepared), then memory before.
  const warm = await fetch(`${base}/api/v1/articles/${slug}/events`);
  await postComment(base, slug, 'A first comment to warm the server up.', 0);
  const reader = warm.body!.getReader();
  await reader.read();
  await reader.cancel();
  await sleep(500);
  const ask = () => server.ask<Memory>('memory', (m) => m && typeof m === 'object' && 'memory' in m, 10_000);
  const before = { ...(await ask()), rss: rssMiB(server.child.pid) };

  const clients = ipcChild('clients', ['--import', 'tsx', 'bench/lib/live-clients.ts'], env);
  await clients.ask(undefined, (m) => m?.type === 'started', 30_000);
  const t0 = performance.now();
  const opened = await clients.ask<{ open: number; failed: number }>(
    { type: 'open', host: '127.0.0.1', port, path: `/api/v1/articles/${slug}/events`, n: STREAMS, parallel: PARALLEL_CONNECTS },
    (m) => m?.type === 'opened', 300_000);
  log(`${opened.open} streams open (${opened.failed} failed) in ${fmt((performance.now() - t0) / 1000)} s`);
  if (opened.open === 0) throw new Error('no stream could be opened');
  await sleep(2000);
  const after = { ...(await ask()), rss: rssMiB(server.child.pid) };
  const perStream = (a: number, b: number) => (a - b) / opened.open;

  const rounds: { postMs: number; summary: ReturnType<typeof summarise>; within: number; missing: number }[] = [];
  const all: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const marker = `mark${round}x${crypto.randomBytes(4).toString('hex')}`;
    clients.child.send({ type: 'expect', marker, timeoutMs: 15_000 });
    const got = clients.ask<{ times: (number | null)[] }>(undefined, (m) => m?.type === 'got', 30_000);
    const start = performance.timeOrigin + performance.now();
    const posted = await postComment(base, slug, `Round ${round} of the live bench: the ferry timetable changes again (${marker}).`, round);
    const { times } = await got;
    const latencies = times.filter((t): t is number => t !== null).map((t) => t - start);
    const missing = times.length - latencies.length;
    all.push(...latencies);
    const within = latencies.filter((l) => l <= GOAL_MS).length / times.length;
    rounds.push({ postMs: posted, summary: summarise(latencies), within, missing });
    log(`round ${round}: POST ${fmt(posted)} ms; p50 ${fmt(summarise(latencies).p50)} ms, p99 ${fmt(summarise(latencies).p99)} ms, max ${fmt(summarise(latencies).max)} ms; within ${GOAL_MS} ms ${fmt(within * 100)} %; missing ${missing}`);
    await sleep(1000);
  }

  await clients.ask({ type: 'close' }, (m) => m?.type === 'closed', 30_000).catch(() => undefined);
  await clients.stop();
  const stopMs = await server.stop();
  const total = summarise(all);
  const share = all.filter((l) => l <= GOAL_MS).length / (ROUNDS * opened.open);
  const mib = (b: number) => b / 2 ** 20;
  console.log('');
  console.log(`Streams held: ${fmtInt(opened.open)} (failed to open: ${opened.failed}); rounds: ${ROUNDS}; server stopped (SIGTERM) in ${fmt(stopMs, 0)} ms with the streams closed by the clients`);
  console.log('| measure | value |');
  console.log('|---|--:|');
  console.log(`| delivery p50 / p99 / max (all rounds) | ${fmt(total.p50)} / ${fmt(total.p99)} / ${fmt(total.max)} ms |`);
  console.log(`| share within ${GOAL_MS} ms | ${fmt(share * 100, 2)} % (goal 99 %: ${share >= 0.99 ? 'met' : 'NOT met'}) |`);
  console.log(`| POST of the comment, median | ${fmt(summarise(rounds.map((r) => r.postMs)).p50)} ms |`);
  console.log(`| server RSS before → after opening | ${before.rss} → ${after.rss} MiB |`);
  console.log(`| RSS per idle stream | ${fmt(((after.rss ?? 0) - (before.rss ?? 0)) * 1024 / opened.open)} KiB |`);
  console.log(`| heap used after GC before → after | ${fmt(mib(before.memory.heapUsed))} → ${fmt(mib(after.memory.heapUsed))} MiB (GC exposed: ${after.gc}) |`);
  console.log(`| heap per idle stream | ${fmt(perStream(after.memory.heapUsed, before.memory.heapUsed) / 1024)} KiB |`);
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, JSON.stringify({ streams: opened.open, failed: opened.failed, rounds, total, share, before, after, stopMs }, null, 2));
  log(`figures written to ${path.relative(ROOT, OUT_FILE)}`);
}

async function postComment(base: string, slug: string, body: string, n: number): Promise<number> {
  const r = await request(`${base}/api/v1/articles/${slug}/comments`, {
    method: 'POST', headers: { 'x-forwarded-for': `198.51.100.${n + 1}` },
    json: { authorName: `Bench reader ${n}`, authorEmail: `bench-${n}@example.org`, body },
  });
  expectStatus(r, 201, 'post a comment');
  const status = (JSON.parse(r.text) as { comment: { status: string } }).comment.status;
  if (status !== 'published') throw new Error(`the bench comment was not published (${status}): nothing would reach the streams`);
  return r.ms;
}

async function ulimit(): Promise<string> {
  try { return fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))?.split(/\s+/)[3] ?? '?'; } catch { return '?'; }
}

main().then(async () => { await cleanupAll(); process.exit(0); }, async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
