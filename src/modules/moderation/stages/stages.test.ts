// Every moderation stage on its own, with a hand-built StageContext (no database), and the pipeline runner.
import { describe, expect, it } from 'vitest';
import { defaultModerationSettings, type ModerationSettings } from '../../settings/settings.service.js';
import { runPipeline, type Stage } from '../pipeline.js';
import { ipInRange, isValidRange } from '../ip-range.js';
import { normalise } from '../spam/normalise.js';
import type { SpamScore } from '../spam/classifier.js';
import { loadShippedModel } from '../spam/shipped-model.js';
import type { ActiveBan, AuthorHistory, BlockList, StageContext } from './context.js';
import { STAGES } from './index.js';
import { formTraps } from './form-traps.js';
import { bans } from './bans.js';
import { rateLimits } from './rate-limits.js';
import { blockLists, phraseMatches } from './block-lists.js';
import { duplicates, DUPLICATE_MIN_LENGTH } from './duplicates.js';
import { repeatOffenders } from './repeat-offenders.js';
import { classifier, thresholdsFor } from './classifier.js';
import { links } from './links.js';
import { sitePolicy } from './site-policy.js';

const NOW = new Date('2026-03-14T12:00:00.000Z');
/** The shipped model's threshold, and a site's moderation settings as the app builds them from it. */
const SHIPPED_THRESHOLD = loadShippedModel().threshold;
const SITE_DEFAULTS = defaultModerationSettings({ spamThreshold: SHIPPED_THRESHOLD });

interface Given {
  text?: string;
  settings?: Partial<ModerationSettings>;
  history?: Partial<AuthorHistory>;
  ban?: ActiveBan;
  blockList?: Partial<BlockList>;
  duplicate?: { id: number; createdAt: string };
  rateLimit?: { waitSeconds: number; scope: string };
  spamProbability?: number;
  weakEvidence?: true;
  form?: StageContext['form'];
  isEdit?: boolean;
  ip?: string | null;
  authorEmail?: string;
}

/** A StageContext from plain values; `calls` counts the look-ups a stage made. */
function ctx(g: Given = {}) {
  const text = g.text ?? 'A perfectly ordinary comment about the article.';
  const calls = { history: 0, ban: 0, blockList: 0, duplicate: 0, rateLimit: 0, spam: 0 };
  const normalised = normalise(text);
  const spam: SpamScore = {
    spamProbability: g.spamProbability ?? 0.01, logit: 0, isSpam: (g.spamProbability ?? 0) >= 0.9, normalised,
    reasons: [{ token: 'money', llr: 2.5 }, { token: 'home', llr: 1.2 }, { token: 'article', llr: -1 }],
    ...(g.weakEvidence ? { weakEvidence: g.weakEvidence } : {}),
  };
  const c: StageContext = {
    text, authorName: 'Grace', authorEmail: g.authorEmail ?? 'grace@example.org', userId: null, readerId: 'r1',
    ip: g.ip === undefined ? '203.0.113.7' : g.ip, ipHash: 'hash', articleId: 1, commentId: g.isEdit ? 9 : null,
    isEdit: g.isEdit ?? false, form: g.form, now: NOW,
    normalised, textHash: 'th', settings: { ...SITE_DEFAULTS, ...g.settings },
    history: async () => { calls.history++; return { approved: 0, offences: 0, ...g.history }; },
    activeBan: async () => { calls.ban++; return g.ban; },
    blockList: async () => { calls.blockList++; return { phrases: [], emails: [], domains: [], ipRanges: [], ...g.blockList }; },
    duplicateOf: async () => { calls.duplicate++; return g.duplicate; },
    rateLimit: () => { calls.rateLimit++; return g.rateLimit; },
    spam: () => { calls.spam++; return spam; },
  };
  return { c, calls };
}

const run = async (stage: Stage<StageContext>, g: Given = {}) => stage.run(ctx(g).c);
const verdictOf = async (stage: Stage<StageContext>, g: Given = {}) => (await run(stage, g))?.decision?.verdict;

