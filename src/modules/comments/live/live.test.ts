// The discussion's live stream over real HTTP (the app listening on a port, read by a streaming fetch), on
// both dialects: what readers get for each change, that held and spam comments never reach them (checked
// against a later published comment: the stream keeps the order of events, so anything sent about the held
// comment would have come before it), resuming with Last-Event-ID, reset, heartbeats, the cap, and the end of
// every stream when the app closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerFor, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../../test/helpers/test-app.js';
import { openSse, type SseClient, type SseEvent } from '../../../../test/helpers/sse-client.js';

const json = { 'content-type': 'application/json' };

describe.each(dialects())('live updates on %s', (dialect) => {
  const clock = new FakeClock();
  let t: TestApp;
  let base: string;
  let slug: string;
  const open: SseClient[] = [];
  let n = 0;

  const stream = async (headers: Record<string, string> = {}, query = '') => {
    const s = await openSse(`${base}/api/v1/articles/${slug}/events${query}`, headers);
    open.push(s);
    return s;
  };
  /** Posts through the API as a new guest each time (a first-time commenter); returns the comment and the reader's cookie. */
  const post = async (body: string, extra: Record<string, unknown> = {}) => {
    n++;
    // From an address of its own: the spam marked below makes its sender's network a repeat offender.
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: json, remoteAddress: `198.51.100.${n}`,
      payload: { authorName: `Reader ${n}`, authorEmail: `reader-${n}-${dialect}@example.org`, body, ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return { comment: res.json().comment as { id: number; status: string }, cookie: readerCookie(res) };
  };
  const created = (id: number) => (e: { event: string; data: any }) => e.event === 'comment.created' && e.data.comment.id === id;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock, moderation: { holdFirstTimeLinks: true }, env: { LIVE_HEARTBEAT_SECONDS: '1', LIVE_MAX_STREAMS: '6' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    ({ slug } = await createArticle(t, { title: 'Live discussion' }));
    await t.services.moderation.addBlock('phrase', 'miracle pills', callerFor('Mod'));
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t?.close();
    await t?.dropDatabase();
  });

  it('answers with an uncompressed event stream, a retry hint and heartbeats', async () => {
    const s = await stream({ 'accept-encoding': 'gzip, br' });
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toBe('no-cache, no-transform');
    expect(s.headers['x-accel-buffering']).toBe('no');
    expect(s.headers['content-encoding']).toBeUndefined();
    expect(s.headers['x-content-type-options']).toBe('nosniff'); // the app's security headers are kept
    await s.comment(2);
    expect(s.comments.slice(0, 2)).toEqual(['heartbeat', 'heartbeat']);
    expect(s.retries).toEqual([3000]);
    s.close();
  });

  it('sends a published comment and reply as every reader sees them, edits, votes and deletions', async () => {
    const s = await stream();
    const { comment, cookie } = await post('First live comment');
    const e = await s.next();
    expect(e.event).toBe('comment.created');
    expect(Number(e.id)).toBeGreaterThan(0);
    expect(e.data.comment).toMatchObject({ id: comment.id, parentId: null, authorName: expect.stringMatching(/^Reader /), bodyHtml: '<p>First live comment</p>', status: 'published', up: 0, down: 0 });
    expect(JSON.stringify(e.data)).not.toContain('@example.org');
    expect(Object.keys(e.data.comment)).not.toContain('myVote');

    const reply = await post('A reply', { parentId: comment.id });
    expect((await s.next()).data.comment).toMatchObject({ id: reply.comment.id, parentId: comment.id });

    const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${comment.id}`, headers: { ...json, cookie }, payload: { body: 'First live comment, edited' } });
    expect(edit.statusCode, edit.body).toBe(200);
    const edited = await s.next();
    expect(edited.event).toBe('comment.edited');
    expect(edited.data.comment).toMatchObject({ id: comment.id, bodyHtml: '<p>First live comment, edited</p>', editedBy: expect.stringMatching(/^Reader /) });

    const vote = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${comment.id}/vote`, headers: json, payload: { value: 1 } });
    expect(vote.statusCode, vote.body).toBe(200);
    expect(await s.next()).toMatchObject({ event: 'votes', data: { id: comment.id, up: 1, down: 0 } });

    // With a reply, the comment stays as a placeholder; the reply itself goes.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${comment.id}`, headers: { cookie } })).statusCode).toBe(200);
    expect(await s.next()).toMatchObject({ event: 'comment.deleted', data: { id: comment.id, placeholder: true } });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${reply.comment.id}`, headers: { cookie: reply.cookie } })).statusCode).toBe(200);
    expect(await s.next()).toMatchObject({ event: 'comment.deleted', data: { id: reply.comment.id, placeholder: false } });
    s.close();
  });

  it('sends each of many concurrent posts once', async () => {
    const s = await stream();
    const posted = await Promise.all(Array.from({ length: 12 }, (_, i) => post(`Posted at the same time, number ${i + 1}`)));
    const ids = posted.map((p) => p.comment.id);
    const got: SseEvent[] = [];
    while (got.length < ids.length) got.push(await s.next((e) => e.event === 'comment.created' && ids.includes(e.data.comment.id)));
    expect(got.map((e) => e.data.comment.id).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    await post('One more, after them');
    const after = await s.next((e) => e.event === 'comment.created');
    expect(after.data.comment.bodyHtml).toContain('One more'); // the next one after them: none of them came again
    s.close();
  });

  it('never sends held or spam comments, their edits or their deletion; an approval sends the comment then', async () => {
    const s = await stream();
    const held = await post('Look at https://example.com/my-blog');
    expect(held.comment.status).toBe('pending');
    const spam = await post('Buy miracle pills today');
    expect(spam.comment.status).toBe('pending'); // its author sees it as awaiting moderation
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${held.comment.id}`, headers: { ...json, cookie: held.cookie }, payload: { body: 'Still https://example.com/my-blog' } });
    expect(edit.statusCode, edit.body).toBe(200);
    const gone = await post('Held and then deleted: https://example.com/x');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${gone.comment.id}`, headers: { cookie: gone.cookie } })).statusCode).toBe(200);
    await t.services.comments.changeStatus([spam.comment.id], 'spam', { kind: 'moderator', name: 'Mod' }, 'spam');
    const marker = await post('A published comment after them');
    await s.next(created(marker.comment.id));
    const secret = [held, spam, gone].map((c) => c.comment.id);
    expect(s.events.filter((e) => secret.includes(e.data.id ?? e.data.comment?.id))).toEqual([]);
    expect(JSON.stringify(s.events)).not.toMatch(/my-blog|miracle|Held and then/);

    // A moderator approves the held comment: now every reader may see it.
    await t.services.comments.changeStatus([held.comment.id], 'published', { kind: 'moderator', name: 'Mod' }, 'approve');
    const approved = await s.next();
    expect(approved.event).toBe('comment.created');
    expect(approved.data.comment).toMatchObject({ id: held.comment.id, status: 'published' });
    // …and when a moderator holds it again, it leaves the readers' pages.
    await t.services.comments.changeStatus([held.comment.id], 'rejected', { kind: 'moderator', name: 'Mod' }, 'reject');
    expect(await s.next()).toMatchObject({ event: 'comment.deleted', data: { id: held.comment.id, placeholder: false } });
    s.close();
  });

  it('resumes after a reconnect with Last-Event-ID (header or query) without a gap, and without what came before', async () => {
    const s = await stream();
    const before = await post('Before the reconnect');
    const seen = await s.next(created(before.comment.id));
    s.close();
    clock.advance(60_000); // the events above are older than the overlap sent again on resuming
    const missed1 = await post('Missed one');
    const missed2 = await post('Missed two');
    await t.app.inject({ method: 'POST', url: `/api/v1/comments/${missed1.comment.id}/vote`, headers: json, payload: { value: -1 } });
    clock.advance(60_000);

    for (const how of ['header', 'query'] as const) {
      const again = how === 'header' ? await stream({ 'last-event-id': seen.id! }) : await stream({}, `?lastEventId=${seen.id}`);
      const got = [await again.next(), await again.next(), await again.next()];
      expect(got.map((e) => [e.event, e.data.comment?.id ?? e.data.id]), how).toEqual([
        ['comment.created', missed1.comment.id], ['comment.created', missed2.comment.id], ['votes', missed1.comment.id],
      ]);
      expect(got.every((e) => Number(e.id) > Number(seen.id)), how).toBe(true);
      // …and then live.
      const live = await post(`Live after resuming by ${how}`);
      await again.next(created(live.comment.id));
      expect(again.events.filter((e) => e.data.comment?.id === before.comment.id)).toEqual([]);
      again.close();
      clock.advance(60_000);
    }
  });

  it('sends recent events again on resuming (commits out of id order), without moving the client\'s id back', async () => {
    const s = await stream();
    const a = await post('Recent one');
    const b = await post('Recent two');
    const last = await s.next(created(b.comment.id));
    s.close();
    const again = await stream({ 'last-event-id': last.id! });
    const replayed = await again.next(created(a.comment.id));
    expect(replayed.id).toBeUndefined();
    again.close();
  });

  it('tells a client whose id is unknown or older than the kept events to reload (reset)', async () => {
    const future = await stream({ 'last-event-id': '999999999' });
    const reset = await future.next();
    expect(reset.event).toBe('reset');
    const newest = Number((await t.db.db.selectFrom('domain_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
    expect(Number(reset.id)).toBe(newest);
    future.close();

    const first = await post('Soon pruned');
    clock.advance(60_000);
    await post('Kept');
    // The events up to the first comment's are pruned (as after seven days).
    const firstEvent = Number((await t.db.db.selectFrom('domain_events').select((eb) => eb.fn.max('id').as('id'))
      .where('payload', 'like', `%"commentId":${first.comment.id},%`).executeTakeFirstOrThrow()).id);
    await t.db.db.deleteFrom('domain_events').where('id', '<=', firstEvent).execute();
    const old = await stream({ 'last-event-id': String(firstEvent - 1) });
    expect((await old.next()).event).toBe('reset');
    old.close();
    // A page whose article had no event kept (id 0) is never told to reset.
    const fresh = await stream({}, '?lastEventId=0');
    expect((await fresh.next()).event).toBe('comment.created');
    fresh.close();
  });

  it('refuses bad input with stable codes', async () => {
    const bad = async (url: string, headers: Record<string, string> = {}) => {
      const res = await openSse(`${base}${url}`, headers);
      return { status: res.status, code: (JSON.parse(res.body!) as { error: { code: string } }).error.code };
    };
    expect(await bad(`/api/v1/articles/${slug}/events`, { 'last-event-id': 'abc' })).toEqual({ status: 400, code: 'INVALID_EVENT_ID' });
    expect(await bad(`/api/v1/articles/${slug}/events?lastEventId=-1`)).toEqual({ status: 400, code: 'INVALID_FORMAT' });
    expect(await bad(`/api/v1/articles/${slug}/events?lastEventId=${'9'.repeat(16)}`)).toEqual({ status: 400, code: 'INVALID_FORMAT' });
    expect(await bad('/api/v1/articles/no-such-article/events')).toEqual({ status: 404, code: 'ARTICLE_NOT_FOUND' });
  });

  it('answers 503 TOO_MANY_STREAMS beyond the cap, and takes streams again once some close', async () => {
    for (const s of open) s.close();
    const streams = [];
    for (let i = 0; i < 6; i++) streams.push(await stream());
    await Promise.all(streams.map((s) => s.comment(1)));
    const refused = await stream();
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body!).error.code).toBe('TOO_MANY_STREAMS');
    for (const s of streams) s.close();
    // The server notices the closed connections; then a new stream is taken.
    let next: SseClient | undefined;
    for (let i = 0; i < 50 && next?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      next = await stream();
    }
    expect(next?.status).toBe(200);
    next!.close();
  });

  it('answers 429 TOO_MANY_STREAMS to a network beyond its own cap, while other networks still get streams', async () => {
    for (const s of open) s.close();
    const one = await buildTestApp({ dialect, env: { LIVE_MAX_STREAMS_PER_NETWORK: '2', TRUST_PROXY: 'true' } });
    try {
      await one.app.listen({ port: 0, host: '127.0.0.1' });
      const addr = one.app.server.address();
      const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/articles/${(await createArticle(one, { title: 'Capped' })).slug}/events`;
      const from = (ip: string) => openSse(url, { 'x-forwarded-for': ip });
      const mine = [await from('203.0.113.9'), await from('203.0.113.9')];
      const third = await from('203.0.113.9');
      expect(third.status).toBe(429);
      expect(JSON.parse(third.body!).error.code).toBe('TOO_MANY_STREAMS');
      const other = await from('198.51.100.77');
      expect(other.status).toBe(200);
      for (const s of [...mine, other]) s.close();
    } finally {
      await one.close();
      await one.dropDatabase();
    }
  });

  it('ends the open streams when the app closes', async () => {
    const s = await stream();
    await s.comment(1);
    await t.close();
    await s.ended; // the stream ended: closing did not wait for the reader
    expect(s.status).toBe(200);
  });
});
