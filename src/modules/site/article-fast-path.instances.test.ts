// Two instances on one PostgreSQL database: a change made on one instance reaches the cached article page the
// other answers from its fast lane (no query per request there) as soon as the other has read the event —
// a comment, an article edit, a payment. PostgreSQL only: SQLite is one process.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Gazette } from '../../app.js';
import { admin, buildTestApp, createArticle, dialects, recordDonation, type TestApp } from '../../../test/helpers/test-app.js';

describe.runIf(dialects().includes('postgres'))('cached article pages across two instances on PostgreSQL', () => {
  let a: TestApp;
  let b: Gazette;
  let story: { id: number; slug: string };
  const pageOnB = async () => {
    const before = b.fastLane.answered();
    const res = await fetch(`http://127.0.0.1:${(b.app.server.address() as AddressInfo).port}/articles/${story.slug}`, { headers: { accept: 'text/html' } });
    return { html: await res.text(), lane: b.fastLane.answered() === before + 1 };
  };
  /** B's page once B answers it from its lane. */
  const cachedOnB = async () => {
    for (let i = 0; i < 50; i++) {
      const r = await pageOnB();
      if (r.lane) return r.html;
    }
    throw new Error('the fast lane of B never answered');
  };

  beforeAll(async () => {
    a = await buildTestApp({ dialect: 'postgres' });
    b = await buildApp(a.config, { logger: false, startJobs: false });
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    story = await createArticle(a, { title: 'Two instances', slug: 'two-instances' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await a?.dropDatabase();
  });

  it("shows the other instance's comment, article edit and payment once its events are read", async () => {
    let before = await cachedOnB();
    const posted = await a.app.inject({ method: 'POST', url: `/api/v1/articles/${story.slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'Posted on A' } });
    expect(posted.statusCode, posted.body).toBe(201);
    await b.events.catchUp();
    expect(before).not.toContain('Posted on A');
    before = await cachedOnB();
    expect(before).toContain('Posted on A');

    const edited = await a.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${story.id}`, headers: admin, payload: { title: 'Two instances, edited on A' } });
    expect(edited.statusCode, edited.body).toBe(200);
    await b.events.catchUp();
    before = await cachedOnB();
    expect(before).toContain('Two instances, edited on A');

    const month = new Date().toISOString().slice(0, 7);
    const campaign = await a.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: { month, goalMinor: 500_000 } });
    expect(campaign.statusCode, campaign.body).toBe(201);
    await b.events.catchUp();
    const withCampaign = await cachedOnB();
    expect(withCampaign).not.toBe(before);
    await recordDonation(a, { amount: 25, receivedOn: new Date().toISOString().slice(0, 10) });
    await b.events.catchUp();
    expect(await cachedOnB()).not.toBe(withCampaign);
  });
});
