// Shared by the moderation test files: the app each suite builds per dialect (the site's default moderation,
// two articles, a moderator, an admin and an author), comments from fresh guests and networks, and the
// moderators' pages and API. Not a test file itself (vitest runs *.test.ts only).
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { DialectName } from '../../platform/db/database.js';
import { buildTestApp, createArticle, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { defaultModerationSettings, type ModerationSettings } from '../settings/settings.service.js';
import type { Role } from '../accounts/permissions.js';
import type { ModerationRecord } from './pipeline.js';
import { SpamClassifier } from './spam/classifier.js';
import { loadShippedModel } from './spam/shipped-model.js';
import { FORM } from '../../../test/helpers/http.js';

export const DAY = 24 * 3600_000;
export const SPAM = 'Earn $90 ev-ery hour wor-king from ho-me ♥♥v♥i♥s♥i♥t♥ https://bit.ly/x';

type Fields = Record<string, string | number | (string | number)[]>;
const encode = (fields: Fields) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
};

export interface Person { id: number; name: string; cookie: string; csrf: string }

/**
 * Call inside `describe.each(dialects())`: builds the app on `dialect` before the suite's tests, puts the
 * site's default moderation back after each test and drops the app after all. `t`, the articles' slugs and
 * the people are there once that beforeAll has run.
 */
export function moderationSuite(dialect: DialectName) {
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

  return {
    get t() { return t; }, get slug() { return slug; }, get otherSlug() { return otherSlug; },
    get mia() { return mia; }, get ada() { return ada; }, get arthur() { return arthur; },
    clock, nextIp, guest, post, formPost, idFromRedirect, published, row, reportsOf, recordOf,
    get, submit, follow, apiAs, decide, defaults, setModeration, score, logit, publicList, replayed,
  };
}
