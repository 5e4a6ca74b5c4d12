// buildTestApp({ dialect }): a real Gazette on a fresh SQLite file or a fresh PostgreSQL database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp, type Gazette } from '../../src/app.js';
import type { DialectName } from '../../src/platform/db/database.js';
import type { Caller } from '../../src/modules/accounts/caller.js';
import { ROLE_PERMISSIONS, type Role } from '../../src/modules/accounts/permissions.js';
import type { User } from '../../src/modules/accounts/accounts.repo.js';
import type { ModerationSettings } from '../../src/modules/settings/settings.service.js';
import { createArgon2Passwords } from '../../src/modules/accounts/index.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The dialects this machine can test; PostgreSQL only when the global setup found a server. */
export function dialects(): DialectName[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A clock tests can move forward. */
export class FakeClock {
  constructor(private t = Date.parse('2026-03-14T12:00:00.000Z')) {}
  now = () => new Date(this.t);
  advance(ms: number) { this.t += ms; }
}

export interface TestApp extends Gazette {
  config: Config;
  databaseUrl: string;
  dropDatabase(): Promise<void>;
}

/** PostgreSQL's answer when a template database has a session on it at the moment it is copied. */
const OBJECT_IN_USE = '55006';

/**
 * Creates an empty database for the dialect and returns its URL plus a function that removes it. `migrated`
 * (PostgreSQL): a copy of the run's migrated template (test/global-setup.ts) instead, when there is one. (On
 * SQLite, migrating a new file costs about what copying a migrated one does: measured 190-240 ms against
 * 180-240 ms for the whole app; every app migrates its own.)
 */
export async function freshDatabase(dialect: DialectName, opts: { migrated?: boolean } = {}): Promise<{ url: string; dir: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-test-'));
  if (dialect === 'sqlite') {
    return { url: `sqlite:${path.join(dir, 'gazette.db')}`, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('pgUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available');
  const name = `gazette_test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const template = opts.migrated ? inject('pgTemplate') : null;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt === 20) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  // Commits are not flushed to disk one by one (SQLite's WAL with synchronous=NORMAL, as the app opens it,
  // does not flush each either): only a crash of the PostgreSQL server could lose the last ones, and no test
  // crashes it; what another connection sees, and when, is unchanged. A flushed commit took 0.5-1.2 ms on
  // this 2-core machine's disk when idle and 23-25 ms while other work wrote to it; unflushed, 0.3-5 ms.
  await client.query(`alter database ${name} set synchronous_commit = off`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(), dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Moderation as most suites want it: no rate limits, form timing, duplicate or first-link holds, so
 * tests about other things can post freely (the spam filter still scores, but does not decide). Moderation tests pass `moderation: 'site-defaults'`.
 */
export const RELAXED_MODERATION: Partial<ModerationSettings> = {
  burstPerMinute: 1000, perHour: 10_000, minFillSeconds: 0, duplicateWindowHours: 0, holdFirstTimeLinks: false, useClassifier: false,
};

/**
 * argon2id as the site hashes passwords, at a cost for tests: 256 KiB and one pass took 0.14 ms a hash here,
 * the site's 19 MiB and two passes 17-33 ms (a few hundred hashes and checks in the accounts suites alone).
 * src/modules/accounts/passwords.test.ts and sign-up.test.ts check the site's own cost.
 */
export const TEST_PASSWORDS = createArgon2Passwords({ memoryCost: 256, timeCost: 1, parallelism: 1 });

export async function buildTestApp(opts: {
  dialect: DialectName; clock?: FakeClock; env?: Record<string, string>; demo?: boolean;
  moderation?: Partial<ModerationSettings> | 'site-defaults';
}): Promise<TestApp> {
  const { url, dir, drop } = await freshDatabase(opts.dialect, { migrated: true });
  const config = loadConfig({
    DATABASE_URL: url,
    MEDIA_DIR: path.join(dir, 'media'),
    GAZETTE_ADMIN_TOKEN: ADMIN_TOKEN,
    SITE_NAME: 'The Test Gazette',
    LOG_LEVEL: 'silent',
    DEMO_CONTENT: opts.demo ? 'true' : 'false',
    ...opts.env,
  });
  const gazette = await buildApp(config, { clock: opts.clock?.now, logger: false, startJobs: false, passwords: TEST_PASSWORDS });
  if (opts.moderation !== 'site-defaults') {
    const s = gazette.services.settings;
    await s.update({ moderation: { ...s.get().moderation, ...RELAXED_MODERATION, ...opts.moderation } });
  }
  let dropped = false;
  return {
    ...gazette, config, databaseUrl: url,
    async close() { await gazette.close(); },
    async dropDatabase() { if (!dropped) { dropped = true; await drop(); } },
  };
}

/** Creates and publishes an article through the admin API; returns its slug and id. */
export async function createArticle(t: Gazette, fields: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/admin/articles', headers: admin,
    payload: { title: 'A test article', bodyMarkdown: 'Hello **world**.', authorName: 'Ada Reporter', status: 'published', publishedAt: '2026-03-01T08:00:00Z', ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`createArticle failed: ${res.statusCode} ${res.body}`);
  return res.json().article as { id: number; slug: string };
}

/** Records a donation by hand through the admin API (bank transfer by default); returns it. */
export async function recordDonation(t: Gazette, fields: { amount: number; currency?: string; receivedOn?: string; method?: string; [k: string]: unknown }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/donations', headers: admin, payload: { method: 'bank_transfer', ...fields } });
  if (res.statusCode !== 201) throw new Error(`recordDonation failed: ${res.statusCode} ${res.body}`);
  return res.json().donation as { id: number; campaignMonth: string; amountMinor: number; currency: string; status: string };
}

/** Cookie header carrying the reader identity a response set (for acting as the same reader later). */
export function readerCookie(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'gz_reader');
  if (!c) throw new Error('no reader cookie was set');
  return `gz_reader=${c.value}`;
}

/** A caller as the app resolves one, for services called directly: by default a moderator named `name`. */
export function callerFor(name: string, opts: { role?: Role; user?: User } = {}): Caller {
  const role = opts.role ?? 'moderator';
  return {
    via: opts.user ? 'session' : 'bootstrap', user: opts.user, role, name, permissions: new Set(ROLE_PERMISSIONS[role]),
    csrf: undefined, csrfSecret: undefined, sessionToken: undefined, readerId: undefined, network: 'test-network',
  };
}
