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

  it('gives a signed-in reader one vote per comment, whatever browsers they use', async () => {
    const id = (await post('One account, many browsers.')).json().comment.id as number;
    const user = await t.services.accounts.createUser({ email: 'five@example.org', password: 'correct horse battery', displayName: 'Five', role: 'reader' });
    const counts = async () => (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100` })).json().comments
      .find((c: { id: number }) => c.id === id) as { up: number; down: number };
    const browsers = [];
    for (let i = 0; i < 5; i++) {
      const s = await t.services.accounts.createSession(user.id);
      // Each browser has its own reader cookie too (set by its first vote).
      browsers.push({ cookie: `gz_session=${s.token}`, csrf: s.csrf });
    }
    for (const b of browsers) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value: 1 }, headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, remoteAddress: '198.51.100.60' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ up: 1, myVote: 1 });
    }
    expect(await counts()).toMatchObject({ up: 1, down: 0 });
    // Any of the browsers sees the account's vote, and may change or withdraw it.
    const last = browsers[4]!;
    const listed = (await t.app.inject({ url: `/api/v1/articles/${slug}/comments?limit=100`, headers: { cookie: browsers[0]!.cookie } })).json().comments.find((c: { id: number }) => c.id === id);
    expect(listed.myVote).toBe(1);
    await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value: -1 }, headers: { cookie: last.cookie, 'x-csrf-token': last.csrf } });
    expect(await counts()).toMatchObject({ up: 0, down: 1 });
    await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value: 0 }, headers: { cookie: browsers[2]!.cookie, 'x-csrf-token': browsers[2]!.csrf } });
    expect(await counts()).toMatchObject({ up: 0, down: 0 });
  });

  it('counts reports by confirmed accounts, and fresh unconfirmed sign-ups only once per network', async () => {
    const id = (await post('A perfectly fine opinion.')).json().comment.id as number;
    const status = async () => (await t.db.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const report = async (email: string, verified: boolean, ip: string) => {
      const u = await t.services.accounts.createUser({ email, password: 'correct horse battery', displayName: email, role: 'reader' });
      if (!verified) await t.db.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', u.id).execute();
      const s = await t.services.accounts.createSession(u.id);
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/report`, payload: { reason: 'abuse' }, headers: { cookie: `gz_session=${s.token}`, 'x-csrf-token': s.csrf }, remoteAddress: ip });
      expect(res.statusCode).toBe(202);
    };
    // Three unconfirmed sign-ups from one network: one report, not three (the default holds at 3).
    for (const n of [1, 2, 3]) await report(`fresh${n}@example.org`, false, '198.51.100.70');
    expect(await status()).toBe('published');
    // Confirmed accounts count one each, even from that same network.
    await report('real1@example.org', true, '198.51.100.70');
    expect(await status()).toBe('published');
    await report('real2@example.org', true, '198.51.100.70');
    expect(await status()).toBe('pending');
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
    expect((await t.app.inject({ url: '/' })).headers['cache-control']).toBe('public, max-age=0, s-maxage=300');
    const user = await t.services.accounts.createUser({ email: 'home@example.org', password: 'correct horse battery', displayName: 'Homer', role: 'reader' });
    const s = await t.services.accounts.createSession(user.id);
    const home = await t.app.inject({ url: '/', headers: { cookie: `gz_session=${s.token}` } });
    expect(home.body).toContain('Homer');
    expect(home.headers['cache-control']).toBe('private, no-store');
  });
});
