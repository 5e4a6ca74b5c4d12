// Per-network controls behind a reverse proxy: a client cannot escape the vote limit or a blocked
// network by writing its own first X-Forwarded-For entry, for every form of TRUST_PROXY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp, callerFor } from '../../../test/helpers/test-app.js';

const FORMS = [
  // [TRUST_PROXY, address of the proxy as the app sees it, an untrusted address or undefined]
  ['true', '127.0.0.1', '198.51.100.7'],
  ['true', '10.0.0.2', '198.51.100.7'],
  ['1', '198.51.100.1', undefined],
  ['10.0.0.0/8,192.168.1.5', '192.168.1.5', '192.168.1.6'],
] as const;

describe.each(dialects())('client address behind a reverse proxy on %s', (dialect) => {
  describe.each(FORMS)('TRUST_PROXY=%s, proxy at %s', (trustProxy, proxy, untrusted) => {
    let t: TestApp;
    let slug: string;
    let commentId: number;
    beforeAll(async () => {
      t = await buildTestApp({ dialect, env: { TRUST_PROXY: trustProxy } });
      slug = (await createArticle(t, { title: 'Proxies under test' })).slug;
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Val', authorEmail: 'val@example.org', body: 'Vote for me.' } });
      expect(res.statusCode).toBe(201);
      commentId = res.json().comment.id;
    });
    afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

    const vote = (remoteAddress: string, xff: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/comments/${commentId}/vote`, payload: { value: 1 }, remoteAddress, headers: { 'x-forwarded-for': xff } });

    it('limits votes by the address the proxy saw, whatever first entry the client writes', async () => {
      const statuses: number[] = [];
      // Some proxies append the client's port, another on each connection: still one network.
      for (let i = 0; i <= 60; i++) statuses.push((await vote(proxy, `6.6.${Math.floor(i / 250)}.${i % 250}, 203.0.113.9${i % 2 ? `:${40000 + i}` : ''}`)).statusCode);
      expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
      expect(statuses[60]).toBe(429);
      // Other readers behind the same proxy are counted on their own.
      expect((await vote(proxy, '6.6.6.6, 203.0.113.10')).statusCode).toBe(200);
      expect((await vote(proxy, '203.0.113.11')).statusCode).toBe(200);
    });

    // A hop count trusts whoever connects: there is no untrusted address to try.
    if (untrusted !== undefined) {
      it(`ignores X-Forwarded-For from ${untrusted}, which is not a trusted proxy`, async () => {
        const statuses: number[] = [];
        for (let i = 0; i <= 60; i++) statuses.push((await vote(untrusted, `203.0.${Math.floor(i / 250)}.${i % 250}`)).statusCode);
        expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
        expect(statuses[60]).toBe(429);
      });
    }

    it('matches a blocked network on the address the proxy saw', async () => {
      await t.services.moderation.addBlock('ip_range', '203.0.113.9/32', callerFor('Mia Moderator'));
      try {
        const post = (xff: string) => t.app.inject({
          method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: proxy, headers: { 'x-forwarded-for': xff },
          payload: { authorName: 'Sly', authorEmail: `sly.${xff.length}@example.org`, body: `Posting as someone else, take ${xff.length}.` },
        });
        for (const xff of ['6.6.6.6, 203.0.113.9', '203.0.113.9', '1.2.3.4, 5.6.7.8, 203.0.113.9', '6.6.6.6, 203.0.113.9:51234']) {
          const res = await post(xff);
          expect(res.statusCode, xff).toBe(201);
          const row = await t.db.db.selectFrom('comments').select(['status', 'moderation']).where('id', '=', res.json().comment.id).executeTakeFirstOrThrow();
          expect(row.status, xff).toBe('spam');
          expect(JSON.parse(row.moderation!).decidedBy, xff).toBe('block-lists');
        }
        const other = await post('203.0.113.9, 203.0.113.20');
        const row = await t.db.db.selectFrom('comments').select('status').where('id', '=', other.json().comment.id).executeTakeFirstOrThrow();
        expect(row.status).toBe('published');
      } finally {
        for (const e of await t.services.moderation.blockList()) await t.services.moderation.removeBlock(e.id, callerFor('Mia Moderator'));
      }
    });
  });
});
