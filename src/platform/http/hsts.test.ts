// Strict-Transport-Security: on every response of a site whose BASE_URL is https, never on http.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { admin, buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

/** A spread of responses: pages, JSON, assets, 304, 404, refusals, HEAD. */
async function responses(t: TestApp, slug: string): Promise<[string, Res][]> {
  const page = await t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html' } });
  const css = /href="(\/assets\/[^"]+\.css)"/.exec(page.body)![1]!;
  const out: [string, Res][] = [
    ['article page', page],
    ['article page 304', await t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html', 'if-none-match': String(page.headers.etag) } })],
    ['home page', await t.app.inject({ url: '/' })],
    ['JSON', await t.app.inject({ url: '/api/v1/articles' })],
    ['stylesheet', await t.app.inject({ url: css, headers: { 'accept-encoding': 'br' } })],
    ['health check', await t.app.inject({ url: '/healthz' })],
    ['not found', await t.app.inject({ url: '/no/such/page', headers: { accept: 'text/html' } })],
    ['JSON error', await t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', payload: {} })],
    ['cross-site refusal', await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { origin: 'https://evil.example' }, payload: {} })],
    ['admin page', await t.app.inject({ url: '/admin', headers: { ...admin, accept: 'text/html' } })],
    ['HEAD', await t.app.inject({ method: 'HEAD', url: `/articles/${slug}` })],
  ];
  expect(out.find(([n]) => n === 'article page 304')![1].statusCode).toBe(304);
  expect(out.find(([n]) => n === 'cross-site refusal')![1].statusCode).toBe(403);
  return out;
}

describe.each(dialects())('Strict-Transport-Security on %s', (dialect) => {
  describe.each([
    ['https://news.example', {}, 'max-age=31536000'],
    ['https://news.example', { HSTS_INCLUDE_SUBDOMAINS: 'true', HSTS_MAX_AGE: '63072000' }, 'max-age=63072000; includeSubDomains'],
    ['http://news.example', {}, undefined],
    ['http://localhost:3000', { HSTS_INCLUDE_SUBDOMAINS: 'true' }, undefined],
  ] as const)('BASE_URL=%s %j', (baseUrl, env, expected) => {
    let t: TestApp;
    let slug: string;
    beforeAll(async () => {
      t = await buildTestApp({ dialect, env: { BASE_URL: baseUrl, ...env } });
      slug = (await createArticle(t)).slug;
    });
    afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

    it(expected ? `sends ${expected} on every response` : 'never sends it', async () => {
      for (const [name, res] of await responses(t, slug)) {
        expect(res.headers['strict-transport-security'], name).toBe(expected);
      }
    });
  });
});

describe('HSTS configuration', () => {
  it('defaults to a year without subdomains', () => {
    expect(loadConfig({}).hsts).toEqual({ maxAgeSeconds: 31_536_000, includeSubDomains: false });
    expect(loadConfig({ HSTS_MAX_AGE: '0', HSTS_INCLUDE_SUBDOMAINS: 'true' }).hsts).toEqual({ maxAgeSeconds: 0, includeSubDomains: true });
  });

  it.each([['HSTS_MAX_AGE', '-1'], ['HSTS_MAX_AGE', 'a year'], ['HSTS_MAX_AGE', '63072001'], ['HSTS_INCLUDE_SUBDOMAINS', 'yes']])('rejects %s=%s with one line', (name, value) => {
    let error: unknown;
    try { loadConfig({ [name]: value }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(1);
    expect((error as ConfigError).problems[0]!.startsWith(`${name}:`)).toBe(true);
  });
});