describe('form traps', () => {
  it('marks a filled-in honeypot as spam, whatever the timing', async () => {
    const r = await run(formTraps, { form: { honeypot: 'http://spam.example', renderedAt: NOW.getTime() - 60_000 } });
    expect(r?.decision).toMatchObject({ verdict: 'spam', stage: 'form-traps' });
    expect(r?.decision?.reason).toMatch(/honeypot/);
  });

  it('holds a form sent faster than minFillSeconds for review (not spam), unless a later stage decides', async () => {
    const r = await run(formTraps, { form: { honeypot: '', renderedAt: NOW.getTime() - 1200 } });
    expect(r?.decision).toBeUndefined();
    expect(r?.hold).toBe('the form was sent 1.2 s after it was shown (minimum 3 s)');
    // Through the whole pipeline: an ordinary text is held by form-traps, with the reason last.
    const fast = { form: { honeypot: '', renderedAt: NOW.getTime() - 400 } };
    const { decision, record } = await runPipeline(STAGES, ctx(fast).c, () => 0.01);
    expect(decision).toEqual({ verdict: 'pending', stage: 'form-traps', reason: 'the form was sent 0.4 s after it was shown (minimum 3 s)' });
    expect(record.reasons.map((x) => x.stage)).toEqual(['classifier', 'form-traps']);
    // A stricter later verdict still wins: a ban refuses, the spam filter marks spam.
    expect((await runPipeline(STAGES, ctx({ ...fast, ban: { kind: 'email', reason: 'r', expiresAt: null } }).c, () => 0)).decision.code).toBe('BANNED');
    const spam = await runPipeline(STAGES, ctx({ ...fast, spamProbability: 0.999 }).c, () => 0.999);
    expect(spam.decision).toMatchObject({ verdict: 'spam', stage: 'classifier' });
    expect(spam.record.reasons.map((x) => x.stage)).toEqual(['form-traps', 'classifier']);
  });

  it.each([
    ['a whitespace-only honeypot and a slow fill', { honeypot: '  ', renderedAt: NOW.getTime() - 10_000 }, {}],
    ['exactly the minimum time', { honeypot: '', renderedAt: NOW.getTime() - 3000 }, {}],
    ['no render time (an old page)', { honeypot: '', renderedAt: null }, {}],
    ['a render time in the future (clock skew)', { honeypot: '', renderedAt: NOW.getTime() + 5000 }, {}],
    ['the timing check turned off', { honeypot: '', renderedAt: NOW.getTime() }, { minFillSeconds: 0 }],
  ] as const)('lets through %s', async (_name, form, settings) => {
    expect(await run(formTraps, { form: { ...form }, settings })).toBeUndefined();
  });

  it('ignores the API (no form) and edits', async () => {
    expect(await run(formTraps, {})).toBeUndefined();
    expect(await run(formTraps, { isEdit: true, form: { honeypot: 'x', renderedAt: NOW.getTime() } })).toBeUndefined();
  });
});

