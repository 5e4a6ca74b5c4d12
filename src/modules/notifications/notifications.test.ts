// "Notify of" end to end, on every dialect, with a real SMTP server: the double opt-in of guests, mails only
// about published comments and never to their author, replies and mentions, batching per subscriber and
// article, the daily digest, RFC 8058 one-click unsubscribe with exactly its headers, and the API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { parseMail, startSink, type Sink } from '../../../test/helpers/smtp-sink.js';
import { FORM, form } from '../../../test/helpers/http.js';

const MINUTE = 60_000;

describe.each(dialects())('notifications on %s', (dialect) => {
  let t: TestApp;
  let sink: Sink;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let ip = 0;
  beforeAll(async () => {
    sink = await startSink();
    t = await buildTestApp({ dialect, clock, env: { SMTP_URL: sink.url, LIST_UNSUBSCRIBE_MAILTO: 'unsubscribe@example.org' } });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); await sink?.stop(); });
  beforeEach(async () => { await setBatch(0); });

  const setBatch = (batchMinutes: number) => t.services.settings.update({ notifications: { ...t.services.settings.get().notifications, batchMinutes } });
  const run = async () => { await t.jobs.runDue(); await t.jobs.runDue(); };
  const mailsTo = (to: string) => sink.messages.filter((m) => m.to.includes(to)).map((m) => parseMail(m.raw));
  const article = async (title: string) => createArticle(t, { title, bodyMarkdown: `About ${title}.` });
  /** Notification jobs queued so far (one per published comment on a followed article). */
  const fanOuts = async () => Number((await t.db.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'event:notifications.fan-out').executeTakeFirstOrThrow()).n);

  const guestPost = async (slug: string, who: string, body: string, extra: Record<string, unknown> = {}) => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: `203.0.113.${++ip % 250}`,
      payload: { authorName: who, authorEmail: `${who.toLowerCase()}@example.org`, body, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().comment as { id: number; status: string };
  };
  let users = 0;
  const reader = async (name: string) => {
    const user = await t.services.accounts.createUser({ email: `${name.toLowerCase()}.${++users}@example.org`, password: 'correct horse battery', displayName: name, role: 'reader' });
    const s = await t.services.accounts.createSession(user.id);
    return { email: user.email, cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };
  type Reader = Awaited<ReturnType<typeof reader>>;
  const asReader = (r: Reader, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: r.cookie, 'x-csrf-token': r.csrf }, ...(payload && { payload }) });
  const follow = async (r: Reader, slug: string, scope: 'all' | 'replies' = 'all') => {
    const res = await asReader(r, 'POST', `/api/v1/articles/${slug}/subscriptions`, { scope });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().subscription).toEqual({ scope, confirmed: true });
  };
  const linkIn = (text: string, path: string) => {
    const m = new RegExp(`${t.config.baseUrl}(${path}/[\\w.-]+)`).exec(text);
    if (!m) throw new Error(`no ${path} link in: ${text}`);
    return m[1]!;
  };

  it('asks a guest to confirm once, sends nothing before, and mails the comments of others after', async () => {
    const { slug } = await article('Harbour plans');
    await guestPost(slug, 'Gina', 'Following this one.', { notify: 'all' });
    await run();
    const confirmations = mailsTo('gina@example.org');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.headers.subject).toContain('Confirm');
    expect(confirmations[0]!.headers['list-unsubscribe']).toBeUndefined();
    const confirmLink = linkIn(confirmations[0]!.text, '/notifications/confirm');

    await guestPost(slug, 'Gina', 'And once more.', { notify: 'all' }); // a second request: no second mail
    await guestPost(slug, 'Hugo', 'Before Gina confirms.');
    await run();
    expect(mailsTo('gina@example.org')).toHaveLength(1);

    const page = await t.app.inject({ url: confirmLink, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm your subscription'); // a GET (a mail scanner) confirms nothing
    await guestPost(slug, 'Hugo', 'Still before.');
    await run();
    expect(mailsTo('gina@example.org')).toHaveLength(1);

    const done = await t.app.inject({ method: 'POST', url: confirmLink, headers: { ...FORM, accept: 'text/html' }, payload: '' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You are subscribed');

    await guestPost(slug, 'Hugo', 'Prices <b>rose</b> & "fell".');
    await run();
    const [, mail] = mailsTo('gina@example.org');
    expect(mail!.headers.subject).toBe('New comment on “Harbour plans”');
    const unsubscribe = linkIn(mail!.text, '/notifications/unsubscribe');
    expect(mail!.headers['list-unsubscribe']).toBe(`<${t.config.baseUrl}${unsubscribe}>, <mailto:unsubscribe@example.org?subject=unsubscribe>`);
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail!.text).toContain('Hugo wrote:\n  Prices <b>rose</b> & "fell".');
    expect(mail!.html).toContain('Prices &lt;b>rose&lt;/b> &amp; &quot;fell&quot;.');
    expect(mail!.html).not.toContain('<b>rose</b>');
    expect(mail!.text).toContain('/notifications/manage/');
    expect(mail!.text).not.toContain('hugo@example.org');

    await guestPost(slug, 'Gina', 'My own comment is not news to me.');
    await run();
    expect(mailsTo('gina@example.org')).toHaveLength(2);
  });

  it('mails a comment only once readers can see it: a held one when it is approved, spam never', async () => {
    const { slug } = await article('Held back');
    const sam = await reader('Sam');
    await follow(sam, slug);
    const { moderation } = t.services.settings.get();
    await t.services.settings.update({ moderation: { ...moderation, policy: 'all' } });
    try {
      const held = await guestPost(slug, 'Ivo', 'Waiting for a moderator.');
      const spam = await guestPost(slug, 'Ivo', 'Also waiting.');
      expect(held.status).toBe('pending');
      await run();
      expect(mailsTo(sam.email)).toHaveLength(0);
      await t.services.comments.changeStatus([spam.id], 'spam', { kind: 'moderator', name: 'Mo' }, 'spam');
      await t.services.comments.changeStatus([held.id], 'published', { kind: 'moderator', name: 'Mo' }, 'approve');
      await run();
      const mails = mailsTo(sam.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain('Waiting for a moderator.');
      expect(mails[0]!.text).not.toContain('Also waiting.');
    } finally {
      await t.services.settings.update({ moderation });
    }
  });

  it('queues no job for a comment on an article nobody follows, and one when someone does', async () => {
    const { slug } = await article('Quiet corner');
    const before = await fanOuts();
    await guestPost(slug, 'Lea', 'Nobody follows this yet.');
    await guestPost(slug, 'Mia', 'Nor this.', { notify: 'all' }); // a guest's subscription waits for its confirmation
    expect(await fanOuts()).toBe(before);
    const una = await reader('Una');
    await follow(una, slug);
    await guestPost(slug, 'Lea', 'Now someone follows.');
    expect(await fanOuts()).toBe(before + 1);
    await run();
    const mails = mailsTo(una.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Now someone follows.');
    expect(mails[0]!.text).not.toContain('Nobody follows this yet.');
  });

  it('keeps whether an article is followed until its following changes (an event), or 30 s for a change by hand', async () => {
    const followingEvents = () => t.db.db.selectFrom('domain_events').select(['type', 'subject', 'payload'])
      .where('type', '=', 'notifications.following-changed').orderBy('id').execute();
    const eventsBefore = (await followingEvents()).length;
    const a = await article('Kept followers');
    const b = await article('Followed by hand');
    await guestPost(a.slug, 'Lea', 'Nobody yet.');
    await guestPost(b.slug, 'Lea', 'Nobody here either.');
    let jobs = await fanOuts();

    // Through the service: the event drops what was kept, the next comment queues its job.
    const una = await reader('Una');
    await follow(una, a.slug);
    await guestPost(a.slug, 'Lea', 'Una follows now.');
    expect(await fanOuts()).toBe(++jobs);

    // By hand in the database: no event, so the kept "nobody follows" holds until it is 30 s old.
    const subscriber = await t.db.db.selectFrom('notification_subscribers').select('id').where('email', '=', una.email).executeTakeFirstOrThrow();
    await t.db.db.insertInto('notification_subscriptions').values({
      subscriber_id: subscriber.id, article_id: b.id, scope: 'all', confirmed_at: clock.now().toISOString(),
      confirm_mailed_at: null, last_mailed_at: null, flush_due_at: null, created_at: clock.now().toISOString(),
    }).execute();
    await guestPost(b.slug, 'Lea', 'Still kept as unfollowed.');
    expect(await fanOuts()).toBe(jobs);
    clock.advance(31_000);
    await guestPost(b.slug, 'Lea', 'Read again.');
    expect(await fanOuts()).toBe(++jobs);

    // Unfollowing is an event too: no job once nobody follows.
    const off = await asReader(una, 'DELETE', `/api/v1/articles/${a.slug}/subscriptions`);
    expect(off.statusCode, off.body).toBeLessThan(300);
    await guestPost(a.slug, 'Lea', 'Una left.');
    expect(await fanOuts()).toBe(jobs);

    // A guest's subscription announces itself when made and when confirmed; no event names an address.
    await guestPost(a.slug, 'Gus', 'Following.', { notify: 'all' });
    await run();
    const confirm = linkIn(mailsTo('gus@example.org')[0]!.text, '/notifications/confirm');
    expect((await t.app.inject({ method: 'POST', url: confirm, headers: { ...FORM, accept: 'text/html' }, payload: '' })).statusCode).toBe(200);
    await guestPost(a.slug, 'Lea', 'Gus follows now.');
    expect(await fanOuts()).toBe(++jobs);
    const announced = (await followingEvents()).slice(eventsBefore);
    expect(announced.map((e) => [e.subject, (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).change])).toEqual([
      [`following:article:${a.id}`, 'followed'], [`following:article:${a.id}`, 'unfollowed'],
      [`following:article:${a.id}`, 'followed'], [`following:article:${a.id}`, 'confirmed'],
    ]);
    expect(JSON.stringify(announced)).not.toContain('@');
  });

  it('tells a guest who chose "replies" of replies and mentions only', async () => {
    const { slug } = await article('Replies only');
    const own = await guestPost(slug, 'Rita', 'Tell me if anyone answers.', { notify: 'replies' });
    await run();
    const [confirmation] = mailsTo('rita@example.org');
    expect(confirmation!.text).toContain('replies to your comments');
    await t.app.inject({ method: 'POST', url: linkIn(confirmation!.text, '/notifications/confirm'), headers: FORM, payload: '' });

    await guestPost(slug, 'Otto', 'Unrelated top-level comment.');
    await run();
    expect(mailsTo('rita@example.org')).toHaveLength(1);

    await guestPost(slug, 'Otto', 'I answer you.', { parentId: own.id });
    await run();
    expect(mailsTo('rita@example.org')).toHaveLength(2);
    expect(mailsTo('rita@example.org')[1]!.headers.subject).toBe('Otto replied to you on “Replies only”');

    await guestPost(slug, 'Pia', '@Rita you are right.');
    await run();
    const mention = mailsTo('rita@example.org')[2]!;
    expect(mention.headers.subject).toBe('Pia mentioned you on “Replies only”');
    expect(mention.text).toContain('you are right');
  });

  it('batches comments into one mail per subscriber and article every N minutes', async () => {
    await setBatch(15);
    const { slug } = await article('Busy thread');
    const bea = await reader('Bea');
    await follow(bea, slug);
    await guestPost(slug, 'Carl', 'First!');
    await run();
    expect(mailsTo(bea.email)).toHaveLength(1);
    await guestPost(slug, 'Dora', 'Second comment.');
    clock.advance(5 * MINUTE);
    await guestPost(slug, 'Emil', 'Third comment.');
    await run();
    expect(mailsTo(bea.email)).toHaveLength(1);
    clock.advance(9 * MINUTE);
    await run();
    expect(mailsTo(bea.email)).toHaveLength(1);
    clock.advance(1 * MINUTE);
    await run();
    const mails = mailsTo(bea.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.headers.subject).toBe('2 new comments on “Busy thread”');
    expect(mails[1]!.text).toContain('Second comment.');
    expect(mails[1]!.text).toContain('Third comment.');
    expect(mails[1]!.text).not.toContain('First!');
  });

  it('gathers a daily digest across articles for a subscriber who chose it', async () => {
    const a = await article('Digest one');
    const b = await article('Digest two');
    const dan = await reader('Dan');
    await follow(dan, a.slug);
    await follow(dan, b.slug);
    const manage = await asReader(dan, 'GET', '/account/notifications');
    expect(manage.statusCode).toBe(303);
    const managePath = String(manage.headers.location);
    const page = await t.app.inject({ url: managePath, headers: { accept: 'text/html' } });
    expect(page.body).toContain('Digest one');
    expect(page.body).toContain('Digest two');
    const saved = await t.app.inject({ method: 'POST', url: `${managePath}/mode`, headers: FORM, payload: form({ mode: 'daily' }) });
    expect(saved.statusCode).toBe(303);

    await guestPost(a.slug, 'Fay', 'On the first article.');
    await guestPost(b.slug, 'Gus', 'On the second article.');
    await run();
    expect(mailsTo(dan.email)).toHaveLength(0);
    const now = clock.now();
    const digestAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + (now.getUTCHours() >= 7 ? 1 : 0), 7);
    clock.advance(digestAt - now.getTime() - MINUTE);
    await run();
    expect(mailsTo(dan.email)).toHaveLength(0);
    clock.advance(MINUTE);
    await run();
    const [digest] = mailsTo(dan.email);
    expect(digest!.headers.subject).toBe('The Test Gazette: 2 new comments on 2 articles you follow');
    expect(digest!.text).toContain('On the first article.');
    expect(digest!.text).toContain('On the second article.');
    expect(digest!.headers['list-unsubscribe']).toContain(`${managePath}/unsubscribe>`);
  });

  it('unsubscribes in one click by POST without signing in (form-encoded or multipart), and refuses links not ours', async () => {
    const { slug } = await article('One click');
    const eve = await reader('Eve');
    const fin = await reader('Fin');
    await follow(eve, slug);
    await follow(fin, slug);
    await guestPost(slug, 'Hal', 'Something to unsubscribe from.');
    await run();
    const urlOf = (r: Reader) => /^<([^>]+)>/.exec(mailsTo(r.email)[0]!.headers['list-unsubscribe']!)![1]!.replace(t.config.baseUrl, '');

    const eveUrl = urlOf(eve);
    const page = await t.app.inject({ url: eveUrl, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop e-mail about new comments');
    const viaForm = await t.app.inject({ method: 'POST', url: eveUrl, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(viaForm.statusCode).toBe(200);
    const boundary = 'gazette-test-boundary';
    const viaMultipart = await t.app.inject({
      method: 'POST', url: urlOf(fin), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(viaMultipart.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: eveUrl, headers: FORM, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200);

    await guestPost(slug, 'Hal', 'Nobody hears this.');
    await run();
    expect(mailsTo(eve.email)).toHaveLength(1);
    expect(mailsTo(fin.email)).toHaveLength(1);
    expect((await asReader(eve, 'GET', '/api/v1/subscriptions')).json().subscriptions).toEqual([]);

    const forged = await t.app.inject({ method: 'POST', url: eveUrl.replace(/\.[\w-]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(forged.statusCode).toBe(404);
    expect(forged.json().error.code).toBe('LINK_NOT_VALID');
  });

  it('mails a deleted account nothing more', async () => {
    const { slug } = await article('Gone reader');
    const user = await t.services.accounts.createUser({ email: 'leaving@example.org', password: 'correct horse battery', displayName: 'Lea', role: 'reader' });
    await t.services.notifications.follow({ email: user.email, userId: user.id, verified: true }, await t.services.articles.getPublic(slug), 'all');
    const session = await t.services.accounts.createSession(user.id);
    const exported = await t.app.inject({ url: '/account/export', headers: { cookie: `gz_session=${session.token}` } });
    expect(JSON.parse(exported.body).subscriptions).toEqual([{ article: 'Gone reader', url: `${t.config.baseUrl}/articles/${slug}`, scope: 'all', confirmed: true, mode: 'immediate' }]);
    await t.services.accounts.deleteAccount(user.id, 'keep');
    await guestPost(slug, 'Max', 'Anyone still here?');
    await run();
    expect(mailsTo('leaving@example.org')).toHaveLength(0);
    expect(await t.services.notifications.followingOf('leaving@example.org', (await t.services.articles.getPublic(slug)).id)).toBeUndefined();
  });

  it('lets a signed-in reader follow by the API and by the article page, and refuses guests', async () => {
    const { slug } = await article('Followed');
    const guest = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/subscriptions`, payload: { scope: 'all' } });
    expect(guest.statusCode).toBe(401);
    expect(guest.json().error.code).toBe('SIGN_IN_REQUIRED');
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'X', authorEmail: 'x@example.org', body: 'Hi', notify: 'sometimes' } });
    expect(bad.statusCode).toBe(400);

    const gil = await reader('Gil');
    await follow(gil, slug, 'replies');
    await follow(gil, slug, 'all');
    const list = (await asReader(gil, 'GET', '/api/v1/subscriptions')).json().subscriptions;
    expect(list).toEqual([{ articleId: expect.any(Number), title: 'Followed', url: `${t.config.baseUrl}/articles/${slug}`, scope: 'all', confirmed: true }]);
    expect((await asReader(gil, 'DELETE', `/api/v1/articles/${slug}/subscriptions`)).json()).toEqual({ unsubscribed: true });
    expect((await asReader(gil, 'DELETE', `/api/v1/articles/${slug}/subscriptions`)).json()).toEqual({ unsubscribed: false });

    const pageOf = () => t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html', cookie: gil.cookie } });
    expect((await pageOf()).body).toContain('Follow this discussion by e-mail');
    const followed = await t.app.inject({
      method: 'POST', url: `/articles/${slug}/subscription`, headers: { ...FORM, cookie: gil.cookie }, payload: form({ _csrf: gil.csrf, scope: 'all' }),
    });
    expect(followed.statusCode).toBe(303);
    expect((await pageOf()).body).toContain('Stop following');
    expect((await t.app.inject({ url: `/articles/${slug}` })).body).not.toContain('Follow this discussion');
  });
});
