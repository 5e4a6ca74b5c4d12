// The cached article page's fast lane, over real HTTP (app.inject does not go through the server the lane sits
// in), on both dialects: the lane answers exactly what the ordinary route answers (headers and bytes, every
// encoding, 304s), every write through any path shows at once (the domain events drop what memory knew), a
// scheduled article appears on time, and a guest with a comment of their own in sight gets their page.
import http from 'node:http';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, recordDonation, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { fastArticleUrl } from './article-fast-path.js';

interface Got { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

const FIREFOX = 'gzip, deflate, br, zstd';
/** Headers that differ per response whatever the path (the clock) or per transport. */
const VOLATILE = new Set(['date']);

const headerSet = (h: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => a.localeCompare(b)));

const decoded = (r: Got) => {
  const enc = r.headers['content-encoding'];
  return (enc === 'br' ? zlib.brotliDecompressSync(r.body) : enc === 'gzip' ? zlib.gunzipSync(r.body) : r.body).toString('utf8');
};

describe('the addresses the fast lane takes', () => {
  it('takes an article slug with at most the views\' own parameters, each once; nothing else', () => {
    expect(fastArticleUrl('/articles/harbour-news')).toEqual({ slug: 'harbour-news', view: { sort: 'newest', all: false, inline: false } });
    expect(fastArticleUrl('/articles/harbour-news?sort=votes&all=1')).toEqual({ slug: 'harbour-news', view: { sort: 'votes', all: true, inline: false } });
    expect(fastArticleUrl('/articles/a1?inline=true&sort=oldest')).toEqual({ slug: 'a1', view: { sort: 'oldest', all: false, inline: true } });
    for (const url of [
      '/articles/', '/articles/Harbour', '/articles/harbour%2Dnews', '/articles/harbour-news/', '/articles/harbour--news',
      '/articles/harbour-news?', '/articles/harbour-news?utm_source=x', '/articles/harbour-news?sort=bogus',
      '/articles/harbour-news?sort=votes&sort=oldest', '/articles/harbour-news?all=0', '/articles/harbour-news?all',
      '/articles/harbour-news?replyTo=3', `/articles/${'a'.repeat(201)}`, '/article/harbour-news', '/pages/about',
    ]) expect(fastArticleUrl(url), url).toBeUndefined();
  });
});

