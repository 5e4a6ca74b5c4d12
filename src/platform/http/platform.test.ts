// Platform behaviour shared by every route: health, the OpenAPI document, security headers, body
// limits and content types, and configuration loading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { registeredRoutes } from '../../../test/helpers/routes.js';

/** Every `$ref` in a document, with the JSON path where it appears. */
function refsOf(v: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => refsOf(x, `${at}/${i}`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => (k === '$ref' && typeof x === 'string' ? [{ ref: x, at }] : refsOf(x, `${at}/${k}`)));
}
const resolvePointer = (doc: unknown, ref: string) =>
  ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);

const REQUIRED_ROUTES = [
  'GET /api/v1/articles', 'GET /api/v1/articles/{slug}',
  'GET /api/v1/articles/{slug}/comments', 'POST /api/v1/articles/{slug}/comments',
  'POST /api/v1/comments/{id}/vote', 'PATCH /api/v1/comments/{id}', 'DELETE /api/v1/comments/{id}',
  'GET /api/v1/campaigns/current',
  'POST /api/v1/admin/articles', 'PATCH /api/v1/admin/articles/{id}',
  'POST /api/v1/admin/articles/{id}/publish', 'POST /api/v1/admin/articles/{id}/unpublish',
  'POST /api/v1/admin/images',
  'GET /api/v1/admin/campaigns', 'POST /api/v1/admin/campaigns', 'PATCH /api/v1/admin/campaigns/{id}',
];

