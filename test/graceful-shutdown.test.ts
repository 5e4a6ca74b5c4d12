// SIGTERM on a real server process: it stops accepting connections, answers the request in flight, ends
// live streams with a last `reconnect` event, closes the database and exits 0 — on both dialects.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from './helpers/test-app.js';
import { killHard, SERVER_ADMIN_TOKEN as TOKEN, startServer } from './helpers/server-process.js';

const exitOf = (child: import('node:child_process').ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null) return resolve(child.exitCode);
  child.once('exit', (code) => resolve(code));
});

/** Whether a new TCP connection to the port is refused (the listening socket is closed). */
const refused = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
});

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe.each(dialects())('graceful shutdown on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('answers the request in flight, ends live streams, refuses new connections and exits 0', async () => {
    const db = await freshDatabase(dialect);
    cleanups.push(db.drop);
    const { child, url } = await startServer({ DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media'), SHUTDOWN_TIMEOUT_MS: '8000' });
    cleanups.push(() => killHard(child));
    const port = Number(new URL(url).port);
    let log = '';
    child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
    const exited = exitOf(child);

    const created = await fetch(`${url}/api/v1/admin/articles`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Shutdown test', bodyMarkdown: 'Body', authorName: 'Ops', status: 'published' }),
    });
    expect(created.status).toBe(201);
    const { article } = await created.json() as { article: { slug: string } };

    // A live stream, read until its first bytes arrive.
    const stream = await fetch(`${url}/api/v1/articles/${article.slug}/events`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let streamed = new TextDecoder().decode((await reader.read()).value);
    const streamEnded = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return streamed;
        streamed += new TextDecoder().decode(value);
      }
    })();

    // A slow request: its headers and half its body are sent before SIGTERM, the rest after.
    const body = JSON.stringify({ authorName: 'Ann', authorEmail: 'ann@example.org', body: 'Posted while the server was being stopped.' });
    const half = Math.floor(body.length / 2);
    const slow = http.request(`${url}/api/v1/articles/${article.slug}/comments`, {
      method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      slow.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      slow.on('error', reject);
    });
    slow.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers: the request is in flight

    child.kill('SIGTERM');

    expect(await streamEnded).toMatch(/event: reconnect\ndata: \{"reason":"shutting-down"\}\n\n$/);
    expect(await eventually(() => refused(port), 3000), 'a new connection is refused while draining').toBe(true);
    expect(child.exitCode, 'still running while a request is in flight').toBeNull();

    slow.end(body.slice(half));
    const res = await answered;
    expect(res.status, res.text).toBe(201);
    expect(JSON.parse(res.text).comment.authorName).toBe('Ann');

    expect(await exited, log).toBe(0);
    expect(log).toContain('shutting down');
  }, 30_000);
});

describe('the shutdown deadline', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('exits 1 once SHUTDOWN_TIMEOUT_MS has passed with a request still in flight', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const { child, url } = await startServer({ DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media'), SHUTDOWN_TIMEOUT_MS: '600' });
    cleanups.push(() => killHard(child));
    const exited = exitOf(child);
    // A request whose body never completes: draining cannot finish.
    const stuck = http.request(`${url}/api/v1/articles/whatever/comments`, {
      method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': 1000 },
    });
    stuck.on('error', () => undefined);
    stuck.write('{"body":');
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(5000);
    stuck.destroy();
  }, 30_000);
});
