// Two instances of the app on one PostgreSQL database (two buildApp()s, each with its own event bus, origin and
// rate-limit store, as two machines would have): what one instance is told, the other acts on. Rate limits are
// counted once for both (the database's rate_limits table; Redis with REDIS_URL, when Redis runs here); a ban
// and a blocked address made on A refuse comments on B once B has the event (B keeps the rules in memory
// until then: moderation/kept-rules.ts); a settings save on A (the site's name, a menu) is on
// B's pages as soon as B has the event, without waiting for its periodic refresh; a comment posted on A
// replaces the page B had cached, and an article published on A the home page B kept; an article followed on A
// is known as followed on B once B has the event (a comment on B then queues its notification).
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp, type Gazette } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildTestApp, callerFor, createArticle, dialects, type TestApp } from './helpers/test-app.js';

// Found by test/global-setup.ts (null when Redis does not answer: those suites are skipped; under CI=true the run fails).
const REDIS_URL = inject('redisUrl') ?? '';
const redisRunning = REDIS_URL !== '';
const stores = ['database', ...(redisRunning ? ['redis'] : [])] as const;

describe.runIf(dialects().includes('postgres')).each(stores)('two instances on one PostgreSQL database, rate limits in %s', (store) => {
  let a: TestApp;
  let b: Gazette;
  let slug: string;
  const env: Record<string, string> = store === 'redis' ? { REDIS_URL } : {};

  beforeAll(async () => {
    a = await buildTestApp({ dialect: 'postgres', env });
    b = await buildApp(loadConfig({ ...envOf(a), ...env }), { logger: false, startJobs: false });
    ({ slug } = await createArticle(a, { title: 'Two instances agree' }));
    await b.events.catchUp();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await a?.dropDatabase();
  });

  /** Both instances have every event committed so far (NOTIFY would bring them within milliseconds). */
  const settle = async () => { await a.events.catchUp(); await b.events.catchUp(); };
  const comment = (g: Gazette, body: string, who: { email: string; ip: string }) => g.app.inject({
    method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: who.ip,
    payload: { authorName: 'Reader', authorEmail: who.email, body },
  });

  it(`counts rate limits once for both (${store})`, async () => {
    expect([a.rateLimits.kind, b.rateLimits.kind]).toEqual([store, store]);
    const posted = await comment(a, 'Vote on me from both instances.', { email: 'votes@example.org', ip: '198.51.100.30' });
    expect(posted.statusCode, posted.body).toBe(201);
    const vote = (g: Gazette) => g.app.inject({ method: 'POST', url: `/api/v1/comments/${posted.json().comment.id}/vote`, payload: { value: 1 }, remoteAddress: '203.0.113.44' });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await vote(i % 2 ? b : a)).statusCode);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const [onA, onB] = [await vote(a), await vote(b)];
    expect([onA.statusCode, onB.statusCode]).toEqual([429, 429]);
    expect(onB.json().error.code).toBe('RATE_LIMITED');
  });

  it('refuses on B a comment from an author banned on A, and marks spam an address blocked on A, once B has the event', async () => {
    const first = await comment(b, 'A first word before the ban.', { email: 'banned@example.org', ip: '198.51.100.31' });
    expect(first.statusCode).toBe(201);
    await a.services.moderation.ban({ commentId: first.json().comment.id, kind: 'email', days: 7, reason: 'Abuse' }, callerFor('Mia Moderator'));
    await settle();
    const refused = await comment(b, 'Trying again after the ban.', { email: 'banned@example.org', ip: '198.51.100.32' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('BANNED');

    await a.services.moderation.addBlock('email', 'blocked@example.org', callerFor('Mia Moderator'));
    await settle();
    const blocked = await comment(b, 'Something from a blocked address.', { email: 'blocked@example.org', ip: '198.51.100.33' });
    expect(blocked.statusCode).toBe(201);
    const row = await b.db.db.selectFrom('comments').select('status').where('id', '=', blocked.json().comment.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('spam');
  });

  it('queues on B the notification of a comment on an article followed on A once B has the event', async () => {
    const fanOuts = async () => Number((await a.db.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'event:notifications.fan-out').executeTakeFirstOrThrow()).n);
    const before = await fanOuts();
    const quiet = await comment(b, 'Nobody follows this yet.', { email: 'early@example.org', ip: '198.51.100.34' });
    expect(quiet.statusCode, quiet.body).toBe(201);
    expect(await fanOuts()).toBe(before); // B now keeps "nobody follows"
    const user = await a.services.accounts.createUser({ email: 'follows@example.org', password: 'correct horse battery', displayName: 'Fay', role: 'reader' });
    await a.services.notifications.follow({ email: user.email, userId: user.id, verified: true }, await a.services.articles.getPublic(slug), 'all');
    await settle();
    const followed = await comment(b, 'Now someone follows.', { email: 'later@example.org', ip: '198.51.100.35' });
    expect(followed.statusCode, followed.body).toBe(201);
    expect(await fanOuts()).toBe(before + 1);
  });

  it("shows on B's pages the settings saved on A once the event arrives: the site's name and a menu", async () => {
    const page = () => b.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html' } });
    expect((await page()).body).not.toContain('Renamed on A');
    const menus = { ...a.services.settings.get().menus, header: [{ label: 'Elections desk', url: '/tags/elections' }] };
    await a.services.settings.update({ siteName: 'Renamed on A', menus });
    await settle();
    expect(b.services.settings.get().siteName).toBe('Renamed on A');
    const html = (await page()).body;
    expect(html).toContain('Renamed on A');
    expect(html).toContain('Elections desk');
    expect(b.services.settings.fingerprint()).toBe(a.services.settings.fingerprint());
  });

  it('renders again on B the page it had cached when a comment is posted on A', async () => {
    const page = () => b.app.inject({ url: `/articles/${slug}?all=1`, headers: { accept: 'text/html' } });
    await page();
    expect((await page()).headers['x-page-cache']).toBe('hit');
    const posted = await comment(a, 'Seen on the other instance at once.', { email: 'fresh@example.org', ip: '198.51.100.34' });
    expect(posted.statusCode).toBe(201);
    await settle();
    const after = await page();
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Seen on the other instance at once.');
  });

  it('renders again on B the home page it kept when an article is published on A', async () => {
    const home = () => b.app.inject({ url: '/', headers: { accept: 'text/html' } });
    await home();
    expect((await home()).headers['x-page-cache']).toBe('hit');
    await createArticle(a, { title: 'Published on the other instance', publishedAt: '2026-03-02T08:00:00Z' });
    await settle();
    const after = await home();
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Published on the other instance');
  });
});

/** The environment that gave A its configuration, to build B on the same database. */
function envOf(t: TestApp): Record<string, string> {
  return {
    DATABASE_URL: t.databaseUrl, MEDIA_DIR: t.config.mediaDir, GAZETTE_ADMIN_TOKEN: t.config.adminToken!,
    SITE_NAME: t.config.siteName, LOG_LEVEL: 'silent', DEMO_CONTENT: 'false',
  };
}
