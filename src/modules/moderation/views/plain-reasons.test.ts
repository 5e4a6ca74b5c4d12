// The pipeline's reasons in plain words, and the words of the comment they highlight. Examples written for Gazette.
import { describe, expect, it } from 'vitest';
import type { ModerationRecord } from '../pipeline.js';
import { explainRecord, explainToken, highlight, stageLabel, termOf, type Term } from './plain-reasons.js';

const record = (reasons: [string, string][], decidedBy = reasons[reasons.length - 1]![0]): ModerationRecord =>
  ({ verdict: 'pending', decidedBy, reasons: reasons.map(([stage, reason]) => ({ stage, reason })), spamScore: 0.5 });

const marked = (text: string, terms: Term[]) => highlight(text, terms).filter((s) => s.mark).map((s) => s.text);

describe('the spam filter\'s tokens in words', () => {
  const text = 'Earn money in a minute working from home, see bit.ly/x';
  it.each([
    ['money', '“money”'],
    ['work from', '“work from”'],
    ['^ earn', 'starting with “earn”'],
    ['home $', 'ending with “home”'],
    ['check * channel', '“check … channel”'],
    ['~inute', 'the letters “inute” (as in “minute”)'],
    ['~zzq', 'the letters “zzq”'],
    ['__links:1', 'a link'],
    ['__links:2', '2 links'],
    ['__links:3+', '3 or more links'],
    ['__link:bare', 'a link with hardly any words around it'],
    ['__shortener', 'a link to a URL shortener'],
    ['__domain:bit.ly', 'a link to bit.ly'],
    ['__money', 'a money amount or offer'],
    ['__money:2+', 'several money amounts'],
    ['__phone', 'a phone number'],
    ['__caps:high', 'mostly capital letters'],
    ['__obfuscated:3+', 'disguised letters (3 or more undone)'],
    ['__brand_support:yes', 'a sign of spam: brand support yes'],
  ])('%s → %s', (token, words) => {
    expect(explainToken(token, text).words).toBe(words);
  });

  it('never shows the internal form of a token', () => {
    for (const token of ['__links:1', '~inute', '~ mon', '__new-signal', '^ earn', 'home $']) {
      expect(explainToken(token, text).words).not.toMatch(/__|~|\^ | \$/);
    }
  });
});

