// The pages of threads everyone sees, kept in memory (thread-page-cache.ts), on both dialects: kept (a change
// made behind the app's back shows only after the time to live), dropped at once by every change that has an
// event (a comment, a vote, a moderator's decision, an account deleted) — but for a vote's counts, taken in place
// on pages in time order — and never given to a reader who has something of their own to see.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import type { ThreadPage } from './comments.service.js';
import { createThreadPageCache } from './thread-page-cache.js';
import { encodeCursor } from './comment-tree.js';

interface Thread { id: number; authorName: string; bodyHtml: string; up: number; down: number; status: string; replies: Thread[] }

describe.each(dialects())('shared pages of threads on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock();
  const threads = async (query = '', headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${slug}/comments${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { comments: Thread[]; total: number; nextCursor: string | null };
  };
  const post = async (body: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers, payload: { authorName: 'Nora', authorEmail: 'nora@example.org', body, ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().comment.id as number, status: res.json().comment.status as string, cookie: readerCookie(res) };
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    ({ slug } = await createArticle(t, { title: 'Shared threads' }));
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('keeps a page: a change made without an event shows only once the page has expired', async () => {
    const first = await post('The ferry was late again this morning.');
    expect((await threads()).comments[0]!.bodyHtml).toContain('late again');
    await sql`update comments set body_html = ${'<p>Changed behind the app’s back.</p>'} where id = ${first.id}`.execute(t.db.db);
    expect((await threads()).comments[0]!.bodyHtml).toContain('late again');
    clock.advance(61_000);
    expect((await threads()).comments[0]!.bodyHtml).toContain('behind the app');
  });

  it('shows at once every change that has an event: a comment, a vote, a moderator\'s decision', async () => {
    const before = await threads();
    const second = await post('And the timetable was wrong.');
    const after = await threads();
    expect(after.total).toBe(before.total + 1);
    expect(after.comments[0]!.id).toBe(second.id);
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${second.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    expect((await threads()).comments.find((c) => c.id === second.id)!.up).toBe(1);
    const rejected = await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [second.id], action: 'reject' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const now = await threads();
    expect(now.comments.map((c) => c.id)).not.toContain(second.id);
    expect(now.total).toBe(before.total);
  });

  it('takes a vote\'s new counts in place, and puts a first page sorted by votes in order again', async () => {
    const a = await post('First of two about the harbour wall.');
    const b = await post('Second of two about the harbour wall.');
    const reply = await post('A reply on the wall.', { parentId: a.id });
    for (const q of ['', '?sort=oldest', '?sort=votes']) await threads(q); // kept
    // Changed behind the app's back: only a page read again shows it.
    await sql`update comments set body_html = ${'<p>Rewritten by hand.</p>'} where id = ${b.id}`.execute(t.db.db);
    for (const [id, value] of [[b.id, 1], [reply.id, -1]] as const) {
      const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value } });
      expect(voted.statusCode, voted.body).toBe(200);
    }
    for (const q of ['', '?sort=oldest']) {
      const page = await threads(q);
      const second = page.comments.find((c) => c.id === b.id)!;
      expect(second.up).toBe(1);
      expect(second.bodyHtml).toContain('Second of two'); // kept, not read again
      expect(page.comments.find((c) => c.id === a.id)!.replies.find((r) => r.id === reply.id)).toMatchObject({ up: 0, down: 1 });
    }
    const byVotes = await threads('?sort=votes');
    expect(byVotes.comments[0]!.id).toBe(b.id); // its vote put it first
    expect(byVotes.comments[0]!.up).toBe(1);
    // Every thread fits on this first page: put in order in place, not read again.
    expect(byVotes.comments[0]!.bodyHtml).toContain('Second of two');
    clock.advance(61_000);
    expect((await threads('?sort=votes')).comments[0]!.bodyHtml).toContain('Rewritten by hand');
  });

  it('keeps the published count through votes and edits, and counts again after any other comment change', async () => {
    const before = await threads('?sort=votes');
    const c = await post('Counted once, about the ferry fares.');
    expect((await threads('?sort=votes')).total).toBe(before.total + 1);
    // Hidden by hand (no event): a page read after a vote still shows the kept count.
    await sql`update comments set status = 'rejected' where id = ${c.id}`.execute(t.db.db);
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${before.comments[0]!.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    const afterVote = await threads('?sort=votes&limit=7'); // a page not kept yet: read now
    expect(afterVote.comments.map((x) => x.id)).not.toContain(c.id); // the page was read
    expect(afterVote.total).toBe(before.total + 1); // the count was not
    await post('A new comment: the count is read again.');
    expect((await threads('?sort=votes')).total).toBe(before.total + 1); // +1 new, −1 hidden by hand
  });

  it('gives a reader with a held comment their own page, and keeps the shared one free of it', async () => {
    const held = await post('Cheap ferry tickets, ask me how.', { authorName: 'Pat', authorEmail: 'pat@example.org' });
    const marked = await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [held.id], action: 'spam' } });
    expect(marked.statusCode, marked.body).toBe(200);
    const mine = await threads('', { cookie: held.cookie });
    expect(mine.comments.map((c) => c.id)).toContain(held.id);
    expect((await threads()).comments.map((c) => c.id)).not.toContain(held.id);
    expect((await threads('', { cookie: held.cookie })).comments.map((c) => c.id)).toContain(held.id);
  });

  it('shows a deleted account\'s comments without their name at once', async () => {
    const user = await t.services.accounts.createUser({ email: 'sam@example.org', password: 'a long enough password', displayName: 'Sam Signed-In', role: 'reader' });
    const session = await t.services.accounts.createSession(user.id);
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { cookie: `gz_session=${session.token}`, 'x-csrf-token': session.csrf },
      payload: { body: 'Signed in and commenting about the ferry.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const approved = await t.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [res.json().comment.id], action: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(JSON.stringify(await threads())).toContain('Sam Signed-In');
    await t.services.accounts.deleteAccount(user.id, 'keep');
    const after = JSON.stringify(await threads());
    expect(after).toContain('Signed in and commenting about the ferry.');
    expect(after).not.toContain('Sam Signed-In');
  });
});

