// The block-lists stage on its own, with hand-built contexts: phrases (even disguised, never inside another
// word), e-mail addresses, domains in addresses and links, and network ranges; and IP range matching itself.
import { describe, expect, it } from 'vitest';
import { ipInRange, isValidRange } from '../ip-range.js';
import { normalise } from '../spam/normalise.js';
import { blockLists, phraseMatches } from './block-lists.js';
import { run, verdictOf } from './stages.test-kit.js';

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