describe.each(dialects())('HTTP platform on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  let doc: Record<string, any>;

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    slug = (await createArticle(t, { title: 'Platform under test' })).slug;
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('reports health', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  describe('OpenAPI document', () => {
    it('is an OpenAPI 3 document', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: 'The Test Gazette API', version: expect.any(String) });
      expect(doc.servers[0].url).toBe(t.config.baseUrl);
      expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'gz_session' });
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        expect(path.startsWith('/api/v1/')).toBe(true);
        for (const [method, op] of Object.entries<any>(ops)) {
          expect(['get', 'post', 'patch', 'put', 'delete']).toContain(method);
          expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
          expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${method} ${path}`).toBe(true);
          // Every {param} in the path is declared as a required path parameter.
          for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
            expect(op.parameters, `${method} ${path}`).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
          }
        }
      }
    });

    it('has only references that resolve inside the document', () => {
      const refs = refsOf(doc);
      expect(refs.length).toBeGreaterThan(0);
      for (const { ref, at } of refs) {
        expect(ref.startsWith('#/'), `${ref} at ${at}`).toBe(true);
        expect(resolvePointer(doc, ref), `${ref} at ${at}`).toBeDefined();
      }
    });

    it('lists every /api/v1 route the app serves, and only those', () => {
      const documented = Object.entries<Record<string, unknown>>(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
      for (const r of REQUIRED_ROUTES) expect(documented).toContain(r);
      const served = registeredRoutes(t).map((r) => `${r.method} ${r.url}`)
        .filter((r) => r.split(' ')[1]!.startsWith('/api/v1/') && r !== 'GET /api/v1/openapi.json')
        .map((r) => r.replace(/:(\w+)/g, '{$1}')).sort();
      expect(served).toContain('POST /api/v1/comments/{id}/vote');
      expect(served.length).toBeGreaterThanOrEqual(REQUIRED_ROUTES.length);
      expect(documented).toEqual(served);
      for (const r of documented) {
        const [method, url] = r.split(' ') as [string, string];
        expect(t.app.hasRoute({ method: method as 'GET', url: url.replace(/\{(\w+)\}/g, ':$1') }), r).toBe(true);
      }
    });

    it('marks admin routes as secured and documents the upload as multipart', () => {
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(ops)) {
          expect(Boolean(op.security), `${method} ${path}`).toBe(path.startsWith('/api/v1/admin/'));
          if (op.security) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
        }
      }
      expect(Object.keys(doc.paths['/api/v1/admin/images'].post.requestBody.content)).toEqual(['multipart/form-data']);
    });

    it('never exposes the commenter e-mail in a response schema', () => {
      const post = doc.paths['/api/v1/articles/{slug}/comments'].post;
      // The e-mail is accepted on input...
      expect(JSON.stringify(post.requestBody)).toContain('authorEmail');
      // ...and appears in no response, nor in any shared schema a response refers to.
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(ops)) {
          const responses = JSON.stringify(op.responses);
          expect(responses, `${method} ${path}`).not.toContain('authorEmail');
          for (const { ref } of refsOf(op.responses)) expect(JSON.stringify(resolvePointer(doc, ref)), ref).not.toContain('authorEmail');
        }
      }
      const list = doc.paths['/api/v1/articles/{slug}/comments'].get.responses['200'].content['application/json'].schema;
      expect(JSON.stringify(list)).toContain('comments');
      const comment = post.responses['201'].content['application/json'].schema.properties.comment;
      expect(Object.keys(comment.properties)).toEqual(expect.arrayContaining(['id', 'authorName', 'bodyHtml', 'createdAt', 'up', 'down']));
      expect(comment.properties).not.toHaveProperty('authorEmail');
      expect(comment.additionalProperties).toBe(false);
    });
  });

  describe('security headers', () => {
    it.each([
      ['an HTML page', () => `/articles/${slug}`],
      ['the home page', () => '/'],
      ['a JSON response', () => '/api/v1/articles'],
      ['a not-found answer', () => '/api/v1/nothing'],
      ['the health check', () => '/healthz'],
    ])('are sent on %s', async (_name, url) => {
      const res = await t.app.inject({ url: url() });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/object-src 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toEqual(expect.any(String));
    });
  });

  describe('request bodies', () => {
    const total = async () => (await t.app.inject({ url: `/api/v1/articles/${slug}/comments` })).json().total as number;

    it('refuses a JSON body over the 64 KB limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await total();
      const payload = JSON.stringify({ authorName: 'Big', authorEmail: 'big@example.org', body: 'x'.repeat(70 * 1024) });
      expect(Buffer.byteLength(payload)).toBeGreaterThan(70 * 1024);
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const form = await t.app.inject({
        method: 'POST', url: `/articles/${slug}/comments`, payload: `authorName=Big&authorEmail=big%40example.org&body=${'x'.repeat(70 * 1024)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.statusCode).toBe(413);
      expect(form.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await total()).toBe(before);
    });

    it('accepts a body just under the limit', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`,
        payload: { authorName: 'Fits', authorEmail: 'fits@example.org', body: 'y'.repeat(5000) } });
      expect(res.statusCode).toBe(201);
    });

    it.each([
      ['text/plain', '{"authorName":"T","authorEmail":"t@example.org","body":"hi"}'],
      ['application/xml', '<comment/>'],
      ['application/x-www-form-urlencoded', 'authorName=T&authorEmail=t%40example.org&body=hi'],
      ['multipart/form-data; boundary=x', '--x--\r\n'],
    ])('answers %s on a JSON route with a 4xx code, never 500', async (type, payload) => {
      const before = await total();
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload, headers: { 'content-type': type } });
      expect([400, 415]).toContain(res.statusCode);
      expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
      expect(await total()).toBe(before);
    });

    it('answers broken JSON with 400 INVALID_JSON', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: '{"a":', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_JSON');
    });
  });
});

describe('configuration', () => {
  it('names every bad variable on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', GAZETTE_ADMIN_TOKEN: 'short', SITE_NAME: 'Fine' });
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    for (const [name, value] of [['PORT', 'abc'], ['DATABASE_URL', 'mysql://x'], ['LOG_LEVEL', 'loud'], ['GAZETTE_ADMIN_TOKEN', 'short']]) {
      const lines = problems.filter((p) => p.startsWith(`${name}:`));
      expect(lines, name).toHaveLength(1);
      // A secret's value is never printed (logs are read by more people than the secret is for).
      expect(lines[0]).toContain(name === 'GAZETTE_ADMIN_TOKEN' ? '(got a value of 5 characters, not shown)' : JSON.stringify(value));
      expect(message).toContain(lines[0]);
    }
    expect(problems.some((p) => p.includes('SITE_NAME'))).toBe(false);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it.each([
    ['PORT', '70000'], ['PORT', '-1'], ['PORT', '3.5'], ['BASE_URL', 'ftp://example.org'], ['BASE_URL', 'not a url'],
    ['DATABASE_URL', 'sqlite:'], ['DEMO_CONTENT', 'yes'], ['SITE_NAME', 'n'.repeat(81)],
  ])('rejects %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try { loadConfig({ [name]: value }); } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(1);
      expect((e as ConfigError).problems[0]!.startsWith(`${name}:`)).toBe(true);
    }
  });

  it('uses defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:./data/gazette.db', baseUrl: 'http://localhost:3000',
      siteName: 'Gazette', logLevel: 'info', mediaDir: './data/media', demoContent: true, production: false,
    });
    expect(c.adminToken).toBeUndefined();
  });

  it('treats empty strings as unset and reads valid values', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', GAZETTE_ADMIN_TOKEN: '' })).toMatchObject({ port: 3000, databaseUrl: 'sqlite:./data/gazette.db', adminToken: undefined });
    const c = loadConfig({
      PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/news', LOG_LEVEL: 'warn', GAZETTE_ADMIN_TOKEN: 'a'.repeat(16),
      BASE_URL: 'https://news.example/', NODE_ENV: 'production', DEMO_CONTENT: 'false',
    });
    expect(c).toMatchObject({
      port: 8080, databaseUrl: 'postgres://u:p@db:5432/news', logLevel: 'warn', adminToken: 'a'.repeat(16),
      baseUrl: 'https://news.example', production: true, demoContent: false,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://x/y' }).databaseUrl).toBe('postgresql://x/y');
  });
});