describe('bans', () => {
  it('refuses a banned author with 403 BANNED, naming the end of the ban', async () => {
    const r = await run(bans, { ban: { kind: 'email', reason: 'spam run', expiresAt: '2026-03-21T12:00:00.000Z' } });
    expect(r?.decision).toEqual({ verdict: 'rejected', stage: 'bans', status: 403, code: 'BANNED', reason: 'banned email until 2026-03-21 12:00 UTC: spam run' });
  });

  it('says nothing about an end for a ban for ever, and passes the unbanned', async () => {
    expect((await run(bans, { ban: { kind: 'ip', reason: 'abuse', expiresAt: null } }))?.decision?.reason).toBe('banned ip: abuse');
    expect(await run(bans)).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('refuses with 429 RATE_LIMITED and how long to wait', async () => {
    const r = await run(rateLimits, { rateLimit: { waitSeconds: 42, scope: 'network' } });
    expect(r?.decision).toMatchObject({ verdict: 'rejected', stage: 'rate-limits', status: 429, code: 'RATE_LIMITED' });
    expect(r?.decision?.reason).toBe('too many comments from this network; try again in 42 s');
  });

  it('counts every attempt once and passes when under the limit', async () => {
    const { c, calls } = ctx();
    expect(await rateLimits.run(c)).toBeUndefined();
    expect(calls.rateLimit).toBe(1);
  });
});

describe('block lists', () => {
  it.each([
    ['casino', 'Play at the best c.a.s.i.n.o tonight', true],
    ['casino', 'ᴄᴀsɪɴᴏ bonus', true],
    ['casino', 'Casinos are a problem here', false],
    ['sex', 'Greetings from Essex', false],
    ['sex', 'Sex sells, they say', true],
    ['free money', 'get FREE   money now', true],
    ['free money', 'free of money worries', false],
    ['viagra', 'cheap v1agra here', true],
    ['', 'anything at all', false],
  ])('phrase %j in %j: %s', (phrase, text, expected) => {
    expect(phraseMatches(normalise(text).text, phrase)).toBe(expected);
  });

  it('marks a comment with a blocked phrase as spam, naming the phrase', async () => {
    const r = await run(blockLists, { text: 'Visit our c.a.s.i.n.o', blockList: { phrases: ['poker', 'casino'] } });
    expect(r?.decision).toEqual({ verdict: 'spam', stage: 'block-lists', reason: 'contains the blocked phrase "casino"' });
    expect(await run(blockLists, { text: 'Lovely day in Essex', blockList: { phrases: ['sex'] } })).toBeUndefined();
  });

  it('matches blocked e-mail addresses exactly (any case)', async () => {
    expect(await verdictOf(blockLists, { authorEmail: 'Spammer@Example.org', blockList: { emails: ['spammer@example.org'] } })).toBe('spam');
    expect(await verdictOf(blockLists, { authorEmail: 'not-spammer@example.org', blockList: { emails: ['spammer@example.org'] } })).toBeUndefined();
  });

  it('matches blocked domains in the e-mail address and in links, with subdomains, but not look-alike names', async () => {
    const list = { domains: ['spam.example'] };
    expect(await verdictOf(blockLists, { authorEmail: 'a@spam.example', blockList: list })).toBe('spam');
    expect(await verdictOf(blockLists, { authorEmail: 'a@mail.spam.example', blockList: list })).toBe('spam');
    expect(await verdictOf(blockLists, { authorEmail: 'a@notspam.example', blockList: list })).toBeUndefined();
    expect(await verdictOf(blockLists, { text: 'see https://www.spam.example/offer', blockList: list })).toBe('spam');
    expect(await verdictOf(blockLists, { text: 'see spamshop(dot)com now', blockList: { domains: ['spamshop.com'] } })).toBe('spam');
    expect(await verdictOf(blockLists, { text: 'see https://notspam.example/x', blockList: list })).toBeUndefined();
    // A blocked subdomain matches links to it (registrable domain alone would be spam.example).
    const sub = { domains: ['shop.spam.example'] };
    expect(await verdictOf(blockLists, { text: 'buy at https://shop.spam.example/x', blockList: sub })).toBe('spam');
    expect(await verdictOf(blockLists, { text: 'read https://news.spam.example/x', blockList: sub })).toBeUndefined();
    const r = await run(blockLists, { text: 'see https://www.spam.example/offer', blockList: list });
    expect(r?.decision?.reason).toBe('mentions or writes from the blocked domain spam.example');
  });

  it('matches blocked IP ranges, v4 and v6, and ignores comments without an address', async () => {
    expect(await verdictOf(blockLists, { ip: '203.0.113.7', blockList: { ipRanges: ['203.0.113.0/24'] } })).toBe('spam');
    expect(await verdictOf(blockLists, { ip: '203.0.114.7', blockList: { ipRanges: ['203.0.113.0/24'] } })).toBeUndefined();
    expect(await verdictOf(blockLists, { ip: '2001:db8::42', blockList: { ipRanges: ['2001:db8::/32'] } })).toBe('spam');
    expect(await verdictOf(blockLists, { ip: null, blockList: { ipRanges: ['0.0.0.0/0'] } })).toBeUndefined();
    expect((await run(blockLists, { ip: '203.0.113.7', blockList: { ipRanges: ['203.0.113.0/24'] } }))?.decision?.reason)
      .toBe('posted from the blocked network 203.0.113.0/24');
  });
});

describe('IP ranges', () => {
  it.each([
    ['203.0.113.9', '203.0.113.0/24', true],
    ['203.0.114.9', '203.0.113.0/24', false],
    ['203.0.113.9', '203.0.113.9', true],
    ['203.0.113.9', '203.0.113.10/32', false],
    ['10.200.3.4', '10.0.0.0/8', true],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['::ffff:203.0.113.9', '203.0.113.0/24', true], // an IPv4 client seen through a dual-stack socket
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['2001:db8:ffff:ffff::1', '2001:db8::/32', true],
    ['::1', '::1', true],
    ['::2', '::1', false],
    ['64:ff9b::1.2.3.4', '64:ff9b::/96', true],
    ['203.0.113.9', '2001:db8::/32', false],
    ['2001:db8::1', '0.0.0.0/0', false],
    ['not an ip', '0.0.0.0/0', false],
  ])('%s in %s: %s', (ip, range, expected) => {
    expect(ipInRange(ip, range)).toBe(expected);
  });

  it.each([
    ['203.0.113.0/24', true], ['203.0.113.9', true], ['2001:db8::/32', true], ['::/0', true], ['::1', true],
    ['10.0.0.0/33', false], ['2001:db8::/129', false], ['300.1.1.1', false], ['10.0.0.0/', false], ['10.0.0.0/-1', false],
    ['10.0.0.0/8x', false], ['abc', false], ['', false], ['1::2::3', false],
  ])('%j is a valid range: %s', (range, expected) => {
    expect(isValidRange(range)).toBe(expected);
  });
});

describe('duplicates', () => {
  const long = 'This exact text was posted a few minutes ago on another article.';
  const dup = { id: 12, createdAt: new Date(NOW.getTime() - 7 * 60_000).toISOString() };

  it('marks a repeated longer text as spam, naming the earlier comment', async () => {
    const r = await run(duplicates, { text: long, duplicate: dup });
    expect(r?.decision).toEqual({ verdict: 'spam', stage: 'duplicates', reason: 'the same text was posted 7 min ago (comment #12)' });
  });

  it(`lets short reactions repeat (under ${DUPLICATE_MIN_LENGTH} letters, spaces not counted) without looking`, async () => {
    const { c, calls } = ctx({ text: 'Thanks a lot for this !', duplicate: dup }); // 18 non-space characters
    expect(await duplicates.run(c)).toBeUndefined();
    expect(calls.duplicate).toBe(0);
    expect(await verdictOf(duplicates, { text: 'abcdefghij'.repeat(DUPLICATE_MIN_LENGTH / 10), duplicate: dup })).toBe('spam');
  });

  it('is off with a window of 0 hours, and passes a new text', async () => {
    expect(await run(duplicates, { text: long, duplicate: dup, settings: { duplicateWindowHours: 0 } })).toBeUndefined();
    expect(await run(duplicates, { text: long })).toBeUndefined();
  });
});

describe('links', () => {
  it('holds more links than maxLinks', async () => {
    const r = await run(links, { text: 'a https://a.example b https://b.example c https://c.example', settings: { maxLinks: 2 }, history: { approved: 9 } });
    expect(r?.decision).toEqual({ verdict: 'pending', stage: 'links', reason: '3 links (more than 2)' });
  });

  it('holds link shorteners, whoever posts them', async () => {
    const r = await run(links, { text: 'see https://bit.ly/abc', history: { approved: 9 } });
    expect(r?.decision).toEqual({ verdict: 'pending', stage: 'links', reason: 'a link shortener hides where the link goes (bit.ly)' });
  });

  it('holds a link from a first-time commenter unless turned off; trusts commenters with approved comments', async () => {
    const text = 'The full report: https://example.org/report.pdf';
    expect((await run(links, { text }))?.decision).toEqual({ verdict: 'pending', stage: 'links', reason: 'a link from a first-time commenter' });
    expect(await run(links, { text, history: { approved: 1 } })).toBeUndefined();
    expect(await run(links, { text, settings: { holdFirstTimeLinks: false } })).toBeUndefined();
  });

  it('does not look anything up for a comment without links', async () => {
    const { c, calls } = ctx();
    expect(await links.run(c)).toBeUndefined();
    expect(calls.history).toBe(0);
  });
});

describe('classifier', () => {
  it('raises the thresholds towards 1 with trust (five approved comments: full trust)', () => {
    expect(thresholdsFor(0, 0.9, 0.7)).toEqual({ spam: 0.9, hold: 0.7 });
    const one = thresholdsFor(1, 0.9, 0.7);
    expect(one.spam).toBeCloseTo(0.918, 10);
    expect(one.hold).toBeCloseTo(0.748, 10);
    const full = thresholdsFor(5, 0.9, 0.7);
    expect(full.spam).toBeCloseTo(0.99, 10);
    expect(full.hold).toBeCloseTo(0.94, 10);
    expect(thresholdsFor(50, 0.9, 0.7)).toEqual(full);
  });

  const band = { spamThreshold: 0.9, holdThreshold: 0.7 };

  it('marks spam at the spam threshold, holds at the hold threshold, else leaves a note with the score', async () => {
    const spam = await run(classifier, { spamProbability: 0.9, settings: band });
    expect(spam?.decision).toEqual({ verdict: 'spam', stage: 'classifier', reason: 'spam probability 0.900; strongest signs: money, home' });
    expect((await run(classifier, { spamProbability: 0.75, settings: band }))?.decision?.verdict).toBe('pending');
    const note = await run(classifier, { spamProbability: 0.2, settings: band });
    expect(note).toEqual({ note: 'spam probability 0.200; strongest signs: money, home' });
  });

  it('says when the score was capped for lack of a strong sign (a site with a hold band holds it)', async () => {
    const held = await run(classifier, { spamProbability: 0.8, weakEvidence: true, settings: band });
    expect(held?.decision).toEqual({
      verdict: 'pending', stage: 'classifier',
      reason: 'spam probability 0.800 (capped: no strong sign of spam); strongest signs: money, home',
    });
    expect(await verdictOf(classifier, { spamProbability: 0.8, weakEvidence: true })).toBeUndefined();
  });

  it('by default marks spam at the shipped model\'s calibrated threshold and holds nothing below it', async () => {
    expect(SITE_DEFAULTS.spamThreshold).toBe(SHIPPED_THRESHOLD);
    expect(SITE_DEFAULTS.holdThreshold).toBe(SHIPPED_THRESHOLD);
    expect(await verdictOf(classifier, { spamProbability: SHIPPED_THRESHOLD })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: SHIPPED_THRESHOLD - 0.001 })).toBeUndefined();
    expect(await verdictOf(classifier, { spamProbability: 0.75 })).toBeUndefined();
  });

  it('lets spam win when the hold threshold is set above the spam threshold', async () => {
    const odd = { spamThreshold: 0.8, holdThreshold: 0.9 };
    expect(await verdictOf(classifier, { spamProbability: 0.95, settings: odd })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.85, settings: odd })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.79, settings: odd })).toBeUndefined();
  });

  it('gives trusted authors the benefit of the doubt', async () => {
    expect(await verdictOf(classifier, { spamProbability: 0.95, history: { approved: 0 }, settings: band })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.95, history: { approved: 5 }, settings: band })).toBe('pending');
    expect(await verdictOf(classifier, { spamProbability: 0.93, history: { approved: 5 }, settings: band })).toBeUndefined();
    expect(await verdictOf(classifier, { spamProbability: 0.995, history: { approved: 5 }, settings: band })).toBe('spam');
  });

  it('only scores when the site does not let it decide', async () => {
    const { c, calls } = ctx({ spamProbability: 1, settings: { useClassifier: false } });
    expect(await classifier.run(c)).toEqual({ note: 'spam probability 1.000; strongest signs: money, home' });
    expect(calls.history).toBe(0);
  });

  it('follows the site\'s thresholds', async () => {
    expect(await verdictOf(classifier, { spamProbability: 0.6, settings: { spamThreshold: 0.6, holdThreshold: 0.5 } })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.55, settings: { spamThreshold: 0.6, holdThreshold: 0.5 } })).toBe('pending');
  });
});