describe('reasons in plain words', () => {
  const body = 'Earn MONEY from home in a minute!! Details: https://bit.ly/offer';
  it('rewords the spam filter\'s note and collects the words it names', () => {
    const e = explainRecord(record([['classifier', 'spam probability 0.934; strongest signs: money, ~inute, __shortener, ^ earn']]), body);
    expect(e.reasons).toEqual([{
      stage: 'classifier', label: 'Spam filter', deciding: true,
      sentence: 'The spam filter rates it 93 % likely spam; strongest signs: “money”, the letters “inute” (as in “minute”), a link to a URL shortener, starting with “earn”',
    }]);
    expect(marked(body, e.terms)).toEqual(['Earn', 'MONEY', 'minute']);
  });

  it('names a sign once', () => {
    const e = explainRecord(record([['classifier', 'spam probability 0.990; strongest signs: __link, __links:1, weekly']]), 'paid weekly');
    expect(e.reasons[0]!.sentence).toBe('The spam filter rates it 99 % likely spam; strongest signs: a link, “weekly”');
  });

  it('says when a comment offering no way to act was held rather than marked spam', () => {
    const e = explainRecord(record([['classifier', 'spam probability 0.995 (offers no way to act: held, never marked spam); strongest signs: salary, __money']]), 'my salary is $40k');
    expect(e.reasons[0]!.sentence).toBe('The spam filter rates it more than 99 % likely spam (it offers no link, contact or request, so it is held rather than marked spam); strongest signs: “salary”, a money amount or offer');
  });

  it('says when the score was capped, and rounds the extremes', () => {
    const [capped] = explainRecord(record([['classifier', 'spam probability 0.800 (capped: no strong sign of spam)']]), '').reasons;
    expect(capped!.sentence).toBe('The spam filter rates it 80 % likely spam (held below “likely spam”: no single strong sign)');
    expect(explainRecord(record([['classifier', 'spam probability 0.0004']]), '').reasons[0]!.sentence).toBe('The spam filter rates it less than 1 % likely spam');
    expect(explainRecord(record([['classifier', 'spam probability 0.998']]), '').reasons[0]!.sentence).toBe('The spam filter rates it more than 99 % likely spam');
  });

  it('names no signs (and highlights nothing) when the filter finds the comment unlikely spam', () => {
    const e = explainRecord(record([['classifier', 'spam probability 0.300; strongest signs: money, bulk']]), 'money in bulk');
    expect(e.reasons[0]!.sentence).toBe('The spam filter rates it 30 % likely spam');
    expect(e.terms).toEqual([]);
  });

  it('rewords the link, duplicate and block-list reasons, highlighting what they name', () => {
    const e = explainRecord(record([
      ['classifier', 'spam probability 0.100'],
      ['block-lists', 'contains the blocked phrase "cheap pills"'],
    ]), 'Buy cheap   pills here, not cheap vitamins');
    expect(e.reasons.map((r) => [r.label, r.sentence, r.deciding])).toEqual([
      ['Spam filter', 'The spam filter rates it 10 % likely spam', false],
      ['Block list', 'Contains the blocked phrase “cheap pills”', true],
    ]);
    expect(marked('Buy cheap   pills here, not cheap vitamins', e.terms)).toEqual(['cheap   pills']);
    const links = explainRecord(record([['links', 'a link shortener hides where the link goes (bit.ly)']]), body);
    expect(links.reasons[0]!.sentence).toBe('Links to a URL shortener (bit.ly), which hides where the link goes');
    expect(marked(body, links.terms)).toEqual(['bit.ly']);
    expect(explainRecord(record([['links', '4 links (more than 2)']]), '').reasons[0]!.sentence).toBe('Has 4 links (the site allows 2)');
    expect(explainRecord(record([['duplicates', 'the same text was posted 3 min ago (comment #41)']]), '').reasons[0]!.sentence)
      .toBe('Repeats comment #41, posted 3 min earlier');
  });

  it('reads reasons of stages it does not know, translating any token in them', () => {
    const e = explainRecord(record([['link-reputation', 'domain seen in 3 earlier spam comments (__domain:cheap-pills.example)']]), 'see cheap-pills.example now');
    expect(e.reasons[0]).toEqual({
      stage: 'link-reputation', label: 'Link reputation', deciding: true,
      sentence: 'Domain seen in 3 earlier spam comments (a link to cheap-pills.example)',
    });
    expect(marked('see cheap-pills.example now', e.terms)).toEqual(['cheap-pills.example']);
    expect(stageLabel('brand-names')).toBe('Brand names');
    expect(stageLabel('')).toBe('Check');
    expect(explainRecord(record([['promotion', 'asks for likes, subscribers or followers']]), '').reasons[0]!.sentence).toBe('Asks for likes, subscribers or followers');
  });

  it('survives a record with missing or odd fields', () => {
    const odd = { verdict: 'pending', decidedBy: 'x', reasons: [{ stage: 7, reason: null }], spamScore: null } as unknown as ModerationRecord;
    expect(explainRecord(odd, 'text').reasons).toEqual([{ stage: '', label: 'Check', sentence: 'No reason given', deciding: false }]);
    expect(explainRecord({ ...odd, reasons: undefined } as unknown as ModerationRecord, 'text').reasons).toEqual([]);
  });
});

describe('highlighting', () => {
  it('marks whole words in any case and any script, not words that merely contain them', () => {
    const text = 'Crédit rapide, CRÉDIT facile; discrédit reste.';
    expect(marked(text, [termOf('crédit')!])).toEqual(['Crédit', 'CRÉDIT']);
  });

  it('marks the words a piece belongs to, at the start or end of a word when the piece says so', () => {
    const text = 'Monday money moneyed honey';
    expect(marked(text, [termOf('one', true, true)!])).toEqual(['money', 'moneyed', 'honey']);
    expect(marked(text, [termOf('mon', false, true)!])).toEqual(['Monday', 'money', 'moneyed']);
    expect(marked(text, [termOf('ney', true, false)!])).toEqual(['money', 'honey']);
  });

  it('keeps every character of the text, in order', () => {
    const text = '<b>Free</b> money & "more" — 100 % ';
    const segments = highlight(text, [termOf('money')!, termOf('free')!]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['Free', 'money']);
    expect(highlight('', [termOf('x')!])).toEqual([]);
  });

  it('takes linear time on a long comment made of one word', () => {
    const text = 'a'.repeat(10_000);
    expect(marked(text, [termOf('aab', true, true)!])).toEqual([]);
  });
});
