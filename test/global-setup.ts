// Finds the real services the suites need. Without them a developer's `npm test` skips those
// suites with a clear message; under CI=true a missing service fails the run instead.
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    chromiumPath: string | null;
    redisUrl: string | null;
  }
}

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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

export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true';
  const pgResult = await pgReachable();
  const pgUrl = pgResult?.startsWith('postgres') ? pgResult : null;
  const chromiumPath = fs.existsSync(CHROMIUM) ? CHROMIUM : null;
  const redisUrl = (await redisReachable()) ? REDIS_TEST_URL : null;
  const missing: string[] = [];
  if (!pgUrl) missing.push(`PostgreSQL at ${PG_ADMIN_URL} (${pgResult}) — PostgreSQL suites`);
  if (!chromiumPath) missing.push(`Chromium at ${CHROMIUM} — browser suites`);
  if (!redisUrl) missing.push(`Redis at ${REDIS_TEST_URL} — the Redis rate-limit store's suites`);
  if (missing.length) {
    const text = missing.map((m) => `  - ${m}`).join('\n');
    if (ci) throw new Error(`CI=true but required services are missing:\n${text}`);
    console.warn(`\n[gazette] Skipping suites that need services this machine lacks:\n${text}\n(run .ci/run to install them)\n`);
  }
  project.provide('pgUrl', pgUrl);
  project.provide('chromiumPath', chromiumPath);
  project.provide('redisUrl', redisUrl);
}
