// Moderation end to end, on every dialect this machine has: the real pipeline behind the public comment API
// and the no-JavaScript form, readers' reports, the moderators' pages and JSON API, bans, the block list, the
// audit log, and the spam filter learning from decisions (stored in the database, shared by instances).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { buildTestApp, callerFor, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { defaultModerationSettings, type ModerationSettings } from '../settings/settings.service.js';
import type { Role } from '../accounts/permissions.js';
import type { ModerationRecord } from './pipeline.js';
import { STAGES } from './stages/index.js';
import { SpamClassifier } from './spam/classifier.js';
import { loadShippedModel } from './spam/shipped-model.js';
import { FORM } from '../../../test/helpers/http.js';

const DAY = 24 * 3600_000;
const SPAM = 'Earn $90 ev-ery hour wor-king from ho-me ♥♥v♥i♥s♥i♥t♥ https://bit.ly/x';

type Fields = Record<string, string | number | (string | number)[]>;
const encode = (fields: Fields) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
};

interface Person { id: number; name: string; cookie: string; csrf: string }

describe.each(dialects())('moderation on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock(); // 2026-03-14T12:00Z
  let slug: string;
  let otherSlug: string;
  let mia: Person; // moderator
  let ada: Person; // admin
  let arthur: Person; // author: no moderation rights

  // Every test posts from its own addresses and names, so rate limits and author history stay apart.
  let ips = 0;
  const nextIp = () => { ips++; return `198.51.${Math.floor(ips / 250)}.${(ips % 250) + 1}`; };
  let guests = 0;
  const guest = () => { guests++; return { authorName: `Reader ${guests}`, authorEmail: `reader${guests}@example.org` }; };

  const signIn = async (role: Role, name: string): Promise<Person> => {
    const user = await t.services.accounts.createUser({ email: `${role}.${name.split(' ')[0]!.toLowerCase()}@example.org`, password: 'correct horse battery', displayName: name, role });
    const s = await t.services.accounts.createSession(user.id);
    return { id: user.id, name, cookie: `gz_session=${s.token}`, csrf: s.csrf };
  };

  /** A comment through the JSON API, from an IP address. */
  const post = (payload: Record<string, unknown>, opts: { ip: string; slug?: string; cookie?: string }) =>
    t.app.inject({
      method: 'POST', url: `/api/v1/articles/${opts.slug ?? slug}/comments`, payload, remoteAddress: opts.ip,
      headers: opts.cookie ? { cookie: opts.cookie } : {},
    });
  /** A comment through the HTML form (JavaScript off), with its honeypot and render time. */
  const formPost = (fields: Fields, opts: { ip: string; slug?: string }) =>
    t.app.inject({ method: 'POST', url: `/articles/${opts.slug ?? slug}/comments`, headers: { ...FORM, accept: 'text/html' }, payload: encode(fields), remoteAddress: opts.ip });
  const idFromRedirect = (res: { statusCode: number; headers: Record<string, unknown> }) => {
    expect(res.statusCode).toBe(303);
    return Number(/#comment-(\d+)$/.exec(String(res.headers.location))?.[1]);
  };
  const published = async (body: string, opts: { ip?: string; slug?: string; who?: { authorName: string; authorEmail: string } } = {}) => {
    const res = await post({ ...(opts.who ?? guest()), body }, { ip: opts.ip ?? nextIp(), slug: opts.slug });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().comment.status).toBe('published');
    return res.json().comment.id as number;
  };

  const row = (id: number) => t.db.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const reportsOf = async (id: number) => (await t.db.db.selectFrom('comment_reports').select('id').where('comment_id', '=', id).execute()).length;
  const recordOf = async (id: number) => JSON.parse((await row(id)).moderation!) as ModerationRecord;

  const get = (url: string, who?: Person) => t.app.inject({ url, headers: { accept: 'text/html', ...(who && { cookie: who.cookie }) } });
  const submit = (url: string, who: Person, fields: Fields = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: who.cookie }, payload: encode({ _csrf: who.csrf, ...fields }) });
  const follow = async (res: { statusCode: number; headers: Record<string, unknown>; body: string }, who: Person) => {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    return get(String(res.headers.location), who);
  };
  const apiAs = (who: Person, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, ...(payload !== undefined && { payload: payload as object }) });
  const decide = (who: Person, ids: number[], action: string, queue = 'pending') => submit('/admin/moderation/decide', who, { ids, action, queue });

  /** The site's default moderation settings: the learner's shipped threshold, as the app passes it in. */
  const defaults = () => defaultModerationSettings({ spamThreshold: t.services.learner.defaultThreshold });
  const setModeration = (patch: Partial<ModerationSettings>) => t.services.settings.update({ moderation: { ...defaults(), ...patch } });
  const score = (text: string) => t.services.learner.classifier().score(text).spamProbability;
  /** Log-odds of spam: moves by whole units when the filter learns a near-identical text, whatever the shipped model. */
  const logit = (text: string, app: { services: TestApp['services'] } = t) => app.services.learner.classifier().score(text).logit;
  const publicList = async (s: string, cookie?: string) => {
    const res = await t.app.inject({ url: `/api/v1/articles/${s}/comments?limit=100`, headers: cookie ? { cookie } : {} });
    expect(res.statusCode).toBe(200);
    return res.json().comments as { id: number; status: string; bodyHtml: string; editedBy: string | null; replies: unknown[] }[];
  };

  /** The filter as it must be: the shipped model plus the latest label of every stored example. */
  const replayed = async () => {
    const rows = await t.db.db.selectFrom('spam_examples').selectAll().orderBy('id').execute();
    const latest = new Map<number, (typeof rows)[number]>();
    const loose: typeof rows = [];
    for (const r of rows) if (r.comment_id === null) loose.push(r); else latest.set(r.comment_id, r);
    const c = SpamClassifier.onTopOf(loadShippedModel().classifier);
    for (const r of [...loose, ...latest.values()].sort((a, b) => a.id - b.id)) c.train(r.text, r.label);
    return { classifier: c, examples: loose.length + latest.size };
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock, moderation: 'site-defaults' });
    slug = (await createArticle(t, { title: 'Moderation under test' })).slug;
    otherSlug = (await createArticle(t, { title: 'Another article' })).slug;
    mia = await signIn('moderator', 'Mia Moderator');
    ada = await signIn('admin', 'Ada Admin');
    arthur = await signIn('author', 'Arthur Author');
  });
  afterEach(async () => { await setModeration({}); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('the pipeline behind the comment API and form', () => {
    it("starts with the shipped model's threshold (the learner's) as the spam and hold threshold", () => {
      const m = t.services.settings.get().moderation;
      expect(m.spamThreshold).toBe(t.services.learner.defaultThreshold);
      expect(m.holdThreshold).toBe(t.services.learner.defaultThreshold);
      expect(m).toEqual(defaults());
    });

    it('does not publish obfuscated spam with a link: pending for the poster, stored with its reasons', async () => {
      const res = await post({ ...guest(), body: SPAM }, { ip: nextIp() });
      expect(res.statusCode, res.body).toBe(201);
      const { comment } = res.json();
      expect(comment.status).toBe('pending');
      const stored = await row(comment.id);
      expect(['spam', 'pending']).toContain(stored.status);
      const record = await recordOf(comment.id);
      expect(record.verdict).toBe(stored.status);
      expect(STAGES.map((s) => s.name)).toContain(record.decidedBy);
      expect(record.reasons.at(-1)?.stage).toBe(record.decidedBy);
      expect(record.reasons.find((r) => r.stage === 'classifier')?.reason).toMatch(/^spam probability [01]\.\d{3}; strongest signs: /);
      expect(stored.spam_score).toBeGreaterThan(0.5);
      expect(record.spamScore).toBe(stored.spam_score);
      expect((await publicList(slug)).map((c) => c.id)).not.toContain(comment.id);
    });

    it('publishes an ordinary comment, noting its spam score', async () => {
      const id = await published('I think the council should publish the budget before the vote next week.');
      const record = await recordOf(id);
      expect(record).toMatchObject({ verdict: 'published', decidedBy: 'default' });
      expect(record.reasons.map((r) => r.stage)).toEqual(['classifier', 'default']);
      expect((await row(id)).spam_score).toBeLessThan(0.5);
    });

    it('marks a filled-in honeypot of the HTML form as spam', async () => {
      const res = await formPost({ ...guest(), body: 'Hello, nice article about the harbour.', website: 'x' }, { ip: nextIp() });
      const id = idFromRedirect(res);
      expect((await row(id)).status).toBe('spam');
      expect(await recordOf(id)).toMatchObject({ verdict: 'spam', decidedBy: 'form-traps' });
    });

    it('holds a form sent the moment it was shown for a moderator (not spam), telling its poster why; one filled in for a while is published', async () => {
      const res = await formPost({ ...guest(), body: 'Quick as lightning, this one.', website: '', renderedAt: clock.now().getTime() }, { ip: nextIp() });
      const fast = idFromRedirect(res);
      expect((await row(fast)).status).toBe('pending');
      expect(await recordOf(fast)).toMatchObject({ verdict: 'pending', decidedBy: 'form-traps' });
      expect((await recordOf(fast)).reasons.at(-1)).toEqual({ stage: 'form-traps', reason: 'the form was sent 0.0 s after it was shown (minimum 3 s)' });
      // The poster reads why (a fixed sentence, not the moderators' reason); nobody else sees the comment.
      const why = 'Held for a moderator: it was sent within seconds of opening the form, as spam robots do.';
      const posterPage = await t.app.inject({ url: String(res.headers.location).replace(/#.*$/, ''), headers: { accept: 'text/html', cookie: readerCookie(res) } });
      expect(posterPage.body).toMatch(new RegExp(`id="comment-${fast}"[\\s\\S]*?<p class="awaiting-moderation">${why}`));
      expect(posterPage.body).not.toContain('0.0 s after');
      expect((await publicList(slug, readerCookie(res))).find((c) => c.id === fast)).toMatchObject({ status: 'pending', heldNotice: why });
      expect(JSON.stringify(await publicList(slug))).not.toContain('Held for a moderator');
      const human = idFromRedirect(await formPost({ ...guest(), body: 'Took my time writing this one.', website: '', renderedAt: clock.now().getTime() - 20_000 }, { ip: nextIp() }));
      expect((await row(human)).status).toBe('published');
    });

    it('refuses the 6th comment in a minute from one network with 429 RATE_LIMITED, and takes comments again after it', async () => {
      const ip = nextIp();
      for (let i = 1; i <= 5; i++) {
        const res = await post({ ...guest(), body: `Comment number ${i} from the same office network.` }, { ip });
        expect(res.statusCode, res.body).toBe(201);
      }
      const sixth = await post({ ...guest(), body: 'One comment too many from this office.' }, { ip });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('RATE_LIMITED');
      expect(sixth.json().error.message).toMatch(/too many comments from this network; try again in \d+ s/);
      clock.advance(61_000);
      expect((await post({ ...guest(), body: 'A minute later, all is calm again.' }, { ip })).statusCode).toBe(201);
    });

    it('marks the same text posted again on another article as spam', async () => {
      const who = guest();
      const ip = nextIp();
      const text = 'Everyone should read the water board report before Thursday.';
      const first = await published(text, { who, ip });
      const again = await post({ ...who, body: `  ${text.toUpperCase()} ` }, { ip, slug: otherSlug });
      expect(again.statusCode).toBe(201);
      expect(again.json().comment.status).toBe('pending');
      const id = again.json().comment.id;
      expect((await row(id)).status).toBe('spam');
      const record = await recordOf(id);
      expect(record.decidedBy).toBe('duplicates');
      expect(record.reasons.at(-1)?.reason).toContain(`(comment #${first})`);
    });

    it('holds a link from a first-time commenter, and a link shortener from anyone', async () => {
      await setModeration({ useClassifier: false }); // so the links stage decides, not the filter
      const firstTimer = await post({ ...guest(), body: 'The full report: https://example.org/water-report.pdf' }, { ip: nextIp() });
      expect(firstTimer.json().comment.status).toBe('pending');
      expect(await recordOf(firstTimer.json().comment.id)).toMatchObject({ verdict: 'pending', decidedBy: 'links' });
      expect((await recordOf(firstTimer.json().comment.id)).reasons.at(-1)?.reason).toBe('a link from a first-time commenter');

      const regular = guest();
      const ip = nextIp();
      await published('My first comment here, without any link.', { who: regular, ip });
      await published('And the report, for the record: https://example.org/water-report.pdf', { who: regular, ip });
      const short = await post({ ...regular, body: 'Shorter link to it: https://bit.ly/water' }, { ip });
      expect(short.json().comment.status).toBe('pending');
      const record = await recordOf(short.json().comment.id);
      expect(record.decidedBy).toBe('links');
      expect(record.reasons.at(-1)?.reason).toBe('a link shortener hides where the link goes (bit.ly)');
    });

    it('holds every comment when the site pre-moderates everything', async () => {
      const regular = guest();
      const ip = nextIp();
      await published('Before the policy changed.', { who: regular, ip });
      await setModeration({ policy: 'all' });
      const res = await post({ ...regular, body: 'After the policy changed.' }, { ip });
      expect(res.json().comment.status).toBe('pending');
      expect(await recordOf(res.json().comment.id)).toMatchObject({ verdict: 'pending', decidedBy: 'site-policy' });
      expect((await row(res.json().comment.id)).status).toBe('pending');
    });

    it('holds first-time commenters or comments with links when the site says so', async () => {
      await setModeration({ policy: 'first-time' });
      const newcomer = await post({ ...guest(), body: 'First time commenting here: thanks for the reporting on the bridge repairs.' }, { ip: nextIp() });
      expect((await recordOf(newcomer.json().comment.id)).decidedBy).toBe('site-policy');
      await setModeration({ policy: 'links', holdFirstTimeLinks: false, useClassifier: false });
      const linked = await post({ ...guest(), body: 'Source: https://example.org/source' }, { ip: nextIp() });
      expect(linked.json().comment.status).toBe('pending');
      expect((await recordOf(linked.json().comment.id)).reasons.at(-1)).toEqual({ stage: 'site-policy', reason: 'the site pre-moderates comments with links' });
    });

    it('marks a block-listed phrase as spam even when disguised, but not inside another word', async () => {
      const added = await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: 'Casino' });
      expect((await follow(added, mia)).body).toContain('Added to the block list.');
      await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: 'sex' });
      const logged = (await t.services.moderation.log()).length;
      expect((await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: ' CASINO ' })).statusCode).toBe(303);
      expect((await t.services.moderation.log()).length).toBe(logged); // already listed: nothing to log
      const page = await get('/admin/moderation/block-list', mia);
      expect(page.body).toContain('<code>casino</code>');

      const res = await post({ ...guest(), body: 'Best c.a.s.i.n.o in town, come along tonight' }, { ip: nextIp() });
      expect(res.json().comment.status).toBe('pending');
      const record = await recordOf(res.json().comment.id);
      expect((await row(res.json().comment.id)).status).toBe('spam');
      expect(record.decidedBy).toBe('block-lists');
      expect(record.reasons.at(-1)?.reason).toBe('contains the blocked phrase "casino"');
      await published('Greetings from Essex, a lovely article about our market town.');

      for (const e of await t.services.moderation.blockList()) {
        expect((await submit(`/admin/moderation/block-list/${e.id}/delete`, mia)).statusCode).toBe(303);
      }
      expect(await t.services.moderation.blockList()).toEqual([]);
    });

    it('refuses a bad block-list entry beside the form', async () => {
      const res = await submit('/admin/moderation/block-list', mia, { kind: 'ip_range', value: '10.0.0.0/33' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('data-code="INVALID_FORMAT"');
      expect(res.body).toContain('value="10.0.0.0/33"');
      expect(await t.services.moderation.blockList()).toEqual([]);
    });

    it('blocks a network range for new comments', async () => {
      await t.services.moderation.addBlock('ip_range', '192.0.2.0/24', callerFor('Mia Moderator'));
      try {
        const res = await post({ ...guest(), body: 'Hello from a blocked network.' }, { ip: '192.0.2.77' });
        expect(await recordOf(res.json().comment.id)).toMatchObject({ verdict: 'spam', decidedBy: 'block-lists' });
      } finally {
        for (const e of await t.services.moderation.blockList()) await t.services.moderation.removeBlock(e.id, callerFor('Mia Moderator'));
      }
    });

    it('refuses a banned e-mail with 403 BANNED until the ban expires; a lifted ban lets them back at once', async () => {
      const who = guest();
      const id = await published('A comment before the ban.', { who });
      const banned = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '1', reason: 'spam run' });
      expect(banned.headers.location).toBe('/admin/moderation/bans?notice=banned');
      const bansPage = await follow(banned, mia);
      expect(bansPage.body).toContain('Ban added.');
      expect(bansPage.body).toContain(who.authorEmail);

      const refused = await post({ ...who, body: 'Trying again after the ban.' }, { ip: nextIp() });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'BANNED', message: 'You cannot comment here' });
      clock.advance(DAY + 60_000);
      expect((await post({ ...who, body: 'A day later I may comment again.' }, { ip: nextIp() })).statusCode).toBe(201);
      expect((await t.services.moderation.bans()).map((b) => b.value)).not.toContain(who.authorEmail);

      await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: 'forever', reason: 'again' });
      expect((await post({ ...who, body: 'Banned for ever now?' }, { ip: nextIp() })).statusCode).toBe(403);
      const ban = (await t.services.moderation.bans()).find((b) => b.value === who.authorEmail)!;
      expect(ban.expires_at).toBeNull();
      const lifted = await submit(`/admin/moderation/bans/${ban.id}/lift`, mia);
      expect((await follow(lifted, mia)).body).toContain('Ban lifted.');
      expect((await post({ ...who, body: 'Back after the ban was lifted.' }, { ip: nextIp() })).statusCode).toBe(201);
      expect((await submit(`/admin/moderation/bans/${ban.id}/lift`, mia)).statusCode).toBe(404);
    });

    it('bans a network by its IP hash, and explains what cannot be banned', async () => {
      const ip = nextIp();
      const id = await published('Posted from a network that will be banned.', { ip });
      expect((await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'ip', days: '7', reason: 'flood' })).statusCode).toBe(303);
      expect((await post({ ...guest(), body: 'Someone else on that network.' }, { ip })).statusCode).toBe(403);
      expect((await post({ ...guest(), body: 'Someone on another network.' }, { ip: nextIp() })).statusCode).toBe(201);
      const noAccount = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'account', days: '7', reason: 'x' });
      expect(noAccount.statusCode).toBe(400);
      expect(noAccount.body).toContain('This comment has no account to ban');
      const noReason = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '7', reason: ' ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('data-code="REQUIRED"');
      for (const b of await t.services.moderation.bans()) await t.services.moderation.liftBan(b.id, callerFor('Mia Moderator'));
    });

    it('holds the comments of a repeat offender', async () => {
      const who = guest();
      const ip = nextIp();
      for (const body of ['Buy followers here', 'Buy more followers here']) {
        idFromRedirect(await formPost({ ...who, body, website: 'http://bot.example' }, { ip }));
      }
      const res = await post({ ...who, body: 'Now a perfectly normal comment, honest.' }, { ip });
      expect(res.json().comment.status).toBe('pending');
      const record = await recordOf(res.json().comment.id);
      expect(record.decidedBy).toBe('repeat-offenders');
      expect(record.reasons.at(-1)?.reason).toBe('2 comments by this author were marked spam or rejected in the last 30 days');
    });

    it('shows a held comment to its poster only, marked "Awaiting moderation"', async () => {
      const own = (await createArticle(t, { title: 'Held comments' })).slug;
      await setModeration({ policy: 'all' });
      const res = await post({ ...guest(), body: 'Held until a moderator looks at it.' }, { ip: nextIp(), slug: own });
      const me = readerCookie(res);
      const id = res.json().comment.id;
      expect((await publicList(own, me)).find((c) => c.id === id)).toMatchObject({ status: 'pending', heldNotice: 'Held for a moderator: this site checks comments before they appear.' });
      expect((await publicList(own)).map((c) => c.id)).not.toContain(id);
      expect((await publicList(own, 'gz_reader=forged')).map((c) => c.id)).not.toContain(id);
      const mine = await t.app.inject({ url: `/articles/${own}`, headers: { cookie: me } });
      expect(mine.body).toContain('<p class="awaiting-moderation">Held for a moderator: this site checks comments before they appear. Only you can see this comment');
      expect(mine.body).toContain('Held until a moderator looks at it.');
      const theirs = await t.app.inject({ url: `/articles/${own}` });
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).not.toContain('awaiting-moderation');
      expect(theirs.body).not.toContain('Held for a moderator');
      expect(theirs.body).not.toContain('Held until a moderator');

      // Approved: everyone sees it, the poster without the mark.
      expect((await decide(mia, [id], 'approve')).statusCode).toBe(303);
      expect((await t.app.inject({ url: `/articles/${own}` })).body).toContain('Held until a moderator looks at it.');
      expect((await t.app.inject({ url: `/articles/${own}`, headers: { cookie: me } })).body).not.toContain('awaiting-moderation');
    });
  });

  describe('reports', () => {
    it('holds a comment that three different readers report, counting each reader once; approval resolves the reports', async () => {
      const id = await published('A comment that some readers will not like at all.');
      // Readers without an account are counted by network: a fresh cookie per request is the same reader.
      const report = (payload: Record<string, unknown>, remoteAddress: string) =>
        t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/report`, payload, remoteAddress });
      const first = await report({ reason: 'abuse', note: 'rude to another reader' }, '198.51.100.1');
      expect(first.statusCode).toBe(202);
      expect((await report({ reason: 'spam' }, '198.51.100.1')).statusCode).toBe(202); // the same reader again
      expect((await report({ reason: 'spam' }, '198.51.100.1')).statusCode).toBe(202); // …without a cookie
      expect(await reportsOf(id)).toBe(1);
      expect((await report({ reason: 'off-topic' }, '198.51.100.2')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('published');
      expect((await report({ reason: 'abuse' }, '198.51.100.3')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('pending');
      expect(await reportsOf(id)).toBe(3);
      expect((await publicList(slug)).map((c) => c.id)).not.toContain(id);

      const queue = await t.services.moderation.queue('reported');
      const item = queue.items.find((c) => c.id === id)!;
      expect(item.reports.map((r) => r.reason).sort()).toEqual(['abuse', 'abuse', 'off-topic']);
      const page = await get('/admin/moderation?queue=reported', mia);
      expect(page.body).toContain(`id="c-${id}"`);
      expect(page.body).toContain('3 open reports');
      expect(page.body).toContain('“rude to another reader”');
      expect((await t.services.moderation.log()).find((e) => e.comment_id === id)).toMatchObject({ actor: 'system', action: 'hold', detail: '3 reports' });

      expect((await decide(mia, [id], 'approve', 'reported')).statusCode).toBe(303);
      expect((await row(id)).status).toBe('published');
      expect((await t.services.moderation.queue('reported')).items.map((c) => c.id)).not.toContain(id);

      // After the moderator's approval one more report does not hold it again (but shows it in Reported).
      expect((await report({ reason: 'abuse' }, '198.51.100.4')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('published');
      expect((await t.services.moderation.queue('reported')).items.map((c) => c.id)).toContain(id);
      await t.services.moderation.decide([id], 'approve', callerFor('Mia Moderator'));
    });

    it('does not take reports on held comments', async () => {
      await setModeration({ policy: 'all' });
      const res = await post({ ...guest(), body: 'Held, so nobody can report it.' }, { ip: nextIp() });
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${res.json().comment.id}/report`, payload: { reason: 'spam' } });
      expect(r.statusCode).toBe(404);
    });
  });

  describe('the spam filter learning from decisions', () => {
    const text = 'The parish newsletter covers the allotment waiting list every spring.';
    const near = 'The parish newsletter covers the allotment waiting list every single spring.';

    it('learns spam from "Spam" and ham from "Not spam"; a changed decision replaces the earlier label', async () => {
      const id = await published(text);
      await t.jobs.runDue(); // what earlier tests' decisions still have to teach
      const examples = t.services.learner.examples();
      expect(score(near)).toBeLessThan(0.5);
      const l0 = logit(near);

      const res = await decide(mia, [id], 'spam', 'all');
      expect((await follow(res, mia)).body).toContain('1 comment marked spam.');
      // Learning is a durable listener of the decision: the job runner (every second in production) runs it.
      expect(t.services.learner.examples()).toBe(examples);
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(examples + 1);
      const l1 = logit(near);
      expect(l1).toBeGreaterThan(l0 + 2);

      const api = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [id], action: 'not-spam' });
      expect(api.statusCode, api.body).toBe(200);
      expect(api.json()).toEqual({ changed: 1 });
      expect((await row(id)).status).toBe('published');
      await t.jobs.runDue();
      // Still one example for this comment: its latest label.
      expect(t.services.learner.examples()).toBe(examples + 1);
      expect(logit(near)).toBeLessThan(l0);
      const stored = await t.db.db.selectFrom('spam_examples').select(['label', 'source']).where('comment_id', '=', id).orderBy('id').execute();
      expect(stored).toEqual([{ label: 'spam', source: 'moderator:Mia Moderator' }, { label: 'ham', source: 'moderator:Mia Moderator' }]);

      const replay = await replayed();
      expect(t.services.learner.examples()).toBe(replay.examples);
      expect(score(near)).toBeCloseTo(replay.classifier.score(near).spamProbability, 12);
      expect(score(SPAM)).toBeCloseTo(replay.classifier.score(SPAM).spamProbability, 12);
    });

    it('approving a held comment teaches ham; rejecting teaches nothing', async () => {
      await setModeration({ policy: 'all' });
      const a = (await post({ ...guest(), body: 'Our choir sings at the harbour festival in June.' }, { ip: nextIp() })).json().comment.id;
      const b = (await post({ ...guest(), body: 'The ferry timetable changes again next month.' }, { ip: nextIp() })).json().comment.id;
      await t.jobs.runDue();
      const before = t.services.learner.examples();
      await decide(mia, [a], 'approve');
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(before + 1);
      await decide(mia, [b], 'reject');
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(before + 1);
      expect((await row(b)).status).toBe('rejected');
    });

    it('applies each stored example once when decisions and refreshes overlap', async () => {
      const learner = t.services.learner;
      const before = learner.examples();
      await Promise.all([
        learner.learn('Cheap replica handbags shipped overnight from our warehouse', 'spam', 'test', null),
        learner.learn('The lifeboat crew trained in the bay on Sunday morning', 'ham', 'test', null),
        learner.refresh(),
      ]);
      expect(learner.examples()).toBe(before + 2);
      const replay = await replayed();
      expect(learner.examples()).toBe(replay.examples);
      const probe = 'Cheap replica handbags from the lifeboat warehouse';
      expect(score(probe)).toBeCloseTo(replay.classifier.score(probe).spamProbability, 12);
    });

    it('keeps what it learned in the database: another instance on the same database picks it up on refresh()', async () => {
      const second = await buildApp(t.config, { clock: clock.now, logger: false, startJobs: false });
      try {
        const probe = 'Our choir rehearses sea shanties at the lighthouse every Tuesday evening!';
        expect(second.services.learner.examples()).toBe(t.services.learner.examples());
        expect(second.services.learner.classifier().score(probe).spamProbability).toBeCloseTo(score(probe), 12);

        const id = await published('Our choir rehearses sea shanties at the lighthouse every Tuesday evening.');
        await t.services.moderation.decide([id], 'spam', callerFor('Mia Moderator'));
        await t.jobs.runDue();
        expect(second.services.learner.examples()).toBe(t.services.learner.examples() - 1);
        expect(logit(probe, second)).toBeLessThan(logit(probe) - 2);

        await second.services.learner.refresh();
        expect(second.services.learner.examples()).toBe(t.services.learner.examples());
        expect(second.services.learner.classifier().score(probe).spamProbability).toBeCloseTo(score(probe), 12);

        // And back: a decision on the second instance reaches the first.
        await second.services.moderation.decide([id], 'not-spam', callerFor('Mia Moderator'));
        await second.jobs.runDue();
        await t.services.learner.refresh();
        expect(t.services.learner.examples()).toBe(second.services.learner.examples());
        expect(score(probe)).toBeCloseTo(second.services.learner.classifier().score(probe).spamProbability, 12);
      } finally {
        await second.close();
      }
    });
  });

  describe('the moderators\' pages', () => {
    it('lists a queue with counts, e-mails, reasons, reports and every action, newest first', async () => {
      await setModeration({ policy: 'all' });
      const who = guest();
      const older = (await post({ ...who, body: 'The older held comment.' }, { ip: nextIp() })).json().comment.id;
      const newer = (await post({ ...guest(), body: 'The newer held comment <b>with markup</b>.' }, { ip: nextIp() })).json().comment.id;
      const res = await get('/admin/moderation', mia);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      const counts = await t.services.moderation.counts();
      expect(counts.all).toBeGreaterThan(counts.pending);
      for (const q of ['pending', 'spam', 'reported', 'all'] as const) {
        expect(html).toContain(`<span class="count" data-count="${q}">${counts[q]}</span>`);
      }
      expect(html).toMatch(/<a href="\/admin\/moderation\?queue=pending" data-queue="pending" aria-current="page">/);
      expect(html).toContain('<a href="/admin/moderation" aria-current="page">Moderation</a>');
      expect(html.indexOf(`id="c-${newer}"`)).toBeLessThan(html.indexOf(`id="c-${older}"`));
      expect(html).toContain(who.authorEmail);
      expect(html).toContain('&lt;b&gt;with markup&lt;/b&gt;');
      expect(html).not.toContain('<b>with markup</b>');
      expect(html).toContain('<li data-stage="site-policy"><strong>site-policy</strong>: the site pre-moderates every comment</li>');
      expect(html).toMatch(/<li data-stage="classifier"><strong>classifier<\/strong>: spam probability 0\.\d{3}/);
      expect(html).toContain('data-decided-by="site-policy"');
      expect(html).toContain('Keyboard: <kbd>j</kbd>/<kbd>k</kbd>');
      expect(html).toContain('<form method="post" action="/admin/moderation/decide" id="bulk"');
      expect(html).toContain(`<input type="checkbox" name="ids" value="${older}" form="bulk"`);
      for (const [action, key] of [['approve', 'a'], ['reject', 'r'], ['spam', 's'], ['not-spam', 'n']]) {
        expect(html).toContain(`name="action" value="${action}" data-key="${key}"`);
      }
      expect(html).toContain(`href="/admin/moderation/comments/${older}/edit?queue=pending"`);
      expect(html).toContain(`href="/admin/moderation/comments/${older}/ban?queue=pending"`);
      expect(html).toContain(`<a href="/articles/${slug}">Moderation under test</a>`);
      // Moderators see the settings link only with settings.manage.
      expect(html).not.toContain('href="/admin/moderation/settings"');
      expect((await get('/admin/moderation', ada)).body).toContain('href="/admin/moderation/settings"');
      await t.services.moderation.decide([older, newer], 'reject', callerFor('Mia Moderator'));
    });

    it('pages through a long queue with "Older"', async () => {
      const article = await createArticle(t, { title: 'A busy thread' });
      const now = clock.now().toISOString();
      const inserted = await t.db.db.insertInto('comments').values(Array.from({ length: 55 }, (_, i) => ({
        article_id: article.id, parent_id: null, root_id: null, depth: 0, author_name: `Bulk ${i}`, author_email: `bulk${i}@example.org`,
        reader_id: null, body: `Bulk comment ${i}`, body_html: `<p>Bulk comment ${i}</p>`, status: 'pending' as const, created_at: now, edited_at: null, edited_by: null,
      }))).returning('id').execute();
      const ids = inserted.map((r) => r.id).sort((a, b) => b - a);
      try {
        const first = await get('/admin/moderation?queue=pending', mia);
        const shown = [...first.body.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]));
        expect(shown).toEqual(ids.slice(0, 50));
        const older = /<a rel="next" href="([^"]+)">Older<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
        expect(older).toBe(`/admin/moderation?queue=pending&before=${ids[49]}`);
        const second = await get(older!, mia);
        const rest = [...second.body.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]));
        expect(rest.slice(0, 5)).toEqual(ids.slice(50));
        expect(Math.max(...rest)).toBeLessThan(ids[49]!);
        expect(second.body).toContain('<a href="/admin/moderation?queue=pending">Newest</a>');
        const api = await apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?queue=pending&limit=10`);
        expect(api.json().items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 10));
        expect(api.json().nextBefore).toBe(ids[9]);
        expect((await apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?queue=pending&limit=10&before=${ids[9]}`)).json().items[0].id).toBe(ids[10]);
      } finally {
        await t.db.db.deleteFrom('comments').where('id', 'in', ids).execute();
      }
    });

    it('decides in bulk with the checkboxes, and through the JSON API', async () => {
      await setModeration({ policy: 'all' });
      const ids: number[] = [];
      for (const body of ['Bulk one about the bridge.', 'Bulk two about the bridge.', 'Bulk three about the bridge.']) {
        ids.push((await post({ ...guest(), body }, { ip: nextIp() })).json().comment.id);
      }
      const res = await submit('/admin/moderation/decide', mia, { ids: [...ids, ids[0]!], action: 'spam', queue: 'pending' });
      expect(res.headers.location).toBe('/admin/moderation?queue=pending&notice=spam&n=3');
      const page = await follow(res, mia);
      expect(page.body).toContain('<p class="notice-ok" role="status">3 comments marked spam.</p>');
      for (const id of ids) expect((await row(id)).status).toBe('spam');

      const queue = await apiAs(mia, 'GET', '/api/v1/admin/moderation/queue?queue=spam');
      expect(queue.statusCode).toBe(200);
      const items = queue.json().items as { id: number; authorName: string; moderation: ModerationRecord; status: string }[];
      const mine = items.filter((c) => ids.includes(c.id));
      expect(mine).toHaveLength(3);
      expect(mine[0]).toMatchObject({ status: 'spam', moderation: { decidedBy: 'site-policy' } });
      expect(mine[0]!.authorName).toMatch(/^Reader \d+$/);
      expect(queue.body).not.toContain('@example.org'); // e-mails only on the admin pages
      expect(queue.json().counts.spam).toBe((await t.services.moderation.counts()).spam);

      const approve = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids, action: 'approve' });
      expect(approve.json()).toEqual({ changed: 3 });
      for (const id of ids) expect((await row(id)).status).toBe('published');

      // All or nothing: an unknown comment refuses the whole decision.
      const partial = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [ids[0], 999_999], action: 'reject' });
      expect(partial.statusCode).toBe(404);
      expect((await row(ids[0]!)).status).toBe('published');
      const bad = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [], action: 'approve' });
      expect(bad.statusCode).toBe(400);
      expect((await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids, action: 'delete' })).statusCode).toBe(400);
      // Without a selection, or with an unknown action, the page says so.
      const none = await submit('/admin/moderation/decide', mia, { action: 'spam', queue: 'spam' });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('ids: select at least one comment');
      expect(none.body).toContain('data-queue="spam" aria-current="page"');
      expect((await submit('/admin/moderation/decide', mia, { ids: ids[0]!, action: 'nuke' })).statusCode).toBe(400);
    });

    it('sends the moderator back to the next comment after a decision on one', async () => {
      const res = await submit('/admin/moderation/decide', mia, { ids: 999_998, action: 'approve', queue: 'all', next: 5 });
      expect(res.statusCode).toBe(404);
      const id = await published('Approving this one changes nothing but the log.');
      const ok = await submit('/admin/moderation/decide', mia, { ids: id, action: 'approve', queue: 'all', before: 1000000, next: 5 });
      expect(ok.headers.location).toBe('/admin/moderation?queue=all&before=1000000&notice=approve&n=1#c-5');
    });

    it('lets a moderator edit the text: the article page shows who edited it, and the earlier text is kept', async () => {
      const own = (await createArticle(t, { title: 'Edited comments' })).slug;
      const id = await published('Original wording with a slur in it.', { slug: own });
      const form = await get(`/admin/moderation/comments/${id}/edit?queue=all`, mia);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('>Original wording with a slur in it.</textarea>');
      expect(form.body).toContain('This comment has not been edited.');

      const empty = await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: '   ', queue: 'all' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('data-code="REQUIRED"');

      const saved = await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: 'Original wording, [removed by a moderator].', queue: 'all' });
      expect(saved.headers.location).toBe(`/admin/moderation?queue=all&notice=edited#c-${id}`);
      expect((await follow(saved, mia)).body).toContain('Comment edited');

      const article = await t.app.inject({ url: `/articles/${own}` });
      expect(article.body).toContain('Original wording, [removed by a moderator].');
      expect(article.body).not.toContain('a slur in it');
      expect(article.body).toMatch(/Last edited <time[^>]*>[^<]*<\/time> by Mia Moderator/);
      expect((await publicList(own)).find((c) => c.id === id)?.editedBy).toBe('Mia Moderator');

      const revisions = await t.services.moderation.revisions(id);
      expect(revisions).toMatchObject([{ body: 'Original wording with a slur in it.', replaced_by: 'Mia Moderator' }]);
      const again = await get(`/admin/moderation/comments/${id}/edit`, mia);
      expect(again.body).toMatch(/<section class="mod-revisions" id="revisions"[\s\S]*<pre>Original wording with a slur in it.<\/pre>/);
      const queue = await get('/admin/moderation?queue=all', mia);
      expect(queue.body).toContain(`href="/admin/moderation/comments/${id}/edit?queue=all#revisions">earlier versions</a>`);
      expect((await t.services.moderation.log()).find((e) => e.comment_id === id)).toMatchObject({ actor: 'Mia Moderator', action: 'edit' });
      expect((await get('/admin/moderation/comments/999999/edit', mia)).statusCode).toBe(404);
    });

    it('does not let an author\'s own edit undo a moderator\'s decision or a hold', async () => {
      const res = await post({ ...guest(), body: 'Something a moderator will reject.' }, { ip: nextIp() });
      const me = readerCookie(res);
      const id = res.json().comment.id;
      await t.services.moderation.decide([id], 'reject', callerFor('Mia Moderator'));
      const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'Something harmless instead.' }, headers: { cookie: me } });
      expect(edit.statusCode).toBe(200);
      expect((await row(id)).status).toBe('rejected');
      await t.services.moderation.decide([id], 'spam', callerFor('Mia Moderator'));
      await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'Harmless, really.' }, headers: { cookie: me } });
      expect((await row(id)).status).toBe('spam');
      // A published comment whose edit turns into spam is still caught.
      const ok = await post({ ...guest(), body: 'Fine at first.' }, { ip: nextIp() });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${ok.json().comment.id}`, payload: { body: SPAM }, headers: { cookie: readerCookie(ok) } });
      expect(['pending', 'spam']).toContain((await row(ok.json().comment.id)).status);
    });

    it('keeps an audit log of every moderator action, newest first', async () => {
      await setModeration({ policy: 'all' });
      const start = (await t.services.moderation.log(1))[0]?.id ?? 0;
      const id = (await post({ ...guest(), body: 'A comment for the audit log.' }, { ip: nextIp() })).json().comment.id;
      for (const action of ['approve', 'reject', 'spam', 'not-spam']) expect((await decide(mia, [id], action)).statusCode).toBe(303);
      await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: 'Edited for the audit log.' });
      await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '30', reason: 'audit' });
      const ban = (await t.services.moderation.bans())[0]!;
      await submit(`/admin/moderation/bans/${ban.id}/lift`, mia);
      await submit('/admin/moderation/block-list', mia, { kind: 'domain', value: 'audit.example' });
      const entry = (await t.services.moderation.blockList())[0]!;
      await submit(`/admin/moderation/block-list/${entry.id}/delete`, mia);
      const saved = await submit('/admin/moderation/settings', ada, {
        policy: 'first-time', burstPerMinute: 5, perHour: 30, minFillSeconds: 3, duplicateWindowHours: 24, maxLinks: 3,
        spamThreshold: defaults().spamThreshold, holdThreshold: defaults().holdThreshold, reportsToHold: 3, holdFirstTimeLinks: '1', useClassifier: '1',
      });
      expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);

      const log = (await t.services.moderation.log()).filter((e) => e.id > start);
      expect(log.map((e) => e.action)).toEqual(['settings', 'unblock', 'block', 'lift-ban', 'ban', 'edit', 'not-spam', 'spam', 'reject', 'approve']);
      expect(log.filter((e) => e.action !== 'settings').every((e) => e.actor === 'Mia Moderator')).toBe(true);
      expect(log[0]).toMatchObject({ actor: 'Ada Admin', detail: 'policy: all → first-time' });
      expect(log.find((e) => e.action === 'spam')).toMatchObject({ comment_id: id, detail: 'rejected → spam' });
      expect(log.find((e) => e.action === 'ban')?.detail).toMatch(/^email until 2026-.*: audit$/);

      const page = await get('/admin/moderation/log', mia);
      expect(page.statusCode).toBe(200);
      const actions = [...page.body.matchAll(/<tr id="log-\d+" data-action="([^"]+)">/g)].map((m) => m[1]);
      expect(actions.slice(0, 10)).toEqual(log.map((e) => e.action));
      expect(page.body).toContain(`<a href="/admin/moderation/comments/${id}/edit?queue=all">#${id}</a>`);
    });

    it('keeps the moderation settings on their own page (settings.manage), checked like every form', async () => {
      const form = await get('/admin/moderation/settings', ada);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<option value="none" selected>');
      expect(form.body).toContain('name="burstPerMinute"');
      const fields = {
        policy: 'links', burstPerMinute: 7, perHour: 40, minFillSeconds: 2, duplicateWindowHours: 12, maxLinks: 2,
        spamThreshold: 0.95, holdThreshold: 0.8, reportsToHold: 2, useClassifier: '1',
      };
      const saved = await submit('/admin/moderation/settings', ada, fields);
      expect((await follow(saved, ada)).body).toContain('Moderation settings saved.');
      expect(t.services.settings.get().moderation).toEqual({ ...fields, holdFirstTimeLinks: false, useClassifier: true });

      const bad = await submit('/admin/moderation/settings', ada, { ...fields, burstPerMinute: 'lots' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('burstPerMinute: enter a number');
      expect(bad.body).toContain('value="lots"');
      const range = await submit('/admin/moderation/settings', ada, { ...fields, spamThreshold: 2 });
      expect(range.statusCode).toBe(400);
      expect(range.body).toMatch(/data-code="TOO_LARGE"/);
      const order = await submit('/admin/moderation/settings', ada, { ...fields, spamThreshold: 0.6, holdThreshold: 0.9 });
      expect(order.statusCode).toBe(400);
      expect(t.services.settings.get().moderation.spamThreshold).toBe(0.95);
      expect((await get('/admin/moderation/settings', mia)).statusCode).toBe(403);
    });

    it('shows the Moderation section to moderators and admins only', async () => {
      expect((await get('/admin', mia)).body).toContain('<a href="/admin/moderation">Moderation</a>');
      expect((await get('/admin', ada)).body).toContain('<a href="/admin/moderation">Moderation</a>');
      expect((await get('/admin', arthur)).body).not.toContain('/admin/moderation');
    });

    it('refuses every moderation page and API route to an author with 403, changing nothing', async () => {
      const id = await published('Nobody but moderators may touch this.');
      const before = await row(id);
      const routes: [string, string][] = [
        ['GET', '/admin/moderation'], ['GET', '/admin/moderation?queue=spam'], ['POST', '/admin/moderation/decide'],
        ['GET', `/admin/moderation/comments/${id}/edit`], ['POST', `/admin/moderation/comments/${id}/edit`],
        ['GET', `/admin/moderation/comments/${id}/ban`], ['POST', `/admin/moderation/comments/${id}/ban`],
        ['GET', '/admin/moderation/bans'], ['POST', '/admin/moderation/bans/1/lift'],
        ['GET', '/admin/moderation/block-list'], ['POST', '/admin/moderation/block-list'], ['POST', '/admin/moderation/block-list/1/delete'],
        ['GET', '/admin/moderation/log'], ['GET', '/admin/moderation/settings'], ['POST', '/admin/moderation/settings'],
      ];
      for (const [method, url] of routes) {
        const res = method === 'GET' ? await get(url, arthur)
          : await submit(url, arthur, { ids: id, action: 'spam', body: 'hijacked', kind: 'email', days: 'forever', reason: 'x', value: 'x', policy: 'all' });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
      const queue = await apiAs(arthur, 'GET', '/api/v1/admin/moderation/queue');
      expect(queue.statusCode).toBe(403);
      expect(queue.json().error.code).toBe('FORBIDDEN');
      expect(queue.body).not.toContain('@example.org');
      const api = await apiAs(arthur, 'POST', '/api/v1/admin/moderation/decide', { ids: [id], action: 'spam' });
      expect(api.statusCode).toBe(403);
      expect(await row(id)).toEqual(before);
      expect(await t.services.moderation.bans()).toEqual([]);
      expect((await get('/admin/moderation', undefined)).statusCode).toBe(303);
      expect((await t.app.inject({ url: '/api/v1/admin/moderation/queue' })).statusCode).toBe(401);
    });
  });
});