describe('the memory bound of the shared thread pages', () => {
  // The cache only listens to the bus (onAny); these checks need no event, so a listener-less bus stands in.
  const quietBus = { onAny: () => undefined } as unknown as Parameters<typeof createThreadPageCache>[0]['events'];
  const thread = (id: number, replies = 0) => ({ id, replies: Array.from({ length: replies }, (_, i) => ({ id: id * 1000 + i, replies: [] })) });
  const pageOf = (threads: ReturnType<typeof thread>[]) => ({ comments: threads, nextCursor: null, total: threads.length }) as unknown as ThreadPage;
  const view = (cursor: string) => ({ sort: 'newest', cursor, limit: 20, inline: false });

  it('counts replies at every depth, drops the least recently used past the bound, and keeps no page above a quarter of it', async () => {
    const cache = createThreadPageCache({ events: quietBus, now: () => 0, maxComments: 100 });
    let loads = 0;
    const load = (page: ThreadPage) => async () => { loads++; return page; };
    await cache.get(1, view('a'), load(pageOf([thread(1, 9), thread(2, 9)]))); // 20 comments
    await cache.get(1, view('b'), load(pageOf([thread(3, 19)]))); // 20
    await cache.get(1, view('a'), load(pageOf([]))); // a hit: a is now the most recent
    expect(loads).toBe(2);
    expect(cache.comments).toBe(40);
    await cache.get(2, view('c'), load(pageOf([thread(4, 25)]))); // 26: over a quarter of 100, not kept
    expect(cache.comments).toBe(40);
    await cache.get(2, view('c'), load(pageOf([]))); // read again (an empty page this time: kept, 0 comments)
    expect(loads).toBe(4);
    for (const c of ['d', 'e', 'f']) await cache.get(3, view(c), load(pageOf([thread(5, 19)]))); // 3 × 20
    expect(cache.comments).toBe(100);
    await cache.get(3, view('g'), load(pageOf([thread(6, 19)]))); // b, the least recently used, goes
    expect(cache.comments).toBe(100);
    expect(cache.size).toBe(6); // a, c, d, e, f, g
    const before = loads;
    await cache.get(1, view('a'), load(pageOf([])));
    expect(loads).toBe(before);
    await cache.get(1, view('b'), load(pageOf([])));
    expect(loads).toBe(before + 1);
  });
});

