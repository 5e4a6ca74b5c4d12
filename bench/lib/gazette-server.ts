// Starts the production server (node dist/main.js, built first by scripts/ensure-build.mjs when missing or
// stale) on a fresh database of either dialect: SQLite in a temp dir, or a PostgreSQL database the bench
// creates on 127.0.0.1:5432 (or BENCH_PG_URL's server) and drops at the end.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { request } from './http.js';
import { spawnManaged, trackDir, type Managed } from './procs.js';
import { freePort, waitUntil } from './util.js';

export type Dialect = 'sqlite' | 'postgres';
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Gazette {
  dialect: Dialect;
  base: string;
  token: string;
  server: Managed;
  pid: number;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

/** Builds dist/ when it is missing or older than the sources (what `npm start` does first). */
export function ensureBuild(): void {
  const r = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the production build failed (node scripts/ensure-build.mjs)');
}

async function adminQuery(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try { await c.query(sqlText); } finally { await c.end(); }
}

export async function startGazette(dialect: Dialect, opts: {
  cpuProfDir?: string; env?: Record<string, string>; prepare?: (env: Record<string, string>) => Promise<void>; analyze?: boolean;
  /** Loads bench/lib/gc-probe.mjs: SIGUSR2 makes the server collect its garbage and print its live memory. */
  gcProbe?: boolean;
} = {}): Promise<Gazette> {
  const tmp = trackDir(fs.mkdtempSync(path.join(os.tmpdir(), `gazette-${dialect}-`)));
  const token = crypto.randomBytes(24).toString('base64url');
  const port = await freePort();
  let databaseUrl = `sqlite:${path.join(tmp, 'bench.db')}`;
  let dropDb: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    const name = `gazette_bench_${process.pid}_${Date.now()}`;
    await adminQuery(`create database ${name}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['BASE_URL', 'SITE_NAME', 'DATABASE_URL', 'MEDIA_DIR', 'DEMO_CONTENT', 'GAZETTE_ADMIN_TOKEN', 'NODE_ENV', 'LOG_LEVEL', 'PORT', 'HOST', 'GAZETTE_WORKERS']) delete env[k];
  Object.assign(env, {
    DATABASE_URL: databaseUrl, MEDIA_DIR: path.join(tmp, 'media'), DEMO_CONTENT: 'false', GAZETTE_ADMIN_TOKEN: token,
    NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
    // As behind a reverse proxy: each request names its reader's network in X-Forwarded-For.
    TRUST_PROXY: 'true', GAZETTE_WORKERS: '1', ...opts.env,
  });
  try {
    await opts.prepare?.(env as Record<string, string>);
    if (opts.analyze && dialect === 'postgres') {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try { await c.query('analyze'); } finally { await c.end(); }
    }
  } catch (err) {
    await dropDb?.();
    throw err;
  }
  const args = [
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
    ...(opts.gcProbe ? ['--expose-gc', '--import', pathToFileURL(path.join(import.meta.dirname, 'gc-probe.mjs')).href] : []),
    'dist/main.js',
  ];
  const server = spawnManaged(`gazette-${dialect}`, process.execPath, args, { cwd: ROOT, env });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(`gazette (${dialect}) GET /healthz`, async () => (await request(`${base}/healthz`)).status === 200, 60_000, server.deadError);
  } catch (err) {
    await server.stop();
    await dropDb?.();
    throw err;
  }
  return {
    dialect, base, token, server, pid: server.child.pid!,
    async close() {
      await server.stop('SIGTERM', 10_000);
      await dropDb?.();
    },
  };
}
