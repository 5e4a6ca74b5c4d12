// Every way a comment is written — the JSON API, the plain HTML form, a moderator's decision, an account's
// deletion, an import — goes through the comments' one writer: each is announced by a domain event that
// both instances of the app (two apps on one database) receive exactly once, and the article page the other
// instance had cached is rendered again at once. An article's edit and a campaign's change are announced
// the same way and refresh the other instance's cached pages too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Gazette } from '../src/app.js';
import type { DomainEvent, EventType } from '../src/platform/events/event-bus.js';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from './helpers/test-app.js';
import { FORM, form } from './helpers/http.js';

const WATCHED = [
  'comment.created', 'comment.published', 'comment.edited', 'comment.deleted', 'comment.status-changed', 'comment.voted',
  'article.updated', 'campaign.changed', 'donation.changed',
] as const satisfies readonly EventType[];
type Seen = Map<number, DomainEvent>;

describe.each(dialects())('comment events across two instances on %s', (dialect) => {
  const clock = new FakeClock();
  let a: TestApp;
  let b: Gazette;
  let slug: string;
  let articleId: number;
  const seen = { a: new Map() as Seen, b: new Map() as Seen };
  const counts = { a: new Map<number, number>(), b: new Map<number, number>() };

  const watch = (app: Gazette, name: 'a' | 'b') => {
    for (const type of WATCHED) {
      app.events.on(type, (e) => {
        seen[name].set(e.id, e as DomainEvent);
        counts[name].set(e.id, (counts[name].get(e.id) ?? 0) + 1);
      });
    }
  };

  beforeAll(async () => {
    a = await buildTestApp({ dialect, clock });
    b = await buildApp(a.config, { clock: clock.now, logger: false, startJobs: false });
    watch(a, 'a');
    watch(b, 'b');
    ({ slug, id: articleId } = await createArticle(a, { title: 'Events under test' }));
    // The article's own events reach B asynchronously (NOTIFY on PostgreSQL) and drop B's cached pages
    // of it: take them in now, so they cannot land between the first test's two reads of the page.
    await a.events.catchUp();
    await b.events.catchUp();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await a?.dropDatabase();
  });

  /** The article page as instance B serves it to an anonymous reader. */
  const pageOnB = () => b.app.inject({ url: `/articles/${slug}?sort=oldest&all=1`, headers: { accept: 'text/html' } });

  /**
   * Runs a write on instance A and checks what the issue asks: B had the page cached, and after the write
   * renders it again with the change; the new events reach A and B exactly once each.
   */
  async function writeAndCheck(write: () => Promise<unknown>, expectOnPage: (html: string) => void, types: string[]) {
    expect((await pageOnB()).headers['x-page-cache']).toMatch(/^(hit|miss)$/);
    expect((await pageOnB()).headers['x-page-cache']).toBe('hit');
    const before = Math.max(0, ...seen.a.keys(), ...seen.b.keys());
    await write();
    await b.events.catchUp();
    await a.events.catchUp();
    const fresh = (m: Seen) => [...m.values()].filter((e) => e.id > before);
    expect(fresh(seen.a).map((e) => e.type).sort()).toEqual([...types].sort());
    expect(fresh(seen.b).map((e) => e.id)).toEqual(fresh(seen.a).map((e) => e.id).sort((x, y) => x - y));
    for (const e of fresh(seen.a)) {
      expect(e.subject).toBe(e.type === 'campaign.changed' ? `campaign:${clock.now().toISOString().slice(0, 7)}` : e.type === 'donation.changed' ? `donation:${(e.payload as { donationId: number }).donationId}` : `article:${articleId}`);
      expect([counts.a.get(e.id), counts.b.get(e.id)], `${e.type} #${e.id} delivered once per instance`).toEqual([1, 1]);
    }
    const page = await pageOnB();
    expect(page.headers['x-page-cache']).toBe('miss');
    expectOnPage(page.body);
    expect((await pageOnB()).headers['x-page-cache']).toBe('hit');
  }

  const apiPost = (body: string, extra: Record<string, unknown> = {}) => a.app.inject({
    method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Ann API', authorEmail: 'ann@example.org', body, ...extra },
  });

  it('a comment posted through the JSON API', async () => {
    await writeAndCheck(async () => expect((await apiPost('Posted through the API.')).statusCode).toBe(201),
      (html) => expect(html).toContain('Posted through the API.'), ['comment.created', 'comment.published']);
  });

  it('a comment posted through the plain HTML form', async () => {
    await writeAndCheck(async () => {
      const res = await a.app.inject({
        method: 'POST', url: `/articles/${slug}/comments`, headers: { ...FORM, accept: 'text/html' },
        payload: form({ authorName: 'Fay Form', authorEmail: 'fay@example.org', body: 'Posted through the form.' }),
      });
      expect(res.statusCode).toBe(303);
    }, (html) => expect(html).toContain('Posted through the form.'), ['comment.created', 'comment.published']);
  });

  it('a vote', async () => {
    const id = (await apiPost('Worth a vote.')).json().comment.id as number;
    await b.events.catchUp();
    await writeAndCheck(async () => {
      expect((await a.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/vote`, payload: { value: 1 } })).statusCode).toBe(200);
    }, (html) => expect(html).toMatch(new RegExp(`id="comment-${id}"[\\s\\S]*?class="count">1</span>`)), ['comment.voted']);
  });

  it('a moderator\'s decision', async () => {
    const id = (await apiPost('Soon to be marked spam by a moderator.')).json().comment.id as number;
    await b.events.catchUp();
    await writeAndCheck(async () => {
      const res = await a.app.inject({ method: 'POST', url: '/api/v1/admin/moderation/decide', headers: admin, payload: { ids: [id], action: 'spam' } });
      expect(res.json()).toEqual({ changed: 1 });
    }, (html) => expect(html).not.toContain('Soon to be marked spam'), ['comment.status-changed']);
    // The decision is in the audit log, written in the same transaction.
    expect((await a.services.moderation.log()).find((e) => e.comment_id === id)).toMatchObject({ action: 'spam', detail: 'published → spam' });
  });

  it('an account\'s deletion (its comments removed)', async () => {
    const user = await a.services.accounts.createUser({ email: 'leaving@example.org', password: 'correct horse battery', displayName: 'Lea Leaving', role: 'reader' });
    const s = await a.services.accounts.createSession(user.id);
    const res = await a.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers: { cookie: `gz_session=${s.token}`, 'x-csrf-token': s.csrf }, payload: { body: 'Written by someone about to leave.' } });
    expect(res.statusCode).toBe(201);
    await b.events.catchUp();
    await writeAndCheck(() => a.services.accounts.deleteAccount(user.id, 'remove'),
      (html) => expect(html).not.toContain('someone about to leave'), ['comment.deleted']);
  });

  it('an import', async () => {
    await writeAndCheck(() => a.services.comments.importComment({
      articleId, parentId: null, authorName: 'Imogen Import', authorEmail: 'imogen@example.org', body: 'Brought in from the old site.',
      status: 'published', up: 2, down: 0, createdAt: clock.now().toISOString(), editedAt: null, editedBy: null,
    }), (html) => expect(html).toContain('Brought in from the old site.'), ['comment.created', 'comment.published']);
  });

  it('an edit of the article itself', async () => {
    await writeAndCheck(async () => {
      const res = await a.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${articleId}`, headers: admin, payload: { title: 'Events under test, revised' } });
      expect(res.statusCode).toBe(200);
    }, (html) => expect(html).toContain('Events under test, revised'), ['article.updated']);
  });

  it('a change to the month\'s campaign', async () => {
    await writeAndCheck(async () => {
      const res = await a.app.inject({ method: 'POST', url: '/api/v1/admin/campaigns', headers: admin, payload: { month: clock.now().toISOString().slice(0, 7), goalMinor: 500_000, currency: 'USD' } });
      expect(res.statusCode).toBe(201);
    }, (html) => expect(html).toContain('$5,000'), ['campaign.changed']);
  });

  it('a donation, which changes the campaign\'s amount raised', async () => {
    await writeAndCheck(async () => {
      const res = await a.app.inject({ method: 'POST', url: '/api/v1/admin/donations', headers: admin, payload: { method: 'bank_transfer', amount: 123_400, currency: 'USD' } });
      expect(res.statusCode).toBe(201);
    }, (html) => expect(html).toContain('$1,234 raised'), ['donation.changed', 'campaign.changed']);
  });
});
