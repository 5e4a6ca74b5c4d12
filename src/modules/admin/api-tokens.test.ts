// The API tokens page: a token shown once that works within its scope until revoked, a name and a known
// scope required, and the bootstrap token's page (no account to hold tokens). On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { adminPagesSuite, type Person } from './admin.pages.test-kit.js';

describe.each(dialects())('admin pages on %s', (dialect) => {
  const kit = adminPagesSuite(dialect);
  const { signIn, get, post, follow } = kit;
  let t: TestApp;
  let ada: Person;
  beforeAll(() => { ({ t, ada } = kit); });

  describe('API tokens', () => {
    it('creates a token shown once, which works within its scope until revoked', async () => {
      const eve = await signIn('editor');
      const res = await post('/admin/tokens', eve, { name: 'Fundraising script', scope: 'campaigns' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('shown only once');
      const token = /gzt_[\w-]+/.exec(res.body)?.[0];
      expect(token).toBeDefined();
      const bearer = { authorization: `Bearer ${token}` };

      const list = await get('/admin/tokens', eve);
      expect(list.body).toContain('Fundraising script');
      expect(list.body).not.toContain(token!);
      const [row] = await t.services.apiTokens.list(eve.user.id);
      expect(row).toMatchObject({ name: 'Fundraising script', scope: 'campaigns', revoked_at: null });

      const allowed = await t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: bearer, payload: { month: '2026-10', goalMinor: 100_000, currency: 'EUR' } });
      expect(allowed.statusCode).toBe(201);
      const outside = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: bearer, payload: { title: 'By token', bodyMarkdown: 'x', authorName: 'x' } });
      expect(outside.statusCode).toBe(403);
      expect((await get('/admin/tokens', eve)).body).toMatch(new RegExp(`<tr id="token-${row!.id}"[\\s\\S]*?<time`)); // last used

      const revoke = await post(`/admin/tokens/${row!.id}/revoke`, eve);
      expect(revoke.headers.location).toBe('/admin/tokens?notice=revoked');
      expect((await follow(revoke, eve)).body).toMatch(new RegExp(`<tr id="token-${row!.id}" data-revoked="true">`));
      const afterRevoke = await t.app.inject({ method: 'GET', url: '/api/v1/admin/campaigns', headers: bearer });
      expect(afterRevoke.statusCode).toBe(401);
      expect((await post(`/admin/tokens/${row!.id}/revoke`, eve)).statusCode).toBe(404);
      // Someone else's token cannot be revoked by guessing its id.
      const other = await t.services.apiTokens.create(ada.user.id, 'Ada script', 'read');
      expect((await post(`/admin/tokens/${other.id}/revoke`, eve)).statusCode).toBe(404);
      expect((await t.services.apiTokens.list(ada.user.id))[0]!.revoked_at).toBeNull();
    });

    it('asks for a name and a known scope', async () => {
      const fay = await signIn('author');
      const noName = await post('/admin/tokens', fay, { name: ' ', scope: 'read' });
      expect(noName.statusCode).toBe(400);
      expect(noName.body).toContain('give the token a name');
      const badScope = await post('/admin/tokens', fay, { name: 'x', scope: 'root' });
      expect(badScope.statusCode).toBe(400);
      expect(badScope.body).toContain('value="x"');
      expect(await t.services.apiTokens.list(fay.user.id)).toEqual([]);
    });

    it('explains that the bootstrap token has no account to hold tokens', async () => {
      const page = await get('/admin/tokens', undefined, admin);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="no-account"');
      expect(page.body).not.toContain('id="new-token"');
      const create = await t.app.inject({ method: 'POST', url: '/admin/tokens', headers: { ...admin, ...FORM, accept: 'text/html' }, payload: form({ name: 'x', scope: 'all' }) });
      expect(create.statusCode).toBe(400);
      expect(create.body).toContain('belongs to no account');
      // Without an account there is no form to correct: a bad form gets the same answer.
      const empty = await t.app.inject({ method: 'POST', url: '/admin/tokens', headers: { ...admin, ...FORM, accept: 'text/html' }, payload: form({ name: '', scope: 'all' }) });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('belongs to no account');
    });
  });
});
