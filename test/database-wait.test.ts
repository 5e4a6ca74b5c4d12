// The real entry point (node --import tsx src/main.ts) when the database is not there at start: one
// clear line per attempt, retries for DATABASE_WAIT_SECONDS, exit 69; and a normal start when the
// database turns up during the wait.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './helpers/test-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LINE = /^Cannot reach the database at postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/gazette: connect ECONNREFUSED 127\.0\.0\.1:\d+/;

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

interface Run { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> }
const running: Run[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function start(env: Record<string, string>): Run {
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-wait-'));
  cleanups.push(() => fs.rmSync(media, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DEMO_CONTENT: 'false', NODE_ENV: 'production', LOG_LEVEL: 'info', MEDIA_DIR: media, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, stdout: () => out, stderr: () => err, exited };
  running.push(run);
  return run;
}

/** Resolves when the condition holds; fails if the process ends first, or after `ms` (a bound, not a measurement). */
async function until(run: Run, what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (run.child.exitCode !== null) throw new Error(`the server exited (${run.child.exitCode}) before ${what}:\n${run.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

afterEach(async () => {
  for (const r of running.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) { r.child.kill('SIGKILL'); await r.exited; }
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('database unreachable at start', () => {
  it('prints one line per attempt with the password masked, retries, then exits with 69', async () => {
    const port = await closedPort();
    const run = start({ DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/gazette`, DATABASE_WAIT_SECONDS: '3' });
    expect(await run.exited).toBe(69);
    const err = lines(run.stderr());
    // Waits of 1 s, then up to 2 s (what is left of the 3): at least two retries, then the final line.
    for (const l of err) expect(l).toMatch(LINE);
    const retries = err.slice(0, -1);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.every((l) => / retrying in \d+(\.\d)? s$/.test(l))).toBe(true);
    expect(retries[0]).toMatch(/retrying in 1 s$/);
    expect(err.at(-1)).toMatch(/; gave up after \d+(\.\d)? s \(DATABASE_WAIT_SECONDS=3\)$/);
    expect(run.stderr()).not.toContain('s3cret');
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(run.stdout()).toBe('');
  });

  it('tries once with DATABASE_WAIT_SECONDS=0', async () => {
    const port = await closedPort();
    const run = start({ DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/gazette`, DATABASE_WAIT_SECONDS: '0' });
    expect(await run.exited).toBe(69);
    const err = lines(run.stderr());
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(LINE);
    expect(err[0]).toMatch(/\(DATABASE_WAIT_SECONDS=0: no retry\)$/);
  });

  it('says in one line why a SQLite database cannot be opened, without retrying', async () => {
    const run = start({ DATABASE_URL: 'sqlite:/dev/null/gazette.db', DATABASE_WAIT_SECONDS: '60' });
    expect(await run.exited).toBe(69);
    const err = lines(run.stderr());
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^Cannot open the SQLite database at \/dev\/null\/gazette\.db: \S/);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
  });

  it.skipIf(!inject('pgUrl'))('starts normally when PostgreSQL becomes reachable during the wait', async () => {
    const db = await freshDatabase('postgres');
    cleanups.push(() => db.drop());
    const port = await closedPort();
    const url = new URL(db.url);
    const target = { host: url.hostname, port: Number(url.port || 5432) };
    url.host = `127.0.0.1:${port}`;
    const run = start({ DATABASE_URL: url.toString(), DATABASE_WAIT_SECONDS: '30' });
    // Refused at first...
    await until(run, 'a first refused attempt', () => / retrying in /.test(run.stderr()));
    // ...then a TCP relay to the real server opens on that port.
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      for (const s of [client, upstream]) { sockets.add(s); s.on('error', () => {}); s.on('close', () => sockets.delete(s)); }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); relay.close(() => r()); }));

    // In production the primary waited; its first worker starts now (it loads the whole app: give it time).
    await until(run, 'the server to listen', () => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(run.stdout()), 60_000);
    const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())![1]!;
    const health = await fetch(`${address}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const err = lines(run.stderr());
    expect(err.filter((l) => / retrying in /.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(err.at(-1)).toMatch(/^Reached the database at postgres:\/\/.*@?127\.0\.0\.1:\d+\/gazette_test_\w+ after \d+ attempts/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 120_000);
});
