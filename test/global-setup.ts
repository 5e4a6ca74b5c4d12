// Finds the real services the suites need. Without them a developer's `npm test` skips those
// suites with a clear message; under CI=true a missing service fails the run instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/migrations/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    /** A PostgreSQL database with every migration applied, for buildTestApp to copy (null: migrate each one). */
    pgTemplate: string | null;
    chromiumPath: string | null;
    redisUrl: string | null;
    /** nginx, for the test of deploy/nginx.conf in front of Gazette. */
    nginxPath: string | null;
  }
}

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something answers on the Redis address (the shared rate-limit store's suites). */
function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_TEST_URL);
  return new Promise((resolve) => {
    const s = net.connect(Number(port || 6379), hostname);
    s.setTimeout(3000, () => { s.destroy(); resolve(false); });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function pgReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return PG_ADMIN_URL;
  } catch (err) {
    return `unreachable: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates a database on the server and applies every migration to it, once per run: buildTestApp's databases
 * are copies of it (CREATE DATABASE … TEMPLATE). Measured here, creating a database and migrating it took
 * 0.55-2.2 s, a copy 0.1-0.7 s; a whole test app 0.96-1.34 s against 0.52-0.91 s. (The migrations themselves
 * still run from an empty database in the migration tests, the CLI and server-process tests, and on SQLite
 * for every app.) Nobody may be connected to a template while it is copied, so it takes no connections once
 * migrated (autovacuum included). Its name starts like the test databases'. If migrating it fails, every
 * app migrates its own database instead (and the tests say why).
 */
async function migratedTemplate(adminUrl: string): Promise<{ name: string | null; drop(): Promise<void> }> {
  const name = `gazette_test_template_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async <T>(work: (c: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try { return await work(client); } finally { await client.end(); }
  };
  const drop = () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {});
  await admin((c) => c.query(`create database ${name}`));
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = createDb(url.toString());
    try { await migrateToLatest(db); } finally { await db.close(); }
    await admin((c) => c.query(`alter database ${name} with allow_connections false`));
    return { name, drop };
  } catch (err) {
    console.warn(`[gazette] No migrated PostgreSQL template (each test database is migrated instead): ${(err as Error).message}`);
    await drop();
    return { name: null, drop: async () => {} };
  }
}

export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true';
  const pgResult = await pgReachable();
  const pgUrl = pgResult?.startsWith('postgres') ? pgResult : null;
  const chromiumPath = fs.existsSync(CHROMIUM) ? CHROMIUM : null;
  const redisUrl = (await redisReachable()) ? REDIS_TEST_URL : null;
  const nginxPath = NGINX.find((p) => fs.existsSync(p)) ?? null;
  const missing: string[] = [];
  if (!pgUrl) missing.push(`PostgreSQL at ${PG_ADMIN_URL} (${pgResult}) — PostgreSQL suites`);
  if (!chromiumPath) missing.push(`Chromium at ${CHROMIUM} — browser suites`);
  if (!redisUrl) missing.push(`Redis at ${REDIS_TEST_URL} — the Redis rate-limit store's suites`);
  if (!nginxPath) missing.push(`nginx at ${NGINX.join(' or ')} — deploy/nginx.conf's suite`);
  if (missing.length) {
    const text = missing.map((m) => `  - ${m}`).join('\n');
    if (ci) throw new Error(`CI=true but required services are missing:\n${text}`);
    console.warn(`\n[gazette] Skipping suites that need services this machine lacks:\n${text}\n(run .ci/run to install them)\n`);
  }
  const template = pgUrl ? await migratedTemplate(pgUrl) : null;
  project.provide('pgUrl', pgUrl);
  project.provide('pgTemplate', template?.name ?? null);
  project.provide('chromiumPath', chromiumPath);
  project.provide('redisUrl', redisUrl);
  project.provide('nginxPath', nginxPath);
  return async () => { await template?.drop(); };
}