describe.each(dialects())('article page fast lane on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let story: { id: number; slug: string };
  const clock = new FakeClock();

  const get = (path: string, headers: Record<string, string> = {}) => new Promise<Got>((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: { accept: 'text/html', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
  /** GET answered by the lane (true) or by Fastify (false). */
  const viaLane = async (path: string, headers: Record<string, string> = {}) => {
    const before = t.fastLane.answered();
    const res = await get(path, headers);
    return { res, lane: t.fastLane.answered() === before + 1 };
  };
  /** Requests the page until the lane answers it (the first renders it; compressed bytes come after). */
  const warm = async (path: string, headers: Record<string, string> = {}) => {
    for (let i = 0; i < 50; i++) {
      const r = await viaLane(path, headers);
      if (r.lane) return r.res;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    throw new Error(`the fast lane never answered ${path}`);
  };
  const articlePath = () => `/articles/${story.slug}`;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const writer = await t.services.accounts.createUser({ email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada Lovelace', role: 'author' });
    story = await createArticle(t, { title: 'Harbour news', slug: 'harbour-news', authorIds: [writer.id] });
    const ws = await t.services.accounts.createSession(writer.id);
    writerSession = { cookie: `gz_session=${ws.token}`, csrf: ws.csrf };
  });
  let writerSession: { cookie: string; csrf: string };
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('answers with the same headers and bytes as the ordinary route, in every encoding, and 304s alike', async () => {
    const bodies: string[] = [];
    for (const encoding of [undefined, 'gzip', FIREFOX]) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      const fast = await warm(articlePath(), headers);
      // A parameter the page ignores keeps the request out of the lane: the ordinary route answers the same page.
      const slow = await viaLane(`${articlePath()}?utm_source=test`, headers);
      expect(slow.lane).toBe(false);
      expect(fast.status).toBe(200);
      expect(headerSet(fast.headers)).toEqual(headerSet(slow.res.headers));
      expect(fast.body.equals(slow.res.body)).toBe(true);
      expect(fast.headers['x-page-cache']).toBe('hit');
      expect(fast.headers['content-encoding']).toBe(encoding === FIREFOX ? 'br' : encoding);
      expect(fast.headers['cache-control']).toBe('public, max-age=0, s-maxage=300');
      expect(fast.headers['surrogate-key']).toBe(`site article-${story.id}`);
      bodies.push(decoded(fast));

      const etag = String(fast.headers.etag);
      const fast304 = await viaLane(articlePath(), { ...headers, 'if-none-match': etag });
      const slow304 = await viaLane(`${articlePath()}?utm_source=test`, { ...headers, 'if-none-match': etag });
      expect(fast304.lane).toBe(true);
      expect(fast304.res.status).toBe(304);
      expect(slow304.res.status).toBe(304);
      expect(headerSet(fast304.res.headers)).toEqual(headerSet(slow304.res.headers));
      expect(fast304.res.body.length).toBe(0);
    }
    expect(bodies[0]).toContain('Harbour news');
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
    // The views' own parameters are answered from the lane too; HEAD, cookies and unknown slugs are not.
    expect((await warm(`${articlePath()}?sort=votes&all=1`)).status).toBe(200);
    expect((await viaLane(articlePath(), { cookie: 'other=1' })).lane).toBe(false);
    expect((await viaLane('/articles/no-such-story')).res.status).toBe(404);
  });

  it('shows every write at once: comments, votes, moderation, article, campaign, payment, settings, author page', async () => {
    let before = decoded(await warm(articlePath()));
    /** Runs a write, then the page from the lane must differ from the one before (and is returned). */
    const afterWrite = async (write: () => Promise<unknown>) => {
      await write();
      const res = await warm(articlePath());
      const html = decoded(res);
      expect(html).not.toBe(before);
      before = html;
      return html;
    };
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'First remark' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const comment = posted.json().comment as { id: number };
    const nora = { cookie: readerCookie(posted) };
    expect(before).not.toContain('First remark');
    expect(await afterWrite(async () => undefined)).toContain('First remark');
    expect(await afterWrite(() => t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${comment.id}`, headers: nora, payload: { body: 'Edited remark' } }))).toContain('Edited remark');
    await afterWrite(() => t.app.inject({ method: 'POST', url: `/api/v1/comments/${comment.id}/vote`, payload: { value: 1 } }));
    expect(await afterWrite(() => t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [comment.id], action: 'reject' } }))).not.toContain('Edited remark');
    expect(await afterWrite(() => t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [comment.id], action: 'approve' } }))).toContain('Edited remark');
    expect(await afterWrite(() => t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${comment.id}`, headers: nora }))).not.toContain('Edited remark');
    expect(await afterWrite(() => t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${story.id}`, headers: admin, payload: { title: 'Harbour news, updated' } }))).toContain('Harbour news, updated');
    await afterWrite(() => t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: { month: '2026-03', goalMinor: 500_000 } }));
    await afterWrite(() => recordDonation(t, { amount: 25, receivedOn: '2026-03-14' }));
    expect(await afterWrite(() => t.services.settings.update({ siteName: 'The Harbour Gazette' }))).toContain('The Harbour Gazette');
    expect(await afterWrite(() => t.app.inject({ method: 'POST', url: '/account/profile', headers: { ...FORM, accept: 'text/html', cookie: writerSession.cookie },
      payload: form({ _csrf: writerSession.csrf, slug: 'countess-ada', bio: 'Engines.' }) }))).toContain('/authors/countess-ada"');
    // Taken back to draft: gone at once; published again: back.
    const unpublished = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${story.id}/unpublish`, headers: admin });
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    expect((await viaLane(articlePath())).res.status).toBe(404);
    const published = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${story.id}/publish`, headers: admin, payload: {} });
    expect(published.statusCode, published.body).toBe(200);
    expect((await warm(articlePath())).status).toBe(200);
  });

  it('moves a page on after a comment\'s event without reading the article\'s head again', async () => {
    const quay = await createArticle(t, { title: 'Quay works', slug: 'quay-works' });
    const path = `/articles/${quay.slug}`;
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${quay.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'About the quay' } });
    expect(posted.statusCode, posted.body).toBe(201);
    await warm(path);
    // Taken back to draft by hand (no event): only a head read again would know.
    await sql`update articles set status = 'draft' where id = ${quay.id}`.execute(t.db.db);
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${posted.json().comment.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    const after = await warm(path); // rendered again for the vote's event, the head moved on from the event
    expect(after.status).toBe(200);
    expect(decoded(after)).toMatch(/<span class="count">1<\/span>/);
    clock.advance(31_000); // the head's age limit: read again, and the draft is found
    expect((await viaLane(path)).res.status).toBe(404);
  });

  it('shows a scheduled article from its publication time on, without any write', async () => {
    const soon = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    const later = await createArticle(t, { title: 'Tomorrow’s tide tables', slug: 'tide-tables', publishedAt: soon });
    for (let i = 0; i < 3; i++) expect((await viaLane(`/articles/${later.slug}`)).res.status).toBe(404);
    clock.advance(11 * 60_000);
    expect(decoded(await warm(`/articles/${later.slug}`))).toContain('Tomorrow’s tide tables');
  });

  it('gives a guest with a comment in sight their own page, and everyone else the shared one', async () => {
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Rita', authorEmail: 'r@example.org', body: 'Still editable' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const rita = readerCookie(posted);
    const other = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Otto', authorEmail: 'o@example.org', body: 'Another one' } });
    const otto = readerCookie(other);
    clock.advance(60 * 60_000); // Otto's comment leaves the edit window
    const rita2 = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, headers: { cookie: rita }, payload: { authorName: 'Rita', authorEmail: 'r@example.org', body: 'Editable now' } });
    expect(rita2.statusCode).toBe(201);
    expect((await get(articlePath(), { cookie: rita })).headers['x-page-cache']).toBe('personal');
    expect((await get(articlePath(), { cookie: otto })).headers['x-page-cache']).toMatch(/^(hit|miss)$/);
    expect((await get(articlePath(), { cookie: otto })).headers['x-page-cache']).toBe('hit');
    // Past its edit window but marked spam (held) by a moderator: still her page; published again: the shared one.
    clock.advance(60 * 60_000);
    const status = await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [rita2.json().comment.id], action: 'spam' } });
    expect(status.statusCode, status.body).toBe(200);
    expect((await get(articlePath(), { cookie: rita })).headers['x-page-cache']).toBe('personal');
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [rita2.json().comment.id], action: 'not-spam' } });
    expect((await get(articlePath(), { cookie: rita })).headers['x-page-cache']).toMatch(/^(hit|miss)$/);
  });
});
