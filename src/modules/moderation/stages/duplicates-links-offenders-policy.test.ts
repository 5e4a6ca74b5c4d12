// Four stages on their own, with hand-built contexts: duplicates (the same longer text again), links (too many,
// shorteners, a first-timer's link), repeat offenders, and the site's pre-moderation policy.
import { describe, expect, it } from 'vitest';
import { duplicates, DUPLICATE_MIN_LENGTH } from './duplicates.js';
import { repeatOffenders } from './repeat-offenders.js';
import { links } from './links.js';
import { sitePolicy } from './site-policy.js';
import { ctx, NOW, run, verdictOf } from './stages.test-kit.js';

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

  it('marks a text already judged spam as spam again, at any age and with the window off, counting the matches', async () => {
    expect((await run(duplicates, { text: long, earlierSpam: { count: 3, latestId: 40 } }))?.decision)
      .toEqual({ verdict: 'spam', stage: 'duplicates', reason: 'matches 3 earlier spam comments (the latest: comment #40)' });
    expect((await run(duplicates, { text: long, earlierSpam: { count: 1, latestId: 9 }, settings: { duplicateWindowHours: 0 } }))?.decision?.reason)
      .toBe('matches an earlier spam comment (the latest: comment #9)');
    // A match with spam is the stronger reason when the text is also a recent duplicate.
    expect((await run(duplicates, { text: long, duplicate: dup, earlierSpam: { count: 2, latestId: 12 } }))?.decision?.reason).toMatch(/^matches 2 earlier spam/);
    expect(await run(duplicates, { text: 'Thanks a lot for this !', earlierSpam: { count: 5, latestId: 1 } })).toBeUndefined();
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