describe('repeat offenders', () => {
  it.each([
    [{ offences: 2, approved: 0 }, 'pending'],
    [{ offences: 3, approved: 2 }, 'pending'],
    [{ offences: 2, approved: 2 }, undefined],
    [{ offences: 1, approved: 0 }, undefined],
    [{ offences: 0, approved: 0 }, undefined],
  ] as const)('%o → %s', async (history, expected) => {
    expect(await verdictOf(repeatOffenders, { history })).toBe(expected);
  });

  it('explains the hold', async () => {
    expect((await run(repeatOffenders, { history: { offences: 4 } }))?.decision?.reason).toBe('4 comments by this author were marked spam or rejected in the last 30 days');
  });
});

describe('site policy', () => {
  const withLink = 'See https://example.org/x';
  it.each([
    ['all', {}, undefined, 'pending'],
    ['all', { approved: 10 }, undefined, 'pending'],
    ['first-time', { approved: 0 }, undefined, 'pending'],
    ['first-time', { approved: 1 }, undefined, undefined],
    ['links', {}, withLink, 'pending'],
    ['links', {}, undefined, undefined],
    ['none', {}, withLink, undefined],
  ] as const)('policy %s, history %o, text %s → %s', async (policy, history, text, expected) => {
    const r = await run(sitePolicy, { settings: { policy }, history, text });
    expect(r?.decision?.verdict).toBe(expected);
    if (expected) expect(r?.decision?.stage).toBe('site-policy');
  });
});

