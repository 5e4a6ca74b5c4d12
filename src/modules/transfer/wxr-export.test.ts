// The WXR export read back by the importer into a fresh site: articles, pages, drafts, tags, bylines and
// comments (threads, statuses, text) arrive as they left, on both dialects.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { readWxr } from './wxr-read.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/wordpress/harbour-gazette.xml');

describe.each(dialects())('WXR export round trip (%s)', (dialect) => {
  let from: TestApp;
  let to: TestApp;
  let xml: string;

  beforeAll(async () => {
    [from, to] = await Promise.all([buildTestApp({ dialect }), buildTestApp({ dialect })]);
    await from.services.transfer.importWordPress(fs.readFileSync(FIXTURE, 'utf8'));
    const native = await createArticle(from, {
      title: 'Tides & <tables> ]]> in a title', slug: 'tides', tags: ['harbour', 'weather'], summary: 'A summary with <angle> & ampersand',
      bodyMarkdown: 'Written **here**, with `code ]]>` and a [link](https://tides.example/?a=1&b=2).\n\n- one\n- two',
    });
    const c1 = await from.services.comments.importComment({ articleId: native.id, parentId: null, authorName: 'Quoting Quinn', authorEmail: 'q@reader.example', body: 'I typed <b>tags</b> & a < b, literally.\n\nSecond paragraph.', status: 'published', up: 0, down: 0, createdAt: '2026-03-02T10:00:00.000Z', editedAt: null, editedBy: null });
    await from.services.comments.importComment({ articleId: native.id, parentId: c1, authorName: 'Replying Ruth', authorEmail: 'r@reader.example', body: 'Agreed.', status: 'pending', up: 0, down: 0, createdAt: '2026-03-02T11:00:00.000Z', editedAt: null, editedBy: null });
    xml = await from.services.transfer.exportWxr({ name: 'The <Test> Gazette', baseUrl: 'https://gazette.example' });
    await to.services.transfer.importWordPress(xml);
  }, 120_000);
  afterAll(async () => {
    for (const t of [from, to]) { await t?.close(); await t?.dropDatabase(); }
  });

  const articlesOf = (t: TestApp) => t.db.db.selectFrom('articles')
    .select(['slug', 'title', 'summary', 'body_html', 'tags', 'status', 'kind', 'published_at', 'comments_open', 'author_name']).orderBy('slug').execute();
  const commentsOf = (t: TestApp) => t.db.db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select(['articles.slug', 'comments.author_name', 'comments.author_email', 'comments.body', 'comments.status', 'comments.depth', 'comments.created_at', 'parent.author_name as parent_name'])
    .orderBy('comments.created_at').execute();

  it('is a WXR file the importer reads', () => {
    const wxr = readWxr(xml);
    expect(wxr.title).toBe('The <Test> Gazette');
    expect(wxr.items.map((i) => [i.slug, i.type, i.status]).sort()).toEqual([
      ['about', 'page', 'publish'], ['ferry-vote', 'post', 'publish'], ['half-written-piece', 'post', 'draft'],
      ['market', 'post', 'publish'], ['tides', 'post', 'publish'],
    ]);
    expect(wxr.authors.map((a) => [a.login, a.email])).toEqual([['mara', 'mara@harbour.example'], ['tobias-r', 'tobias-r@wordpress-import.invalid']]);
  });

  it('brings every article, page and draft back as it was', async () => {
    // Whitespace between the body's elements may differ; a comments switch left to the site's default
    // (null) leaves as WordPress's "open".
    const same = (rows: Awaited<ReturnType<typeof articlesOf>>) => rows.map((r) => ({ ...r, body_html: r.body_html.replace(/\n+/g, '\n').trim(), comments_open: r.comments_open ?? 1 }));
    const [a, b] = [same(await articlesOf(from)), same(await articlesOf(to))];
    expect(b).toEqual(a);
    expect(b.find((x) => x.slug === 'tides')).toMatchObject({ title: 'Tides & <tables> ]]> in a title', summary: 'A summary with <angle> & ampersand', tags: '["harbour","weather"]' });
  });

  it('brings the comments back with their threads, statuses and text (spam too; their e-mails with them)', async () => {
    const [a, b] = [await commentsOf(from), await commentsOf(to)];
    expect(b).toEqual(a);
    expect(b.find((c) => c.author_name === 'Quoting Quinn')!.body).toBe('I typed <b>tags</b> & a < b, literally.\n\nSecond paragraph.');
    expect(b.map((c) => c.status).sort()).toEqual(['pending', 'pending', 'published', 'published', 'published', 'published', 'published', 'spam']);
  });
});
