// Seeds one article with a big discussion before the server starts: an app of its own on the bench's database
// (the production server is not running yet), the article through the admin API, the comments through the
// comments module's import function (comments.importComment, in transactions of 500). The jobs those imports
// queued (notifications of published comments) are left: the bench starts the server with JOBS_INTERVAL_MS at
// an hour, so they do not run during the measurements.
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { articleMarkdown, commentBody, rng, sentence } from './util.js';

export interface DiscussionShape { comments: number; replyShare: number }

export async function seedDiscussion(env: Record<string, string>, shape: DiscussionShape): Promise<{ slug: string; articleId: number; ids: number[]; ms: number }> {
  const started = performance.now();
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const g = await buildApp(config, { logger: false, startJobs: false });
  try {
    const r = rng(10_000);
    const res = await g.app.inject({
      method: 'POST', url: '/api/v1/admin/articles', headers: { authorization: `Bearer ${env.GAZETTE_ADMIN_TOKEN}` },
      payload: { title: 'The harbour ferry: ten thousand readers weigh in', summary: sentence(r, 15, 25), bodyMarkdown: articleMarkdown(r, 800), authorName: 'Bench Reporter', tags: ['council'], status: 'published' },
    });
    if (res.statusCode !== 201) throw new Error(`create article: ${res.statusCode} ${res.body}`);
    const article = res.json().article as { id: number; slug: string };
    const names = ['Ana', 'Bo', 'Chidi', 'Dana', 'Eero', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mo', 'Nia'];
    const ids: number[] = [];
    const roots: number[] = [];
    // Over the last 30 days, a minute or so apart; votes skewed so "Most voted" differs from the time orders.
    const t0 = Date.now() - 30 * 24 * 3600_000;
    const step = (30 * 24 * 3600_000) / shape.comments;
    const BATCH = 500;
    for (let i = 0; i < shape.comments; i += BATCH) {
      await g.events.transaction(async (uow) => {
        for (let j = i; j < Math.min(shape.comments, i + BATCH); j++) {
          const reply = roots.length > 0 && r.next() < shape.replyShare;
          const parentId = reply ? (r.next() < 0.3 && ids.length > 0 ? r.pick(ids.slice(-50)) : r.pick(roots.slice(-200))) : null;
          const name = r.pick(names);
          const up = Math.floor(r.next() ** 3 * 60);
          const id = await g.services.comments.importComment({
            articleId: article.id, parentId, authorName: `${name} ${String.fromCharCode(65 + r.int(0, 25))}.`, authorEmail: `${name.toLowerCase()}.${j}@example.org`,
            body: commentBody(r), status: 'published', up, down: r.int(0, 3), createdAt: new Date(t0 + j * step).toISOString(), editedAt: null, editedBy: null,
          }, uow);
          ids.push(id);
          if (parentId === null) roots.push(id);
        }
      });
    }
    return { slug: article.slug, articleId: article.id, ids, ms: performance.now() - started };
  } finally {
    await g.close();
  }
}
