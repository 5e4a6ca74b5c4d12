// Two instances of the app on one PostgreSQL database, each listening on a port: a comment posted to one
// reaches a stream held by the other (the event bus brings the other instance's events through NOTIFY), and a
// held comment posted there never does. PostgreSQL only: SQLite is one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Gazette } from '../../../app.js';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../../test/helpers/test-app.js';
import { openSse, type SseClient } from '../../../../test/helpers/sse-client.js';

describe.runIf(dialects().includes('postgres'))('live updates across two instances on PostgreSQL', () => {
  let a: TestApp;
  let b: Gazette;
  let slug: string;
  const streams: SseClient[] = [];
  const baseOf = (g: Gazette) => {
    const addr = g.app.server.address();
    return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  };
  const post = (g: Gazette, body: string, n: number) => fetch(`${baseOf(g)}/api/v1/articles/${slug}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authorName: `Reader ${n}`, authorEmail: `instances-${n}@example.org`, body }),
  }).then(async (r) => { expect(r.status).toBe(201); return ((await r.json()) as { comment: { id: number; status: string } }).comment; });

  beforeAll(async () => {
    a = await buildTestApp({ dialect: 'postgres', moderation: { holdFirstTimeLinks: true } });
    b = await buildApp(a.config, { logger: false, startJobs: false });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    ({ slug } = await createArticle(a, { title: 'Two instances' }));
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await b?.close();
    await a?.close();
    await a?.dropDatabase();
  });

  it('delivers a comment posted to one instance to a stream on the other, in both directions; held ones never', async () => {
    const onB = await openSse(`${baseOf(b)}/api/v1/articles/${slug}/events`);
    const onA = await openSse(`${baseOf(a)}/api/v1/articles/${slug}/events`);
    streams.push(onA, onB);
    const held = await post(a, 'My site: https://example.com/held', 1);
    expect(held.status).toBe('pending');
    const fromA = await post(a, 'Posted to instance A', 2);
    const got = await onB.next();
    expect(got).toMatchObject({ event: 'comment.created', data: { comment: { id: fromA.id, bodyHtml: '<p>Posted to instance A</p>' } } });
    const fromB = await post(b, 'Posted to instance B', 3);
    expect(await onA.next((e) => e.data.comment?.id === fromB.id)).toMatchObject({ event: 'comment.created' });
    // The held comment was written before: had anything about it been sent, it would have come first.
    expect(onA.events.concat(onB.events).some((e) => e.data.comment?.id === held.id || e.data.id === held.id)).toBe(false);

    // Resuming on the other instance with the id one instance gave.
    onB.close();
    const fromA2 = await post(a, 'While B\'s reader was away', 4);
    const resumed = await openSse(`${baseOf(b)}/api/v1/articles/${slug}/events`, { 'last-event-id': got.id! });
    streams.push(resumed);
    await resumed.next((e) => e.data.comment?.id === fromA2.id);
  });
});
