// Events across cluster workers: `npm run bench:cluster`. Prints figures; never part of `npm test`.
//
// Gazette with GAZETTE_WORKERS=2 on SQLite (src/main.ts, production mode, a fresh database). STREAMS live
// streams are opened on connections of their own (the primary hands them to the workers in turn: half on
// each), then ROUNDS comments are posted, each on a connection of its own, one at a time. For every stream,
// the time from the start of the POST until the stream has the comment: on the worker that took the POST the
// event is delivered at commit; on the other one it comes through the primary's nudge (SQLite has no NOTIFY;
// without the nudge it would wait for the worker's 1-second poll).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fmt, freePort, summarise } from './lib/util.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const STREAMS = Number(process.env.BENCH_STREAMS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const log = (s: string) => console.log(`[bench:cluster] ${s}`);

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject).end(JSON.stringify(body));
  });
}

/** A live stream calling `onComment(id)` whenever a comment.created event arrives. */
function stream(url: string, onComment: (id: number) => void) {
  return new Promise<http.ClientRequest>((resolve) => {
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!/^event: comment\.created$/m.test(block)) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) onComment((JSON.parse(data) as { comment: { id: number } }).comment.id);
        }
      });
      resolve(req);
    });
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-cluster-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const token = crypto.randomBytes(16).toString('hex');
const env: NodeJS.ProcessEnv = {
  ...process.env, BASE_URL: '', NODE_ENV: 'production', LOG_LEVEL: 'info', GAZETTE_WORKERS: '2', PORT: String(port), HOST: '127.0.0.1',
  DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`, MEDIA_DIR: path.join(tmp, 'media'), DEMO_CONTENT: 'false',
  GAZETTE_ADMIN_TOKEN: token, TRUST_PROXY: 'true',
};
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
try {
  let out = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('"msg":"2 workers listening"')) resolve(); });
    server.once('exit', (code) => reject(new Error(`gazette exited (${code})`)));
  });
  log(`2 workers up on ${base}; ${os.loadavg().map((l) => fmt(l, 2)).join(' ')} load average (other processes share the cores)`);
  const created = await post(`${base}/api/v1/admin/articles`, { title: 'Cluster bench', bodyMarkdown: 'Body', authorName: 'Bench', status: 'published' }, { authorization: `Bearer ${token}` });
  const slug = (JSON.parse(created.text) as { article: { slug: string } }).article.slug;

  // When each stream had each comment (performance.now()), by comment id.
  const arrivals = new Map<number, number[]>();
  const wakes = new Set<() => void>();
  const seen = (id: number) => {
    arrivals.set(id, [...(arrivals.get(id) ?? []), performance.now()]);
    for (const wake of wakes) wake();
  };
  const allArrived = (id: number) => new Promise<void>((resolve) => {
    const check = () => { if ((arrivals.get(id)?.length ?? 0) >= STREAMS) { wakes.delete(check); resolve(); } };
    wakes.add(check);
    check();
  });
  const streams = [];
  for (let i = 0; i < STREAMS; i++) streams.push(await stream(`${base}/api/v1/articles/${slug}/events`, seen));
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const res = await post(`${base}/api/v1/articles/${slug}/comments`, { authorName: `Reader ${round}`, authorEmail: `r${round}@example.org`, body: `Comment number ${round} of the cluster bench.` }, { 'x-forwarded-for': `198.51.100.${round + 1}` });
    const id = (JSON.parse(res.text) as { comment: { id: number } }).comment.id;
    await allArrived(id);
    samples.push(...arrivals.get(id)!.map((t) => t - start));
  }
  for (const s of streams) s.destroy();
  const sum = summarise(samples);
  log(`${ROUNDS} comments × ${STREAMS} streams on 2 workers: from the POST to the stream, p50 ${fmt(sum.p50)} ms, p99 ${fmt(sum.p99)} ms, max ${fmt(sum.max)} ms (the poll alone: up to 1000 ms)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
