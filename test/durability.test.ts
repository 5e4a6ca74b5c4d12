// A comment acknowledged with 201 survives kill -9 of the server process, on both dialects.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from './helpers/test-app.js';
import { createDb } from '../src/platform/db/database.js';
import { killHard, SERVER_ADMIN_TOKEN as TOKEN, startServer } from './helpers/server-process.js';

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
