// GAZETTE_WORKERS=2 on SQLite, as a real process tree (src/main.ts through tsx): the primary starts two workers
// on one port; connections go to both; exactly one runs the jobs and logs the set-up address; the vote limit
// is counted once for both (the primary's store: 61 votes spread over two workers are refused at the 61st);
// a comment posted through one worker reaches live streams held by both (events nudged through the primary);
// a killed worker is replaced; SIGTERM drains both workers and the primary exits 0.
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './helpers/test-app.js';
import { killHard, SERVER_ADMIN_TOKEN as TOKEN } from './helpers/server-process.js';
import { openSse, type SseClient } from './helpers/sse-client.js';

/** A request on a connection of its own (the primary hands each new connection to the next worker). */
function request(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

type LogLine = { pid?: number; msg?: string; req?: { url: string }; reqId?: string; [k: string]: unknown };

describe('a cluster of two workers on SQLite', () => {
  let child: ChildProcess;
  let url: string;
  let out = '';
  let exited: Promise<number | null>;
  let drop: () => Promise<void>;
  const streams: SseClient[] = [];

  const lines = (): LogLine[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const logged = (msg: string | RegExp) => lines().filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg ?? '')));
  /** The workers that logged a request for a URL matching `pattern`. */
  const pidsServing = (pattern: RegExp) => new Set(lines().filter((l) => l.msg === 'incoming request' && pattern.test(l.req!.url)).map((l) => l.pid));
  async function until(what: string, cond: () => boolean, ms = 120_000) {
    const end = Date.now() + ms;
    while (!cond()) {
      if (child.exitCode !== null) throw new Error(`the cluster exited (${child.exitCode}) before ${what}:\n${out}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: {
        ...process.env, BASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DEMO_CONTENT: 'false', NODE_ENV: 'test',
        GAZETTE_ADMIN_TOKEN: TOKEN, GAZETTE_WORKERS: '2', TRUST_PROXY: 'true', DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media'), SHUTDOWN_TIMEOUT_MS: '8000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await until('both workers listen', () => logged('2 workers listening').length === 1);
    // Each worker's own lines reach this process through its pipe, possibly after the primary's.
    await until('both workers report their role', () => logged(/^cluster worker/).length === 2 && logged(/^No admin yet/).length >= 1, 10_000);
    url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  }, 180_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await killHard(child);
    await drop?.();
  });

  it('runs the jobs, and logs the set-up address, in one worker only; both share the port', async () => {
    const workers = logged(/^cluster worker/);
    expect(workers.map((w) => w.runsJobs).sort()).toEqual([false, true]);
    expect(new Set(workers.map((w) => w.pid)).size).toBe(2);
    expect(workers.every((w) => w.rateLimits === 'cluster primary')).toBe(true);
    expect(logged(/^No admin yet/)).toHaveLength(1);
    expect(new Set(lines().filter((l) => /^Server listening at/.test(l.msg ?? '')).map((l) => l.msg))).toEqual(new Set([`Server listening at ${url}`]));
  });

  it('counts the vote limit once for both workers, and sends a comment to live streams on both', async () => {
    const created = await request(`${url}/api/v1/admin/articles`, 'POST', { title: 'Two workers', bodyMarkdown: 'Body', authorName: 'Ops', status: 'published' }, { authorization: `Bearer ${TOKEN}` });
    expect(created.status, created.text).toBe(201);
    const { slug } = JSON.parse(created.text).article as { slug: string };
    const posted = await request(`${url}/api/v1/articles/${slug}/comments`, 'POST', { authorName: 'Val', authorEmail: 'val@example.org', body: 'Vote for me.' });
    expect(posted.status, posted.text).toBe(201);
    const commentId = JSON.parse(posted.text).comment.id as number;

    // Each vote on a connection of its own: the primary alternates between the workers.
    const statuses: number[] = [];
    for (let i = 0; i <= 60; i++) statuses.push((await request(`${url}/api/v1/comments/${commentId}/vote`, 'POST', { value: 1 })).status);
    expect(statuses.slice(0, 60).every((s) => s === 200), statuses.join(' ')).toBe(true);
    expect(statuses[60]).toBe(429);
    await until('both workers log a vote', () => pidsServing(/\/vote$/).size === 2, 10_000);

    for (let i = 0; i < 4; i++) streams.push(await openSse(`${url}/api/v1/articles/${slug}/events`));
    // The workers' request logs reach this process through pipes, after the streams opened: wait for them.
    await until('both workers log a stream', () => pidsServing(/\/events$/).size === 2, 10_000);
    const live = await request(`${url}/api/v1/articles/${slug}/comments`, 'POST', { authorName: 'Lou', authorEmail: 'lou@example.org', body: 'Heard by every worker.' });
    expect(live.status, live.text).toBe(201);
    const liveId = JSON.parse(live.text).comment.id as number;
    for (const s of streams) expect(await s.next((e) => e.event === 'comment.created')).toMatchObject({ data: { comment: { id: liveId } } });
  });

  it('takes comments written at the same moment through both workers, every one (one SQLite writer at a time)', async () => {
    const created = await request(`${url}/api/v1/admin/articles`, 'POST', { title: 'Written at once', bodyMarkdown: 'Body', authorName: 'Ops', status: 'published' }, { authorization: `Bearer ${TOKEN}` });
    const { slug } = JSON.parse(created.text).article as { slug: string };
    // Readers on networks of their own (X-Forwarded-For from the trusted local proxy), so no limit applies.
    const posts = await Promise.all(Array.from({ length: 40 }, (_, i) => request(`${url}/api/v1/articles/${slug}/comments`, 'POST',
      { authorName: `Reader ${i}`, authorEmail: `reader${i}@example.org`, body: `Comment number ${i}, written while the others were.` },
      { 'x-forwarded-for': `198.51.100.${i + 1}` })));
    expect(posts.map((p) => p.status), posts.map((p) => p.text).join('\n')).toEqual(posts.map(() => 201));
    await until('both workers log a comment', () => pidsServing(new RegExp(`/articles/${slug}/comments$`)).size === 2, 10_000);
    const listed = await request(`${url}/api/v1/articles/${slug}/comments?limit=100`);
    expect(JSON.parse(listed.text).comments).toHaveLength(40);
  });

  it('starts another worker in place of one that dies, with its role', async () => {
    const serving = logged('cluster worker serving');
    expect(serving).toHaveLength(1);
    process.kill(serving[0]!.pid!, 'SIGKILL');
    await until('a new worker serves', () => logged('cluster worker serving').length === 2);
    await until('the primary and the new worker report', () => logged(/^worker exited; starting another/).length >= 1 && logged('cluster worker running the jobs').length >= 1, 10_000);
    expect(logged(/^worker exited; starting another/)).toHaveLength(1);
    expect(logged('cluster worker running the jobs')).toHaveLength(1);
    expect((await request(`${url}/livez`)).status).toBe(200);
  }, 180_000);

  it('drains both workers on SIGTERM and exits 0', async () => {
    const pids = logged(/^cluster worker/).map((w) => w.pid!);
    for (const s of streams) s.close();
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    expect(logged('shutting down').length).toBeGreaterThanOrEqual(2);
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);
});
