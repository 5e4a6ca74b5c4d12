// One published article of about 600 words, created through the admin API; returns its id and slug.
import { expectStatus, request } from './http.js';
import { articleMarkdown, rng, sentence } from './util.js';

export async function createArticle(base: string, token: string, title: string): Promise<{ id: number; slug: string }> {
  const r = rng(20261202);
  const res = await request(`${base}/api/v1/admin/articles`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` },
    json: { title, summary: sentence(r, 15, 25), bodyMarkdown: articleMarkdown(r, 600), authorName: 'Bench Reporter', tags: ['council'], status: 'published' },
  });
  expectStatus(res, 201, 'create article');
  const a = (JSON.parse(res.text) as { article: { id: number; slug: string } }).article;
  return { id: a.id, slug: a.slug };
}
