// Articles and images through the HTTP API (admin and public), on every dialect this machine has.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, ADMIN_TOKEN, buildTestApp, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { multipart } from '../../../test/helpers/http.js';

const HOUR = 3600_000;

describe.each(dialects())('articles API on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  const create = (payload: unknown, headers: Record<string, string> = admin) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', payload: payload as object, headers });
  const base = { title: 'Base article', bodyMarkdown: 'Body.', authorName: 'Ada Reporter' };
  const publicGet = (slug: string) => t.app.inject({ url: `/api/v1/articles/${slug}` });
  const pageGet = (slug: string) => t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html' } });

  beforeAll(async () => { t = await buildTestApp({ dialect, clock }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('admin authentication', () => {
    it('refuses a request without a token', async () => {
      const res = await create({ ...base, title: 'No token' }, {});
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    });

    it.each([
      ['a wrong token', `Bearer ${ADMIN_TOKEN}x`],
      ['an empty bearer', 'Bearer '],
      ['another scheme', `Basic ${ADMIN_TOKEN}`],
    ])('refuses %s', async (_name, authorization) => {
      const res = await create({ ...base, title: 'Wrong token' }, { authorization });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
      expect((await publicGet('wrong-token')).statusCode).toBe(404);
    });

    it('accepts the right token', async () => {
      const res = await create({ ...base, title: 'Right token' });
      expect(res.statusCode).toBe(201);
    });

    it('guards every admin route, not only article creation', async () => {
      for (const [method, url] of [
        ['PATCH', '/api/v1/admin/articles/1'], ['POST', '/api/v1/admin/articles/1/publish'], ['POST', '/api/v1/admin/articles/1/unpublish'],
        ['POST', '/api/v1/admin/images'], ['GET', '/api/v1/admin/campaigns'], ['POST', '/api/v1/admin/campaigns'], ['PATCH', '/api/v1/admin/campaigns/1'],
      ] as const) {
        const res = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    });
  });

  describe('creating', () => {
    it('creates an article with a slug from the title and renders its Markdown', async () => {
      const res = await create({
        ...base, title: 'Élection: Results & “Reactions”!', status: 'published', tags: ['Politics', 'politics', 'Local'],
        bodyMarkdown: 'Some **bold** text.\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2)) and [ok](https://example.org/x)',
      });
      expect(res.statusCode).toBe(201);
      const a = res.json().article;
      expect(a).toMatchObject({ slug: 'election-results-reactions', title: 'Élection: Results & “Reactions”!', status: 'published',
        authorName: 'Ada Reporter', url: '/articles/election-results-reactions', tags: ['politics', 'local'], publishedAt: clock.now().toISOString() });
      expect(a.bodyHtml).toContain('<strong>bold</strong>');
      expect(a.bodyHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(a.bodyHtml).not.toContain('<script');
      expect(a.bodyHtml).not.toMatch(/href="javascript:/i);
      expect(a.bodyHtml).toContain('<a href="https://example.org/x">ok</a>');
      const pub = await publicGet('election-results-reactions');
      expect(pub.statusCode).toBe(200);
      expect(pub.json().article.bodyHtml).toBe(a.bodyHtml);
      expect(pub.json().article).not.toHaveProperty('bodyMarkdown');
    });

    it('refuses a slug that is taken, explicit or derived', async () => {
      expect((await create({ ...base, title: 'Same title' })).statusCode).toBe(201);
      const again = await create({ ...base, title: 'Same Title' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
      const explicit = await create({ ...base, title: 'Different', slug: 'same-title' });
      expect(explicit.statusCode).toBe(409);
      expect(explicit.json().error.code).toBe('SLUG_TAKEN');
    });

    it('serves an article under the longest slug it accepts (120 characters)', async () => {
      const slug = `${'long-'.repeat(23)}slug1`;
      expect(slug).toHaveLength(120);
      expect((await create({ ...base, slug, status: 'published', publishedAt: '2026-03-01T08:00:00Z' })).statusCode).toBe(201);
      expect((await publicGet(slug)).statusCode).toBe(200);
      expect((await pageGet(slug)).statusCode).toBe(200);
      expect((await t.app.inject({ url: `/api/v1/articles/${slug}/comments` })).statusCode).toBe(200);
    });

    it.each([
      ['missing title', { bodyMarkdown: 'x', authorName: 'A' }, 'REQUIRED', 'title'],
      ['empty title', { ...base, title: '  ' }, 'REQUIRED', 'title'],
      ['too long title', { ...base, title: 't'.repeat(201) }, 'TOO_LONG', 'title'],
      ['bad slug', { ...base, slug: 'Not A Slug' }, 'INVALID_FORMAT', 'slug'],
      ['slug with double hyphen', { ...base, slug: 'a--b' }, 'INVALID_FORMAT', 'slug'],
      ['tags not an array', { ...base, tags: 'news' }, 'INVALID_TYPE', 'tags'],
      ['unknown field', { ...base, views: 3 }, 'UNKNOWN_FIELD', 'views'],
      ['bad publishedAt', { ...base, publishedAt: 'tomorrow' }, 'INVALID_FORMAT', 'publishedAt'],
      ['bad status', { ...base, status: 'live' }, 'INVALID_VALUE', 'status'],
      ['missing body', { title: 'x', authorName: 'A' }, 'REQUIRED', 'bodyMarkdown'],
    ])('rejects %s with 400', async (_name, payload, code, field) => {
      const res = await create(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code, field });
    });
  });

  describe('visibility', () => {
    it('keeps a draft off the site until it is published, then unpublishes it', async () => {
      const draft = (await create({ ...base, title: 'Draft story', bodyMarkdown: 'Draft body' })).json().article;
      expect(draft).toMatchObject({ status: 'draft', publishedAt: null });
      const api = await publicGet('draft-story');
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('ARTICLE_NOT_FOUND');
      const page = await pageGet('draft-story');
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('Page not found');
      expect(page.body).not.toContain('Draft body');
      expect((await t.app.inject({ url: '/api/v1/articles?limit=100' })).json().articles.map((a: { slug: string }) => a.slug)).not.toContain('draft-story');

      const pub = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${draft.id}/publish`, headers: admin, payload: {} });
      expect(pub.statusCode).toBe(200);
      expect(pub.json().article).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString() });
      expect((await publicGet('draft-story')).statusCode).toBe(200);
      const shown = await pageGet('draft-story');
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('Draft body');

      const un = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${draft.id}/unpublish`, headers: admin });
      expect(un.statusCode).toBe(200);
      expect(un.json().article.status).toBe('draft');
      expect((await publicGet('draft-story')).statusCode).toBe(404);
      expect((await pageGet('draft-story')).statusCode).toBe(404);
    });

    it('publishes without a request body', async () => {
      const draft = (await create({ ...base, title: 'Bodiless publish' })).json().article;
      const pub = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${draft.id}/publish`, headers: admin });
      expect(pub.statusCode).toBe(200);
      expect(pub.json().article.status).toBe('published');
      expect((await publicGet('bodiless-publish')).statusCode).toBe(200);
    });

    it('shows a scheduled article only once the clock passes its publishedAt', async () => {
      const at = new Date(clock.now().getTime() + 2 * HOUR).toISOString();
      const draft = (await create({ ...base, title: 'Scheduled story' })).json().article;
      const pub = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/${draft.id}/publish`, headers: admin, payload: { publishedAt: at } });
      expect(pub.json().article).toMatchObject({ status: 'published', publishedAt: at });
      const direct = await create({ ...base, title: 'Scheduled direct', status: 'published', publishedAt: new Date(clock.now().getTime() + 2 * HOUR).toISOString().replace('Z', '+00:00') });
      expect(direct.json().article.publishedAt).toBe(at);

      const listed = async () => (await t.app.inject({ url: '/api/v1/articles?limit=100' })).json().articles.map((a: { slug: string }) => a.slug);
      for (const slug of ['scheduled-story', 'scheduled-direct']) {
        expect((await publicGet(slug)).statusCode).toBe(404);
        expect((await pageGet(slug)).statusCode).toBe(404);
        expect(await listed()).not.toContain(slug);
      }
      clock.advance(2 * HOUR - 1000);
      expect((await publicGet('scheduled-story')).statusCode).toBe(404);
      clock.advance(1000);
      for (const slug of ['scheduled-story', 'scheduled-direct']) {
        expect((await publicGet(slug)).statusCode).toBe(200);
        expect((await pageGet(slug)).statusCode).toBe(200);
        expect(await listed()).toContain(slug);
      }
    });

    it('lists published articles newest first', async () => {
      const when = (h: number) => new Date(clock.now().getTime() - h * HOUR).toISOString();
      await create({ ...base, title: 'List middle', status: 'published', publishedAt: when(20) });
      await create({ ...base, title: 'List oldest', status: 'published', publishedAt: when(30) });
      await create({ ...base, title: 'List newest', status: 'published', publishedAt: when(10) });
      const res = await t.app.inject({ url: '/api/v1/articles?limit=100' });
      expect(res.statusCode).toBe(200);
      const list = res.json().articles as { slug: string; publishedAt: string; status: string }[];
      const times = list.map((a) => a.publishedAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(list.every((a) => a.status === 'published')).toBe(true);
      const mine = list.map((a) => a.slug).filter((s) => s.startsWith('list-'));
      expect(mine).toEqual(['list-newest', 'list-middle', 'list-oldest']);
      expect((await t.app.inject({ url: '/api/v1/articles?limit=2' })).json().articles).toHaveLength(2);
      expect((await t.app.inject({ url: '/api/v1/articles?limit=0' })).statusCode).toBe(400);
    });
  });

  describe('editing', () => {
    it('updates fields, re-renders Markdown and refreshes the page', async () => {
      const a = (await create({ ...base, title: 'Patch me', status: 'published', publishedAt: '2026-03-01T08:00:00Z' })).json().article;
      expect((await pageGet('patch-me')).body).toContain('Patch me');
      const res = await t.app.inject({
        method: 'PATCH', url: `/api/v1/admin/articles/${a.id}`, headers: admin,
        payload: { title: 'Patched title', bodyMarkdown: '*new* body', tags: ['Updated'], summary: 'A summary' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().article).toMatchObject({ slug: 'patch-me', title: 'Patched title', tags: ['updated'], summary: 'A summary', bodyMarkdown: '*new* body' });
      expect(res.json().article.bodyHtml).toContain('<em>new</em>');
      const page = await pageGet('patch-me');
      expect(page.body).toContain('Patched title');
      expect(page.body).toContain('<em>new</em>');

      const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${a.id}`, headers: admin, payload: { slug: 'patched-slug' } });
      expect(moved.json().article.url).toBe('/articles/patched-slug');
      expect((await publicGet('patch-me')).statusCode).toBe(404);
      expect((await publicGet('patched-slug')).statusCode).toBe(200);

      const taken = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${a.id}`, headers: admin, payload: { slug: 'right-token' } });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('SLUG_TAKEN');
      const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${a.id}`, headers: admin, payload: { status: 'draft' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'status' });
      const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/articles/999999', headers: admin, payload: { title: 'x' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('ARTICLE_NOT_FOUND');
      for (const action of ['publish', 'unpublish']) {
        const r = await t.app.inject({ method: 'POST', url: `/api/v1/admin/articles/999999/${action}`, headers: admin, payload: {} });
        expect(r.statusCode, action).toBe(404);
        expect(r.json().error.code).toBe('ARTICLE_NOT_FOUND');
      }
    });
  });

  describe('images', () => {
    let png: Buffer;
    beforeAll(async () => {
      png = await sharp({ create: { width: 2000, height: 1200, channels: 3, background: '#336699' } }).png().toBuffer();
    });
    const upload = async (fields: Parameters<typeof multipart>[0], headers: Record<string, string> = admin) => {
      const body = await multipart(fields);
      return t.app.inject({ method: 'POST', url: '/api/v1/admin/images', payload: body.payload, headers: { ...headers, ...body.headers } });
    };

    it('stores an upload, serves original and thumbnail, and renders it as a figure', async () => {
      const res = await upload({ alt: 'A blue [test] square', file: { data: png, name: 'blue.png', type: 'image/png' } });
      expect(res.statusCode).toBe(201);
      const image = res.json().image;
      expect(image).toMatchObject({ width: 2000, height: 1200, alt: 'A blue [test] square', url: `/media/images/${image.id}` });
      expect(image.markdown).toBe(`![A blue test square](/media/images/${image.id})`);
      expect(image.fullUrl).toMatch(/^\/media\/originals\/[a-z0-9]+\.png$/);
      expect(image.thumbUrl).toMatch(/^\/media\/thumbs\/[a-z0-9]+\.jpg$/);

      const thumb = await t.app.inject({ url: image.thumbUrl });
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      const tm = await sharp(thumb.rawPayload).metadata();
      expect(tm.format).toBe('jpeg');
      expect(tm.width).toBeLessThanOrEqual(960);
      expect(tm.width).toBeGreaterThan(0);
      expect(tm.height).toBe(Math.round((tm.width! * 1200) / 2000));

      const original = await t.app.inject({ url: image.fullUrl });
      expect(original.statusCode).toBe(200);
      expect(original.headers['content-type']).toBe('image/png');
      const om = await sharp(original.rawPayload).metadata();
      expect([om.format, om.width, om.height]).toEqual(['png', 2000, 1200]);

      const redirect = await t.app.inject({ url: image.url });
      expect(redirect.statusCode).toBe(301);
      expect(redirect.headers.location).toBe(image.fullUrl);

      const a = (await t.app.inject({
        method: 'POST', url: '/api/v1/admin/articles', headers: admin,
        payload: { ...base, title: 'With image', status: 'published', publishedAt: '2026-03-02T08:00:00Z', bodyMarkdown: `Before.\n\n${image.markdown}\n\nAfter.` },
      })).json().article;
      const html = (await pageGet(a.slug)).body;
      const figure = /<figure class="article-image">[\s\S]*?<\/figure>/.exec(html)?.[0];
      expect(figure).toBeDefined();
      expect(figure).toContain(`<img src="${image.thumbUrl}" alt="A blue test square" width="${tm.width}" height="${tm.height}"`);
      expect(figure).toMatch(new RegExp(`<a class="full-size-link" href="${image.fullUrl}"[^>]*>Click to see full-size image</a>`));
      expect(html).not.toMatch(/<p>\s*<figure/);
    });

    it('refuses a file that is not an image', async () => {
      const res = await upload({ file: { data: Buffer.from('hello, this is text'), name: 'notes.png', type: 'image/png' } });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_IMAGE', field: 'file' });
      const svg = await upload({ file: { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), name: 'x.svg', type: 'image/svg+xml' } });
      expect(svg.statusCode).toBe(415);
      expect(svg.json().error.code).toBe('UNSUPPORTED_IMAGE');
    });

    it('requires a file and a multipart body, and the admin token', async () => {
      const none = await upload({ alt: 'nothing attached' });
      expect(none.statusCode).toBe(400);
      expect(none.json().error).toMatchObject({ code: 'REQUIRED', field: 'file' });
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', headers: admin, payload: { file: 'x' } });
      expect(json.statusCode).toBe(415);
      expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const anon = await upload({ file: { data: png, name: 'blue.png', type: 'image/png' } }, {});
      expect(anon.statusCode).toBe(401);
    });

    it('serves nothing outside the media folders', async () => {
      for (const url of [
        '/media/originals/..%2f..%2fetc%2fpasswd', '/media/thumbs/..%2f..%2fetc%2fpasswd', '/media/originals/%2e%2e%2fgazette.db',
        '/media/originals/0123456789abcdef0123.png', '/media/images/999999', '/media/images/abc',
      ]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('root:');
      }
    });
  });
});

describe.each(dialects())('admin API without a configured token on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp({ dialect, env: { GAZETTE_ADMIN_TOKEN: '' } }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it.each([
    ['no token', {}],
    ['any token', admin],
  ])('answers 401 UNAUTHORIZED with %s (only accounts and their API tokens remain)', async (_name, headers) => {
    expect(t.config.adminToken).toBeUndefined();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers, payload: { title: 'x', bodyMarkdown: 'x', authorName: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
    expect((await t.app.inject({ url: '/api/v1/articles' })).json().articles).toEqual([]);
  });
});
