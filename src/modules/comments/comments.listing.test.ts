// Sorting, nesting and cursor pagination of GET /api/v1/articles/:slug/comments, on every dialect this machine has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';

interface Model { id: number; parentId: number | null; createdAt: string; up: number; down: number }
interface Thread { id: number; parentId: number | null; createdAt: string; up: number; down: number; replies: Thread[] }
type Sort = 'newest' | 'oldest' | 'votes';
const SORTS: Sort[] = ['newest', 'oldest', 'votes'];

// The documented orders, written out independently of the product's comparator.
const byNewest = (a: Model, b: Model) => (a.createdAt !== b.createdAt ? (a.createdAt > b.createdAt ? -1 : 1) : b.id - a.id);
const byOldest = (a: Model, b: Model) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.id - b.id);
const byVotes = (a: Model, b: Model) => (b.up - b.down) - (a.up - a.down) || a.id - b.id;
const topOrder = { newest: byNewest, oldest: byOldest, votes: byVotes };
const replyOrder = { newest: byOldest, oldest: byOldest, votes: byVotes };

describe.each(dialects())('comment listing on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock();
  const comments = new Map<number, Model>();
  const guest = { authorName: 'Lister', authorEmail: 'lister@example.org' };

  const post = async (body: string, parentId?: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { ...guest, body, ...(parentId && { parentId }) } });
    expect(res.statusCode).toBe(201);
    const c = res.json().comment;
    comments.set(c.id, { id: c.id, parentId: c.parentId, createdAt: c.createdAt, up: 0, down: 0 });
    return { id: c.id as number, cookie: readerCookie(res) };
  };
  /** Votes as `n` different readers (each request without a cookie is a new reader). */
  const vote = async (id: number, value: 1 | -1, n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value } });
      expect(res.statusCode).toBe(200);
      const m = comments.get(id)!;
      m.up = res.json().up;
      m.down = res.json().down;
    }
  };
  const list = (query: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/api/v1/articles/${slug}/comments?${query}`, headers });
  const expectedTree = (sort: Sort, parentId: number | null): unknown[] =>
    [...comments.values()].filter((c) => c.parentId === parentId).sort(parentId === null ? topOrder[sort] : replyOrder[sort])
      .map((c) => ({ id: c.id, up: c.up, down: c.down, createdAt: c.createdAt, replies: expectedTree(sort, c.id) }));
  const shape = (threads: Thread[]): unknown[] =>
    threads.map((c) => ({ id: c.id, up: c.up, down: c.down, createdAt: c.createdAt, replies: shape(c.replies) }));
  const topIds = (sort: Sort) => [...comments.values()].filter((c) => c.parentId === null).sort(topOrder[sort]).map((c) => c.id);

  let tops: number[] = [];
  let replyA: number, replyB: number, replyC: number, nested: number;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    slug = (await createArticle(t, { title: 'Listing under test' })).slug;
    // 25 top-level comments a minute apart, except tops[9..11], which share one instant (ties broken by id).
    for (let i = 0; i < 25; i++) {
      if (!(i >= 10 && i <= 11)) clock.advance(60_000);
      tops.push((await post(`Top-level comment ${i}`)).id);
    }
    // Scores with many ties: up = i % 4, down = i % 3.
    for (const [i, id] of tops.entries()) {
      await vote(id, 1, i % 4);
      await vote(id, -1, i % 3);
    }
    // Replies on the first thread with different times and votes, plus a reply to a reply.
    clock.advance(60_000);
    replyA = (await post('reply A (oldest, worst)', tops[0])).id;
    clock.advance(60_000);
    replyB = (await post('reply B (best)', tops[0])).id;
    clock.advance(60_000);
    replyC = (await post('reply C (newest, middle)', tops[0])).id;
    clock.advance(60_000);
    nested = (await post('reply to reply B', replyB)).id;
    await vote(replyA, -1, 1);
    await vote(replyB, 1, 3);
    await vote(replyC, 1, 1);
    // A later reply on a late thread.
    clock.advance(60_000);
    await post('reply on the last thread', tops[24]);
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it.each(SORTS)('orders threads and replies by %s', async (sort) => {
    const res = await list(`sort=${sort}&limit=100`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.nextCursor).toBeNull();
    expect(shape(body.comments)).toEqual(expectedTree(sort, null));
    expect(body.comments.map((c: Thread) => c.id)).toEqual(topIds(sort));
  });

  it('really has ties and nesting to order', async () => {
    const tied = [...comments.values()].filter((c) => c.createdAt === comments.get(tops[10]!)!.createdAt);
    expect(tied.map((c) => c.id)).toEqual([tops[9], tops[10], tops[11]]);
    const scores = tops.map((id) => comments.get(id)!.up - comments.get(id)!.down);
    expect(new Set(scores).size).toBeLessThan(scores.length);
    const first = (await list('sort=oldest&limit=1')).json().comments[0] as Thread;
    expect(first.id).toBe(tops[0]);
    expect(first.replies.map((r) => r.id)).toEqual([replyA, replyB, replyC]);
    expect(first.replies[1]!.replies.map((r) => r.id)).toEqual([nested]);
    expect(first.replies[1]!.replies[0]!.parentId).toBe(replyB);
    const byVotes = (await list('sort=votes&limit=100')).json().comments.find((c: Thread) => c.id === tops[0]) as Thread;
    expect(byVotes.replies.map((r) => r.id)).toEqual([replyB, replyC, replyA]);
  });

  it('uses the default sort (newest) and page size (20)', async () => {
    const body = (await list('')).json();
    expect(body.comments.map((c: Thread) => c.id)).toEqual(topIds('newest').slice(0, 20));
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('counts every published comment, replies included', async () => {
    const body = (await list('limit=1')).json();
    expect(body.total).toBe(comments.size);
    expect(body.total).toBe(30);
  });

  describe.each(SORTS)('pagination by %s', (sort) => {
    it.each([1, 7, 12, 25, 26])('walks every page of %i with no gaps and no duplicates', async (limit) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list(`sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.comments.length).toBeLessThanOrEqual(limit);
        expect(body.total).toBe(30);
        for (const c of body.comments as Thread[]) {
          seen.push(c.id);
          // Each thread comes with all of its replies, in the sort's reply order.
          expect(shape([c])).toEqual([expectedTree(sort, null).find((e) => (e as { id: number }).id === c.id)]);
        }
        cursor = body.nextCursor;
        pages++;
        expect(pages).toBeLessThanOrEqual(26);
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(topIds(sort));
      expect(pages).toBe(Math.max(1, Math.ceil(25 / limit)));
    });

    it('rejects a cursor made for another sort', async () => {
      const other = SORTS.find((s) => s !== sort)!;
      const cursor = (await list(`sort=${other}&limit=3`)).json().nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const res = await list(`sort=${sort}&limit=3&cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
    });
  });

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  it.each([
    ['garbage', 'newest', 'not-a-cursor!'],
    ['base64 of garbage', 'newest', Buffer.from('hello').toString('base64url')],
    ['wrong shape', 'newest', b64({ sort: 'newest', id: 1 })],
    ['bad date', 'newest', b64(['newest', 'yesterday', 3])],
    ['negative id', 'oldest', b64(['oldest', '2026-03-14T12:00:00.000Z', -1])],
    ['string score', 'votes', b64(['votes', '3', 3])],
    ['unknown sort', 'newest', b64(['best', '2026-03-14T12:00:00.000Z', 3])],
    ['empty', 'newest', ''],
  ])('rejects a %s cursor with 400 INVALID_CURSOR', async (_name, sort, cursor) => {
    const res = await list(`sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it.each([
    ['limit=0', 'TOO_SMALL', 'limit'],
    ['limit=101', 'TOO_LARGE', 'limit'],
    ['limit=-5', 'TOO_SMALL', 'limit'],
    ['limit=abc', 'INVALID_TYPE', 'limit'],
    ['limit=2.5', 'INVALID_TYPE', 'limit'],
    ['sort=bogus', 'INVALID_VALUE', 'sort'],
  ])('rejects %s with 400', async (query, code, field) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
  });

  it('accepts the limits at the bounds', async () => {
    expect((await list('limit=1')).json().comments).toHaveLength(1);
    expect((await list('limit=100')).json().comments).toHaveLength(25);
  });

  it("adds the reader's own votes and edit rights only for that reader", async () => {
    const voter = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${tops[3]}/vote`, payload: { value: -1 } });
    comments.get(tops[3]!)!.down = voter.json().down;
    const mine = (await list('sort=oldest&limit=5', { cookie: readerCookie(voter) })).json().comments as (Thread & { myVote: number; canEdit: boolean })[];
    expect(mine.map((c) => c.myVote)).toEqual([0, 0, 0, -1, 0]);
    expect(mine.every((c) => c.canEdit === false)).toBe(true);
    const anon = (await list('sort=oldest&limit=5')).json().comments;
    expect(anon[0]).not.toHaveProperty('myVote');
    expect(anon[0]).not.toHaveProperty('canEdit');
  });

  it('keeps a deleted thread with replies as a placeholder and leaves it out of the total', async () => {
    const { id, cookie } = await post('will be deleted');
    clock.advance(1000);
    await post('keeps the thread alive', id);
    expect((await list('limit=1')).json().total).toBe(comments.size);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${id}`, headers: { cookie } });
    expect(del.statusCode).toBe(200);
    const body = (await list('sort=newest&limit=1')).json();
    expect(body.total).toBe(comments.size - 1);
    expect(body.comments[0]).toMatchObject({ id, status: 'deleted', authorName: '', bodyHtml: '' });
    expect(body.comments[0].replies).toHaveLength(1);
  });

  it('answers 404 for an unknown or unpublished article', async () => {
    const res = await t.app.inject({ url: '/api/v1/articles/no-such-article/comments' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ARTICLE_NOT_FOUND');
  });
});
