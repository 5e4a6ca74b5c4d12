import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createArticle, type TestApp } from './helpers/test-app.js';
let t: TestApp;
const counts: string[] = [];
let on = false;
const orig = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
  if (on) counts.push(typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '?');
  return (orig as any).apply(this, args);
};
beforeAll(async () => { t = await buildTestApp({ dialect: 'postgres', env: { NODE_ENV: 'production' } }); });
afterAll(async () => { await t?.close(); await t?.dropDatabase(); });
it('counts', async () => {
  const { slug } = await createArticle(t, { title: 'Counting' });
  for (let i = 0; i < 30; i++) await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: `203.0.113.${i + 1}`, payload: { authorName: 'Warm', authorEmail: `w${i}@example.org`, body: `Warming up the discussion number ${i} with words.` } });
  const urls = [`/api/v1/articles/${slug}/comments?sort=newest`, `/api/v1/articles/${slug}/comments?sort=votes`, `/articles/${slug}`, `/articles/${slug}?sort=oldest`];
  for (const u of urls) await t.app.inject({ url: u });
  for (const u of urls) {
    counts.length = 0; on = true;
    const N = 10;
    for (let i = 0; i < N; i++) { const r = await t.app.inject({ url: u }); expect(r.statusCode).toBe(200); }
    on = false;
    const by = new Map<string, number>();
    for (const q of counts) { const k = q.replace(/\s+/g, ' ').slice(0, 110); by.set(k, (by.get(k) ?? 0) + 1); }
    console.log(u, 'per request', counts.length / N, '\n' + [...by].map(([k, n]) => `${(n / N).toFixed(2)} ${k}`).join('\n'));
  }
});
