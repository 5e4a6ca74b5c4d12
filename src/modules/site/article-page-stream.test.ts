// A page of many comments written out as it is rendered (article-page-stream.ts), on both dialects: its pieces
// join to exactly the page rendered whole; the reader gets it streamed in every encoding (no length known
// ahead), the island's data inside it reads back; a shareable one is then kept (in pieces) and served again
// byte for byte with its length and ETag; a personal one is never kept; HEAD gets no body.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { articlePageHtml, articlePagePieces } from './site.render.js';
import { STREAM_FROM_COMMENTS } from './article-page-stream.js';
import type { CommentSectionProps } from '../comments/index.js';

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

const decoded = (r: Res) => {
  const enc = r.headers['content-encoding'];
  return (enc === 'br' ? zlib.brotliDecompressSync(r.rawPayload) : enc === 'gzip' ? zlib.gunzipSync(r.rawPayload) : r.rawPayload).toString('utf8');
};

/** Bodies meant to break a page cut at marks: markup, a forged mark, script ends, line separators, non-Latin text. */
const NASTY = [
  'Plain words about the harbour.',
  'A forged mark: <gazette-slot data-k="gazette-1"></gazette-slot> and "gazette-1" in quotes.',
  'Ends a script: </script><script>alert(1)</script> & <!-- a comment -->',
  'Line\u2028separator and paragraph\u2029separator, emoji 🎉, Ελληνικά, 日本語.',
];

const THREADS = 130;

