// The input every route gets checked once (input.ts, upload.ts, errors.ts), on every dialect: ids beyond the
// database's integer range, NUL and other control characters, bodies that are not objects, broken multipart,
// badly encoded or overlong URLs, and redirect targets a Location header cannot carry raw. Each is a 4xx with
// a stable code (never a 500), and changes nothing.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form, multipart, rawMultipart } from '../../../test/helpers/http.js';
import { toAppError } from './errors.js';

const PASSWORD = 'correct horse battery';
const TOO_BIG = '2147483648'; // 2^31: one past PostgreSQL's integer

describe.each(dialects())('request input on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  let commentId: number;
  let reader: { cookie: string; csrf: string };
  let editor: { cookie: string; csrf: string };
  let png: Buffer;

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { accept: 'application/json', ...headers }, ...(payload !== undefined && { payload: payload as string }) });
  const page = (method: 'GET' | 'POST', url: string, who?: { cookie: string; csrf: string }, fields?: Record<string, string | number>) =>
    t.app.inject({
      method, url, headers: { accept: 'text/html', ...(who && { cookie: who.cookie }), ...(fields && FORM) },
      ...(fields && { payload: form({ ...(who && { _csrf: who.csrf }), ...fields }) }),
    });
  const codeOf = (res: { body: string }) => (JSON.parse(res.body) as { error: { code: string; field?: string } }).error;
  const count = async (table: 'comments' | 'images' | 'users' | 'articles') => (await t.db.db.selectFrom(table).select('id').execute()).length;
  const mediaFiles = () => (fs.existsSync(t.config.mediaDir) ? fs.readdirSync(t.config.mediaDir, { recursive: true }).length : 0);
  const session = async (role: 'reader' | 'editor') => {
    const user = await t.services.accounts.createUser({ email: `${role}@example.org`, password: PASSWORD, displayName: `The ${role}`, role });
    const s = await t.services.accounts.createSession(user.id);
    return { cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    slug = (await createArticle(t, { title: 'Input checks' })).slug;
    const c = await api('POST', `/api/v1/articles/${slug}/comments`, { authorName: 'Ann', authorEmail: 'ann@example.org', body: 'First' });
    commentId = c.json().comment.id;
    reader = await session('reader');
    editor = await session('editor');
    png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#123456' } }).png().toBuffer();
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('ids beyond the database integer range', () => {
    it.each([
      ['POST', `/api/v1/comments/${TOO_BIG}/vote`, { value: 1 }],
      ['PATCH', `/api/v1/comments/${TOO_BIG}`, { body: 'x' }],
      ['POST', `/api/v1/comments/${TOO_BIG}/report`, { reason: 'spam' }],
      ['PATCH', `/api/v1/admin/articles/${TOO_BIG}`, { title: 'x' }],
      ['PATCH', `/api/v1/admin/campaigns/${TOO_BIG}`, { goalMinor: 1 }],
      ['POST', '/api/v1/comments/9223372036854775808/vote', { value: 1 }],
    ] as const)('%s %s: 404 INVALID_ID', async (method, url, body) => {
      const res = await api(method, url, body, admin);
      expect(res.statusCode).toBe(404);
      expect(codeOf(res)).toMatchObject({ code: 'INVALID_ID', field: 'id' });
    });

    it('in a JSON body or a query string: 400 naming the field', async () => {
      const reply = await api('POST', `/api/v1/articles/${slug}/comments`, { authorName: 'Bo', authorEmail: 'bo@example.org', body: 'Hi', parentId: Number(TOO_BIG) });
      expect(reply.statusCode).toBe(400);
      expect(codeOf(reply)).toMatchObject({ code: 'TOO_LARGE', field: 'parentId' });
      const decide = await api('POST', '/api/v1/admin/moderation/decide', { ids: [commentId, Number(TOO_BIG)], action: 'spam' }, admin);
      expect(decide.statusCode).toBe(400);
      expect(codeOf(decide)).toMatchObject({ code: 'TOO_LARGE', field: 'ids.1' });
      const queue = await api('GET', `/api/v1/admin/moderation/queue?before=${TOO_BIG}`, undefined, admin);
      expect(queue.statusCode).toBe(400);
      expect(codeOf(queue)).toMatchObject({ code: 'INVALID_ID', field: 'before' });
      expect((await t.db.db.selectFrom('comments').select('status').where('id', '=', commentId).executeTakeFirstOrThrow()).status).toBe('published');
    });

    it('in a comment cursor: 400 INVALID_CURSOR', async () => {
      for (const value of [['newest', '2026-03-01T08:00:00.000Z', Number(TOO_BIG)], ['votes', Number(TOO_BIG), 1], ['votes', -2147483649, 1]]) {
        const cursor = Buffer.from(JSON.stringify(value)).toString('base64url');
        const res = await api('GET', `/api/v1/articles/${slug}/comments?sort=${value[0]}&cursor=${cursor}`);
        expect(res.statusCode, JSON.stringify(value)).toBe(400);
        expect(codeOf(res)).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
      }
    });

    it('in the media and admin pages and the no-JavaScript forms: 404 with the resource code', async () => {
      const cases: [string, string, Record<string, string> | undefined][] = [
        [`/media/images/${TOO_BIG}`, 'NOT_FOUND', undefined],
        [`/admin/outbox/${TOO_BIG}`, 'MAIL_NOT_FOUND', admin],
        [`/admin/campaigns/${TOO_BIG}`, 'CAMPAIGN_NOT_FOUND', admin],
        [`/admin/articles/${TOO_BIG}`, 'ARTICLE_NOT_FOUND', admin],
        [`/admin/moderation/comments/${TOO_BIG}/edit`, 'COMMENT_NOT_FOUND', admin],
      ];
      for (const [url, code, headers] of cases) {
        const res = await api('GET', url, undefined, headers);
        expect(res.statusCode, url).toBe(404);
        expect(codeOf(res).code, url).toBe(code);
      }
      for (const url of [`/admin/users/${TOO_BIG}/role`, `/admin/moderation/bans/${TOO_BIG}/lift`, `/admin/tokens/${TOO_BIG}/revoke`]) {
        const res = await api('POST', url, { role: 'admin' }, admin);
        expect(res.statusCode, url).toBe(404);
      }
      const vote = await page('POST', `/comments/${TOO_BIG}/vote`, reader, { value: 1 });
      expect(vote.statusCode).toBe(404);
      const replyForm = await page('POST', `/articles/${slug}/comments`, undefined, { authorName: 'Bo', authorEmail: 'bo@example.org', body: 'A reply', parentId: TOO_BIG });
      expect(replyForm.statusCode).toBe(400);
      expect(replyForm.body).toContain('data-code="PARENT_NOT_FOUND"');
    });
  });

  describe('control characters', () => {
    it('refuses NUL in a JSON field, a path and a query string with 400 INVALID_CHARACTERS', async () => {
      const before = await count('comments');
      const res = await api('POST', `/api/v1/articles/${slug}/comments`, { authorName: 'Nul\u0000Name', authorEmail: 'n@example.org', body: 'Hi' });
      expect(res.statusCode).toBe(400);
      expect(codeOf(res)).toMatchObject({ code: 'INVALID_CHARACTERS', field: 'authorName' });
      const nested = await api('POST', '/api/v1/admin/articles', { title: 'T', bodyMarkdown: 'x', authorName: 'A', tags: ['ok', 'b\u0000d'] }, admin);
      expect(codeOf(nested)).toMatchObject({ code: 'INVALID_CHARACTERS', field: 'tags.1' });
      const path = await api('GET', '/api/v1/articles/a%00b');
      expect(path.statusCode).toBe(400);
      expect(codeOf(path).code).toBe('INVALID_CHARACTERS');
      const query = await api('GET', '/admin/articles?q=%00', undefined, admin);
      expect(query.statusCode).toBe(400);
      expect(codeOf(query)).toMatchObject({ code: 'INVALID_CHARACTERS', field: 'q' });
      expect(await count('comments')).toBe(before);
    });

    it('refuses NUL in the sign-up, sign-in and article forms, and other control characters too', async () => {
      const users = await count('users');
      const articles = await count('articles');
      const signup = await page('POST', '/signup', undefined, { displayName: 'Eve\u0000', email: 'eve@example.org', password: PASSWORD });
      expect(signup.statusCode).toBe(400);
      const login = await page('POST', '/login', undefined, { email: 'reader@example.org\u0000', password: PASSWORD });
      expect(login.statusCode).toBe(400);
      expect(login.headers['set-cookie']).toBeUndefined();
      const bell = await page('POST', '/signup', undefined, { displayName: 'Eve\u0007', email: 'eve@example.org', password: PASSWORD });
      expect(bell.statusCode).toBe(400);
      const draft = await page('POST', '/admin/articles', editor, { title: 'Ti\u0000tle', bodyMarkdown: 'x', authorName: 'A', intent: 'save' });
      expect(draft.statusCode).toBe(400);
      expect([await count('users'), await count('articles')]).toEqual([users, articles]);
    });

    it('keeps line breaks and tabs, which multi-line text needs', async () => {
      const res = await api('POST', `/api/v1/articles/${slug}/comments`, { authorName: 'Tab', authorEmail: 't@example.org', body: 'Line one\r\n\tLine two' });
      expect(res.statusCode).toBe(201);
    });
  });

  describe('request bodies', () => {
    it.each([['an array', '[1,2]'], ['a string', '"text"'], ['a number', '42'], ['null', 'null'], ['true', 'true']])(
      'answers %s as the JSON body with 400 INVALID_BODY, on the API and on form routes', async (_name, payload) => {
        const headers = { 'content-type': 'application/json' };
        const apiRes = await api('POST', `/api/v1/comments/${commentId}/vote`, payload, headers);
        expect(apiRes.statusCode).toBe(400);
        expect(codeOf(apiRes).code).toBe('INVALID_BODY');
        const formRes = await api('POST', `/comments/${commentId}/vote`, payload, { ...headers, cookie: reader.cookie, 'x-csrf-token': reader.csrf });
        expect(formRes.statusCode).toBe(400);
        expect(codeOf(formRes).code).toBe('INVALID_BODY');
        const article = await api('POST', '/admin/articles', payload, { ...headers, ...admin });
        expect(article.statusCode).toBe(400);
      });

    it('answers a text/plain body with 415', async () => {
      const res = await api('POST', `/comments/${commentId}/vote`, 'value=1', { 'content-type': 'text/plain' });
      expect(res.statusCode).toBe(415);
      expect(codeOf(res).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('broken multipart uploads', () => {
    const boundary = '----gazette-test';
    const broken = (): [string, string, Buffer | string][] => {
      const good = rawMultipart(boundary, [{ name: 'file', filename: 'a.png', type: 'image/png', data: png }]);
      return [
        ['without a boundary', 'multipart/form-data', good],
        ['cut off', `multipart/form-data; boundary=${boundary}`, good.subarray(0, 90)],
        ['with a wrong boundary', 'multipart/form-data; boundary=other', good],
        ['with a part header that never ends', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a"`],
      ];
    };

    it('refuses a broken body on every upload route with a 4xx and a stable code, storing nothing', async () => {
      const draft = (await createArticle(t, { title: 'Upload target', status: 'draft', publishedAt: undefined })).id;
      const routes: [string, Record<string, string>][] = [
        ['/api/v1/admin/images', admin],
        [`/admin/articles/${draft}/images?_csrf=${encodeURIComponent(editor.csrf)}`, { cookie: editor.cookie }],
        ['/admin/settings/logo', admin],
      ];
      const images = await count('images');
      const files = mediaFiles();
      for (const [name, contentType, payload] of broken()) {
        for (const [url, headers] of routes) {
          const res = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType, accept: 'text/html' }, payload });
          expect(res.statusCode, `${name}: ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${name}: ${url}`).toBeLessThan(500);
          if (url.startsWith('/api/')) expect(codeOf(res).code, name).toMatch(/^(INVALID_MULTIPART|UNSUPPORTED_MEDIA_TYPE)$/);
          else expect(res.body, `${name}: ${url}`).toMatch(/data-code="(INVALID_MULTIPART|UNSUPPORTED_MEDIA_TYPE)"|The image was not added/);
        }
      }
      expect(await count('images')).toBe(images);
      expect(mediaFiles()).toBe(files);
    });

    it('refuses a control character in the alt text, storing nothing', async () => {
      const body = await multipart({ alt: 'a\u0000b', file: { data: png, name: 'a.png', type: 'image/png' } });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', headers: { ...admin, ...body.headers }, payload: body.payload });
      expect(res.statusCode).toBe(400);
      expect(codeOf(res)).toMatchObject({ code: 'INVALID_CHARACTERS', field: 'alt' });
    });
  });

  describe('URLs and redirects', () => {
    it('answers a badly encoded URL with 400 BAD_URL and an overlong parameter with 414 URL_TOO_LONG', async () => {
      const bad = await api('GET', '/api/v1/articles/%C3%28');
      expect(bad.statusCode).toBe(400);
      expect(codeOf(bad).code).toBe('BAD_URL');
      const long = await api('GET', `/api/v1/articles/${'a'.repeat(201)}`);
      expect(long.statusCode).toBe(414);
      expect(codeOf(long).code).toBe('URL_TOO_LONG');
    });

    it('signs in and redirects to a `next` with characters beyond Latin-1, percent-encoded, with the session cookie', async () => {
      const next = '/articles/€-😀?q=ü';
      const res = await page('POST', `/login?next=${encodeURIComponent(next)}`, undefined, { email: 'reader@example.org', password: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/articles/%E2%82%AC-%F0%9F%98%80?q=%C3%BC');
      expect(String(res.headers['set-cookie'])).toMatch(/^gz_session=[\w-]{20,}/);
      // Already signed in: the sign-in page sends the reader straight on, just as well encoded.
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const again = await t.app.inject({ url: `/login?next=${encodeURIComponent('/中文')}`, headers: { cookie, accept: 'text/html' } });
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/%E4%B8%AD%E6%96%87');
    });
  });
});

describe('database errors', () => {
  it('maps text PostgreSQL cannot store to 400 INVALID_CHARACTERS, and leaves every other database error a 500', () => {
    expect(toAppError(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' })))
      .toMatchObject({ status: 400, code: 'INVALID_CHARACTERS' });
    for (const code of ['22003', '22P02', '23502', '42703', '22021x']) {
      expect(toAppError(Object.assign(new Error('db'), { code, severity: 'ERROR' })).status, code).toBe(500);
    }
    // Not from PostgreSQL (no severity): never mistaken for the client's fault.
    expect(toAppError(Object.assign(new Error('x'), { code: '22021' })).status).toBe(500);
  });
});
