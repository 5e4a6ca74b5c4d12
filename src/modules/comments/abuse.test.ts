// Abuse that cookies alone cannot stop: vote stuffing and self-votes, and credentials that must not
// break public pages. On every dialect this machine has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';

describe.each(dialects())('comment abuse on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock();
  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    slug = (await createArticle(t, { title: 'Abuse under test' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  const post = (body: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Val', authorEmail: 'val@example.org', body }, headers });

  it('limits votes per network, whatever cookies a script drops', async () => {
    const id = (await post('Vote for me, please.')).json().comment.id as number;
    const vote = () => t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value: 1 }, remoteAddress: '203.0.113.7' });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await vote()).statusCode);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const refused = await vote();
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    const counts = (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json().comments.find((c: { id: number }) => c.id === id);
    expect(counts.up).toBe(60);
    clock.advance(61_000);
    expect((await vote()).statusCode).toBe(200);
  });

  it('refuses a signed-in author voting on their own comment from another device', async () => {
    const user = await t.services.accounts.createUser({ email: 'val@example.org', password: 'correct horse battery', displayName: 'Val', role: 'reader' });
    const laptop = await t.services.accounts.createSession(user.id);
    const phone = await t.services.accounts.createSession(user.id);
    const posted = await post('Written on my laptop.', { cookie: `gz_session=${laptop.token}`, 'x-csrf-token': laptop.csrf });
    expect(posted.statusCode).toBe(201);
    const vote = await t.app.inject({
      method: 'POST', url: `/api/v1/comments/${posted.json().comment.id}/vote`, payload: { value: 1 },
      headers: { cookie: `gz_session=${phone.token}`, 'x-csrf-token': phone.csrf },
    });
    expect(vote.statusCode).toBe(403);
    expect(vote.json().error.code).toBe('OWN_COMMENT');
  });

  it('reads public pages and APIs as anonymous with a stale token or another auth scheme', async () => {
    for (const authorization of ['Bearer gzt_revoked-or-never-issued', 'Basic dXNlcjpwYXNz']) {
      expect((await t.app.inject({ url: `/articles/${slug}`, headers: { authorization, accept: 'text/html' } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/', headers: { authorization } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: `/api/v1/articles/${slug}/comments`, headers: { authorization } })).statusCode).toBe(200);
      const admin = await t.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: { authorization }, payload: { month: '2026-04', goalMinor: 100 } });
      expect(admin.statusCode).toBe(401);
      expect(admin.json().error.code).toBe('UNAUTHORIZED');
    }
  });

  it('marks the home page private when it names the signed-in reader', async () => {
    expect((await t.app.inject({ url: '/' })).headers['cache-control']).toBe('no-cache');
    const user = await t.services.accounts.createUser({ email: 'home@example.org', password: 'correct horse battery', displayName: 'Homer', role: 'reader' });
    const s = await t.services.accounts.createSession(user.id);
    const home = await t.app.inject({ url: '/', headers: { cookie: `gz_session=${s.token}` } });
    expect(home.body).toContain('Homer');
    expect(home.headers['cache-control']).toBe('private, no-store');
  });
});