describe.each(dialects())('a page of many comments, streamed, on %s', (dialect) => {
  let t: TestApp;
  let slug = '';
  let articleId = 0;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    const a = await createArticle(t, { title: 'A very long discussion', slug: 'long-discussion' });
    slug = a.slug; articleId = a.id;
    // 130 threads with one reply each: 260 comments, over the streaming threshold.
    for (let i = 0; i < THREADS; i++) {
      const createdAt = new Date(Date.parse('2026-03-02T10:00:00Z') + i * 60_000).toISOString();
      const root = await t.services.comments.importComment({ articleId, parentId: null, authorName: `Reader ${i}`, authorEmail: `r${i}@reader.example`, body: `${NASTY[i % NASTY.length]} (${i})`, status: 'published', up: i % 7, down: 0, createdAt, editedAt: null, editedBy: null });
      await t.services.comments.importComment({ articleId, parentId: root, authorName: `Replier ${i}`, authorEmail: `p${i}@reader.example`, body: `Reply ${i}: ${NASTY[(i + 1) % NASTY.length]}`, status: 'published', up: 0, down: 0, createdAt, editedAt: null, editedBy: null });
    }
    expect(THREADS * 2).toBeGreaterThan(STREAM_FROM_COMMENTS);
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('joins its pieces to exactly the page rendered whole', async () => {
    const article = await t.services.articles.getPublic(slug);
    const page = await t.services.comments.list({ id: articleId }, { sort: 'votes', limit: 1000 });
    expect(page.comments).toHaveLength(THREADS);
    const props: CommentSectionProps = { slug, total: page.total, sort: 'votes', threads: page.comments, nextCursor: page.nextCursor, now: '2026-03-14T12:00:00.000Z', showingAll: true, liveFrom: 42 };
    const ctx = { siteName: 'Harbour Times', assets: { css: '/assets/site.css', js: '/assets/site.js', adminJs: '/assets/admin.js', bytes: {} }, campaign: undefined, timeZone: 'Europe/Paris' };
    const pieces = [...articlePagePieces(ctx, article, props, 'Tell us what you think')];
    expect(pieces.length).toBeGreaterThan(2 * THREADS);
    expect(pieces.join('')).toBe(articlePageHtml(ctx, article, props, 'Tell us what you think'));
    // With no threads there is nothing to cut: one piece, the whole page.
    const empty = { ...props, threads: [], total: 0 };
    expect([...articlePagePieces(ctx, article, empty)]).toEqual([articlePageHtml(ctx, article, empty)]);
  });

  it('streams the page in every encoding, then serves it kept, byte for byte, with its length and ETag', async () => {
    const url = `/articles/${slug}?sort=oldest&all=1`;
    const first = await get(url, { 'accept-encoding': 'br' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['content-length']).toBeUndefined();
    expect(first.headers['transfer-encoding']).toBe('chunked');
    const html = decoded(first);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.endsWith('</html>')).toBe(true);
    expect(html).not.toContain('gazette-slot data-k="gazette-');
    expect(html).not.toContain('</script><script>alert(1)');
    // The island reads its data from the page: every thread, in the order shown.
    const json = /<script type="application\/json" id="comments-state">(.*?)<\/script>/s.exec(html)![1]!;
    const state = JSON.parse(json) as { threads: { bodyHtml: string; replies: unknown[] }[]; all: boolean };
    expect(state.all).toBe(true);
    expect(state.threads).toHaveLength(THREADS);
    expect(state.threads.filter((th) => th.bodyHtml.includes('&lt;/script&gt;&lt;script&gt;alert(1)')).length).toBeGreaterThan(10);
    expect(state.threads.filter((th) => th.bodyHtml.includes('Line\u2028separator and paragraph\u2029separator, emoji 🎉')).length).toBeGreaterThan(10);
    expect(state.threads.every((th) => th.replies.length === 1)).toBe(true);
    expect(html.match(/<li[^>]* id="comment-\d+"/g)).toHaveLength(THREADS * 2);

    // Kept: the same bytes again, now with their length and a strong ETag, in every encoding, and 304.
    const again = await get(url);
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(Number(again.headers['content-length'])).toBe(Buffer.byteLength(html));
    expect(again.body).toBe(html);
    const etag = String(again.headers.etag);
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    for (const encoding of ['gzip', 'br']) {
      let res = await get(url, { 'accept-encoding': encoding });
      for (let i = 0; i < 20 && res.headers['content-encoding'] !== encoding; i++) res = await get(url, { 'accept-encoding': encoding });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(decoded(res)).toBe(html);
    }
  });

  it('streams uncompressed and gzip too, and HEAD gets the headers alone', async () => {
    for (const encoding of ['identity', 'gzip']) {
      const res = await get(`/articles/${slug}?sort=votes&all=1`, { 'accept-encoding': encoding });
      if (res.headers['x-page-cache'] === 'hit') continue; // kept by the other encoding's request: covered above
      expect(res.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      expect(decoded(res)).toContain('</html>');
    }
    const head = await t.app.inject({ method: 'HEAD', url: `/articles/${slug}?sort=newest&all=1` });
    expect(head.statusCode).toBe(200);
    expect(head.payload).toBe('');
  });

  it('never keeps a personal page: a signed-in reader gets it streamed every time, with their name', async () => {
    const reader = await t.services.accounts.createUser({ email: 'grace@example.org', password: 'a long enough password', displayName: 'Grace Hopper', role: 'reader' });
    const session = await t.services.accounts.createSession(reader.id);
    const url = `/articles/${slug}?all=1`;
    for (let i = 0; i < 2; i++) {
      const res = await get(url, { cookie: `gz_session=${session.token}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-page-cache']).toBe('personal');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body).toContain('Grace Hopper');
      expect(res.body.match(/<li[^>]* id="comment-\d+"/g)).toHaveLength(THREADS * 2);
    }
    // The shared page never shows the reader.
    const shared = await get(url);
    expect(shared.body).not.toContain('Grace Hopper');
  });

  it('drops the kept page when the discussion changes: the next reader gets the new comment', async () => {
    const url = `/articles/${slug}?sort=newest&all=1`;
    await get(url);
    expect((await get(url)).headers['x-page-cache']).toBe('hit');
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'A late word from the editor.' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const res = await get(url);
    expect(res.headers['x-page-cache']).toBe('miss');
    expect(res.body).toContain('A late word from the editor.');
  });

  it('renders a page once for readers asking at the same time: the others wait and get the kept page', async () => {
    for (const url of [`/articles/${slug}?sort=oldest&all=1`, `/articles/${slug}?sort=oldest`]) { // streamed, and sent whole
      const answers = await Promise.all(Array.from({ length: 5 }, () => get(url, { 'accept-encoding': 'gzip' })));
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.map((r) => r.headers['x-page-cache']).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'miss']);
      const pages = answers.map(decoded);
      for (const p of pages) expect(p).toBe(pages[0]);
      expect(pages[0]).toContain('Plain words about the harbour. (0)');
    }
    // A reader who goes away in the middle of a streamed page does not leave the others waiting.
    await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Omar', authorEmail: 'o@example.org', body: 'Another late word.' } });
    const url = `/articles/${slug}?sort=oldest&all=1`;
    const gone = t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' }, simulate: { end: true, split: false, error: false, close: true } });
    const waiting = get(url);
    await gone.catch(() => undefined);
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Another late word.');
  });
});
