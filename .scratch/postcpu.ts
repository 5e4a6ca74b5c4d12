// In-process: CPU per comment post through app.inject (closed loop), on the compiled app.
import fs from 'node:fs';
import { commentBody, rng, articleMarkdown, sentence } from '../bench/lib/util.js';
const dialect = process.env.D ?? 'sqlite';
const file = `/tmp/postcpu-${process.pid}.db`;
process.env.DATABASE_URL = dialect === 'sqlite' ? `sqlite:${file}` : process.env.PGURL!;
Object.assign(process.env, { NODE_ENV: 'production', DEMO_CONTENT: 'false', LOG_LEVEL: 'warn', TRUST_PROXY: 'true', GAZETTE_ADMIN_TOKEN: 'x'.repeat(32), MEDIA_DIR: '/tmp/postcpu-media', GAZETTE_WORKERS: '1' });
const { loadConfig } = await import('../dist/config.js');
const { buildApp } = await import('../dist/app.js');
const g = await buildApp(loadConfig(), { startJobs: true });
const app = (g as any).app;
const r = rng(20261202);
const made = await app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: { authorization: `Bearer ${'x'.repeat(32)}` },
  payload: { title: 'Harbour ferry budget', summary: sentence(r, 15, 25), bodyMarkdown: articleMarkdown(r, 600), authorName: 'Bench', tags: ['council'], status: 'published' } });
const slug = made.json().article.slug;
const SPAM = [
  () => `Call our 24/7 support number +1 (800) 555-${String(r.int(1000, 9999))} for instant help with your account!!!`,
  () => `Great article! Earn $${r.int(200, 900)} a day from home, see https://bit.ly/${r.int(10000, 99999)} now`,
];
let i = 0;
async function post() {
  i++;
  const spam = r.next() < 0.1;
  const res = await app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    payload: { authorName: spam ? `Best Deals ${r.int(1, 99)}` : `Ana ${i}`, authorEmail: `ana.${i}@example.org`, body: spam ? r.pick(SPAM)() : commentBody(r) } });
  if (res.statusCode !== 201) throw new Error(res.body);
}
const N = Number(process.env.N ?? 2000);
for (let k = 0; k < 300; k++) await post();
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let k = 0; k < N; k++) await post();
  const c = process.cpuUsage(c0); const dt = performance.now() - t0;
  console.log(`round ${round}: ${(dt / N).toFixed(3)} ms wall/post, ${((c.user + c.system) / 1000 / N).toFixed(3)} ms CPU/post (user ${(c.user / 1000 / N).toFixed(3)})`);
}
await g.close();
for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
