// A comment acknowledged with 201 survives kill -9 of the server process, on both dialects.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from './helpers/test-app.js';
import { createDb } from '../src/platform/db/database.js';

const TOKEN = 'durability-admin-token-1234567890';

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    // BASE_URL is cleared: vitest exports its own BASE_URL ('/') into process.env.
    env: { ...process.env, BASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DEMO_CONTENT: 'false', GAZETTE_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { child.stdout!.off('data', onData); resolve({ child, url: m[1]! }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const killHard = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

describe.each(dialects())('durability on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('keeps every acknowledged comment after kill -9', async () => {
    const db = await freshDatabase(dialect);
    cleanups.push(db.drop);
    const env = { DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media') };
    const first = await startServer(env);
    cleanups.push(() => killHard(first.child));
    const created = await fetch(`${first.url}/api/v1/admin/articles`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Crash test', bodyMarkdown: 'Body', authorName: 'Ops', status: 'published' }),
    });
    expect(created.status).toBe(201);
    const { article } = await created.json() as { article: { slug: string } };
    const acknowledged: number[] = [];
    // Five: the default burst limit per network is five comments a minute.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${first.url}/api/v1/articles/${article.slug}/comments`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authorName: 'Ann', authorEmail: 'ann@example.org', body: `I was at the council meeting too, point ${i}.` }),
      });
      expect(res.status).toBe(201);
      acknowledged.push(((await res.json()) as { comment: { id: number } }).comment.id);
    }
    await killHard(first.child);

    const second = await startServer(env);
    cleanups.push(() => killHard(second.child));
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    // Read the rows themselves: whatever moderation decided, every acknowledged comment is stored.
    const store = createDb(db.url);
    try {
      const rows = await store.db.selectFrom('comments').select('id').orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual(acknowledged);
    } finally {
      await store.close();
    }
  });
});