describe('runPipeline', () => {
  const stage = (name: string, result: ReturnType<Stage<unknown>['run']>, log: string[]): Stage<unknown> => ({
    name, run: () => { log.push(name); return result; },
  });

  it('runs the stages in order; the first decision wins and later stages do not run', async () => {
    const log: string[] = [];
    const { decision, record } = await runPipeline([
      stage('one', undefined, log),
      stage('two', { note: 'score 0.4' }, log),
      stage('three', Promise.resolve({ decision: { verdict: 'pending', stage: 'three', reason: 'held' } }), log),
      stage('four', { decision: { verdict: 'spam', stage: 'four', reason: 'never reached' } }, log),
    ], {}, () => 0.4);
    expect(log).toEqual(['one', 'two', 'three']);
    expect(decision).toEqual({ verdict: 'pending', stage: 'three', reason: 'held' });
    expect(record).toEqual({
      verdict: 'pending', decidedBy: 'three', spamScore: 0.4,
      reasons: [{ stage: 'two', reason: 'score 0.4' }, { stage: 'three', reason: 'held' }],
    });
  });

  it('turns a hold into a pending verdict when no later stage decides; the first hold counts', async () => {
    const log: string[] = [];
    const { decision, record } = await runPipeline([
      stage('early', { hold: 'looked rushed' }, log),
      stage('note', { note: 'score 0.1' }, log),
      stage('again', { hold: 'second hold' }, log),
    ], {}, () => 0.1);
    expect(log).toEqual(['early', 'note', 'again']);
    expect(decision).toEqual({ verdict: 'pending', stage: 'early', reason: 'looked rushed' });
    expect(record).toEqual({
      verdict: 'pending', decidedBy: 'early', spamScore: 0.1,
      reasons: [{ stage: 'note', reason: 'score 0.1' }, { stage: 'again', reason: 'second hold' }, { stage: 'early', reason: 'looked rushed' }],
    });
  });

  it('records a deciding stage\'s own note before its decision', async () => {
    const { record } = await runPipeline([stage('s', { note: 'n', decision: { verdict: 'spam', stage: 's', reason: 'r' } }, [])], {}, () => null);
    expect(record.reasons).toEqual([{ stage: 's', reason: 'n' }, { stage: 's', reason: 'r' }]);
    expect(record.spamScore).toBeNull();
  });

  it('publishes what passes every stage, keeping every note', async () => {
    const { decision, record } = await runPipeline([stage('a', { note: 'fine' }, []), stage('b', { note: 'also fine' }, [])], {}, () => 0.01);
    expect(decision).toEqual({ verdict: 'published', stage: 'default', reason: 'passed every check' });
    expect(record.reasons).toEqual([{ stage: 'a', reason: 'fine' }, { stage: 'b', reason: 'also fine' }, { stage: 'default', reason: 'passed every check' }]);
    expect((await runPipeline([], {}, () => 0)).decision.verdict).toBe('published');
  });

  it('carries the status and code of a refusal', async () => {
    const { decision } = await runPipeline(STAGES, ctx({ rateLimit: { waitSeconds: 5, scope: 'author' } }).c, () => 0);
    expect(decision).toMatchObject({ verdict: 'rejected', stage: 'rate-limits', status: 429, code: 'RATE_LIMITED' });
  });

  it('has the stages in the documented order, and a clean comment passes them all with the score noted', async () => {
    expect(STAGES.map((s) => s.name)).toEqual(['form-traps', 'bans', 'rate-limits', 'block-lists', 'duplicates', 'repeat-offenders', 'classifier', 'links', 'site-policy']);
    const { c, calls } = ctx({ form: { honeypot: '', renderedAt: NOW.getTime() - 30_000 } });
    const { decision, record } = await runPipeline(STAGES, c, () => c.spam().spamProbability);
    expect(decision.verdict).toBe('published');
    expect(record.reasons.map((r) => r.stage)).toEqual(['classifier', 'default']);
    expect(record.spamScore).toBe(0.01);
    expect(calls).toMatchObject({ ban: 1, rateLimit: 1, blockList: 1, duplicate: 1 });
  });

  it('stops at a ban before counting the attempt against the rate limit', async () => {
    const { c, calls } = ctx({ ban: { kind: 'account', reason: 'r', expiresAt: null } });
    expect((await runPipeline(STAGES, c, () => 0)).decision.code).toBe('BANNED');
    expect(calls.rateLimit).toBe(0);
  });
});