describe('a vote on the first page of threads sorted by votes', () => {
  // A bus driven by hand: the cache listens with onAny, the test emits the votes.
  function handBus() {
    const listeners: ((e: unknown) => void)[] = [];
    const bus = { onAny: (l: (e: unknown) => void) => { listeners.push(l); } } as unknown as Parameters<typeof createThreadPageCache>[0]['events'];
    const vote = (commentId: number, up: number, down = 0) => { for (const l of listeners) l({ type: 'comment.voted', subject: 'article:1', payload: { commentId, articleId: 1, up, down } }); };
    return { bus, vote };
  }
  type C = { id: number; up: number; down: number; createdAt: string; replies: C[] };
  const c = (id: number, up: number, replies: C[] = []): C => ({ id, up, down: 0, createdAt: '2026-03-01T00:00:00.000Z', replies });
  const votesView = { sort: 'votes', cursor: undefined, limit: 3, inline: false };

  /** A first page of three threads (scores 5, 3, 2), with or without more after it. */
  async function setUp(more: boolean) {
    const { bus, vote } = handBus();
    const cache = createThreadPageCache({ events: bus, now: () => 0 });
    let loads = 0;
    const page = { comments: [c(1, 5, [c(11, 1), c(12, 0)]), c(2, 3), c(3, 2)], nextCursor: more ? 'next' : null, total: 9 } as unknown as ThreadPage;
    const read = () => cache.get(1, votesView, async () => { loads++; return structuredClone(page); });
    await read();
    return { vote, read: async () => { const p = await read(); return { ids: p.comments.map((t) => t.id), page: p, loads } ; } };
  }

  it('puts the threads in order again when a thread on it rises, and moves the cursor to the new last', async () => {
    const s = await setUp(true);
    s.vote(3, 6);
    const r = await s.read();
    expect(r.loads).toBe(1);
    expect(r.ids).toEqual([3, 1, 2]);
    expect(r.page.nextCursor).toBe(encodeCursor({ sort: 'votes', key: 3, id: 2 }));
  });

  it('sorts a thread\'s replies again (the best reply leads), threads unmoved', async () => {
    const s = await setUp(true);
    s.vote(12, 4);
    const r = await s.read();
    expect(r.loads).toBe(1);
    expect(r.ids).toEqual([1, 2, 3]);
    expect(r.page.comments[0]!.replies.map((x) => x.id)).toEqual([12, 11]);
  });

  it('reads the page again when a thread falls to the last place with more threads after it', async () => {
    const s = await setUp(true);
    s.vote(1, 1);
    expect((await s.read()).loads).toBe(2);
  });

  it('keeps the page when a thread falls but stays above the last, or when no thread follows', async () => {
    const s = await setUp(true);
    s.vote(1, 2); // 2 ties with thread 3 (score 2): id 1 ranks first
    const r = await s.read();
    expect(r.loads).toBe(1);
    expect(r.ids).toEqual([2, 1, 3]);
    const all = await setUp(false);
    all.vote(1, 0);
    const r2 = await all.read();
    expect(r2.loads).toBe(1);
    expect(r2.ids).toEqual([2, 3, 1]);
    expect(r2.page.nextCursor).toBeNull();
  });

  it('reads the page again when a comment not on it may now rank on it, and keeps it when it cannot', async () => {
    const low = await setUp(true);
    low.vote(40, 2); // ties with the last (score 2) but a higher id: ranks after it
    expect((await low.read()).loads).toBe(1);
    const high = await setUp(true);
    high.vote(40, 3);
    expect((await high.read()).loads).toBe(2);
  });
});
