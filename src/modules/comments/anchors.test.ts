// The anchoring of inline feedback, as pure functions: plain text, locating quotes before and after edits,
// and marking passages in the body HTML.
import { describe, expect, it } from 'vitest';
import {
  approximateMatches, editDistance, locate, markPassages, normaliseQuote, plainTextOf, PlainTextBuilder, selectorAt, type TextQuote,
} from './anchors.js';
import { renderMarkdown } from '../articles/markdown.js';

const md = (s: string) => renderMarkdown(s, new Map());
const quoteOf = (text: string, exact: string, from = 0): TextQuote => {
  const start = text.indexOf(exact, from);
  if (start < 0) throw new Error(`"${exact}" is not in the text`);
  return selectorAt(text, { start, end: start + exact.length });
};
const at = (text: string, r: { start: number; end: number } | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('plain text of the body HTML', () => {
  it('separates blocks, joins inline elements, decodes entities and collapses white space', () => {
    const html = md('# Title\n\nOne **bold** and [a link](https://example.org/x?a=1&b=2) here.\n\n- first\n- second &amp; third\n\n> quoted\n> lines');
    expect(plainTextOf(html)).toBe('Title One bold and a link here. first second & third quoted lines');
  });

  it('normalises Unicode to NFC and drops soft hyphens', () => {
    expect(plainTextOf('<p>Cafe\u0301 in\u00adcredible</p>')).toBe('Café incredible');
    expect(normaliseQuote({ exact: '  Cafe\u0301\n\n in ' }).exact).toBe('Café in');
  });

  it('is what a builder fed from the same nodes and boundaries gives (how the browser computes it)', () => {
    const b = new PlainTextBuilder();
    b.boundary(); b.add('One '); b.add('bold'); b.add(' and'); b.boundary(); b.boundary(); b.add('\nNext'); b.boundary();
    expect(b.text).toBe('One bold and Next');
    // A raw position maps to the first plain character from there on: "bold" starts at raw 4.
    expect(b.offsetOf(4)).toBe(4);
    expect(b.text.slice(b.offsetOf(8), b.offsetOf(12))).toBe(' and');
  });
});

describe('locate', () => {
  const text = plainTextOf(md([
    'The council met on Monday. The budget was approved after a long debate about the library.',
    '',
    'Residents asked about the bridge. The budget was approved after a long debate about the harbour.',
    '',
    'In the end, the mayor thanked everyone for coming and closed the meeting at nine.',
  ].join('\n')));

  it('finds an exact quote and nothing for a quote that is not there', () => {
    expect(at(text, locate(text, { exact: 'the mayor thanked everyone' }))).toBe('the mayor thanked everyone');
    expect(locate(text, { exact: 'the mayor resigned' })).toBeUndefined();
    expect(locate(text, { exact: '   ' })).toBeUndefined();
  });

  it('tells repeated quotes apart by their context, and by the hint when the context agrees as well', () => {
    const repeated = 'The budget was approved';
    const second = text.indexOf(repeated, text.indexOf(repeated) + 1);
    expect(second).toBeGreaterThan(text.indexOf(repeated));
    // The second occurrence by its context (prefix "…about the bridge. "), whatever the hint says.
    expect(locate(text, quoteOf(text, repeated, second), 0)?.start).toBe(second);
    expect(locate(text, quoteOf(text, repeated), second)?.start).toBe(text.indexOf(repeated));
    // No context: the occurrence nearest the hint.
    expect(locate(text, { exact: repeated }, second - 3)?.start).toBe(second);
    expect(locate(text, { exact: repeated }, 0)?.start).toBe(text.indexOf(repeated));
  });

  it('follows a passage that moved', () => {
    const q = quoteOf(text, 'the mayor thanked everyone for coming');
    const hint = text.indexOf('the mayor thanked');
    const edited = plainTextOf(md('In the end, the mayor thanked everyone for coming and closed the meeting at nine.\n\nThe council met on Monday. Many more words were added here.'));
    const r = locate(edited, q, hint);
    expect(at(edited, r)).toBe('the mayor thanked everyone for coming');
    expect(r!.start).not.toBe(hint);
  });

  it('finds a slightly rewritten passage (fuzzy), and says how it reads now', () => {
    const q = quoteOf(text, 'The budget was approved after a long debate about the harbour');
    const edited = text.replace('The budget was approved after a long debate about the harbour', 'The budget was passed after a lengthy debate about the harbour');
    expect(locate(edited, q, undefined, { fuzzy: false })).toBeUndefined();
    expect(at(edited, locate(edited, q))).toBe('The budget was passed after a lengthy debate about the harbour');
  });

  it('does not place a passage that was deleted', () => {
    const q = quoteOf(text, 'Residents asked about the bridge.');
    const edited = text.replace('Residents asked about the bridge. ', '');
    expect(locate(edited, q)).toBeUndefined();
  });

  it('does not place a passage that was rewritten beyond the threshold', () => {
    const q = quoteOf(text, 'the mayor thanked everyone for coming');
    const edited = text.replace('the mayor thanked everyone for coming', 'a spokesperson read out a statement');
    expect(locate(edited, q)).toBeUndefined();
  });

  it('places a rewritten passage by its unchanged context when the quote changed more than the fuzzy threshold', () => {
    const q = quoteOf(text, 'Residents asked about the bridge.');
    const edited = text.replace('Residents asked about the bridge.', 'Neighbours asked about a bridge.');
    expect(at(edited, locate(edited, q))).toBe('Neighbours asked about a bridge.');
  });

  it('keeps short quotes to exact matches (a few letters would match anywhere)', () => {
    expect(locate('a cat sat on the mat', { exact: 'the hat' })).toBeUndefined();
  });

  it('matches quotes across element boundaries: bold, links and paragraphs', () => {
    const html = md('Before **bold text** and [a link](https://example.org) end.\n\nNext paragraph starts here.');
    const plain = plainTextOf(html);
    // What a browser's selection gives across two paragraphs (line breaks), normalised.
    expect(at(plain, locate(plain, { exact: 'link end.\n\nNext paragraph' }))).toBe('link end. Next paragraph');
    expect(at(plain, locate(plain, { exact: 'bold text and a' }))).toBe('bold text and a');
  });

  it('handles Unicode: composed and decomposed forms, and never splits an emoji', () => {
    const plain = plainTextOf(md('Le café 🎉 est ouvert à Zürich depuis longtemps.'));
    expect(at(plain, locate(plain, { exact: 'cafe\u0301 🎉 est' }))).toBe('café 🎉 est');
    const fuzzy = locate(plain, { exact: 'café 🎊 est ouvert à Zürich' });
    expect(at(plain, fuzzy)).toBe('café 🎉 est ouvert à Zürich');
  });
});

describe('locate in a very long article', () => {
  // Deterministic filler text of about 200,000 characters, with a 1,000-character passage in it.
  const words = ['council', 'budget', 'harbour', 'library', 'bridge', 'residents', 'mayor', 'evening', 'debate', 'vote'];
  let seed = 7;
  const filler = (n: number) => Array.from({ length: n }, () => { seed = (seed * 1103515245 + 12345) % 2147483648; return words[seed % words.length]; }).join(' ');
  const passage = Array.from({ length: 100 }, (_, i) => `line${i} zz`).join(' ').slice(0, 1000);
  const text = `${filler(24000)} ${passage} ${filler(4000)}`;
  const hint = text.indexOf(passage);
  const rewritten = text.replace('line1 zz line2 zz', 'line1 yy line2 yy');

  it('finds a slightly rewritten long passage near its hint within the search budget', () => {
    expect(hint).toBeGreaterThan(170_000);
    const r = locate(rewritten, { exact: passage }, hint);
    expect(r?.start).toBe(hint);
    expect(r && r.end - r.start).toBe(passage.length);
  });

  it('looks only around the hint when the whole text would exceed the budget', () => {
    // Told the passage was at the very start, the window (budget ÷ 250 allowed edits = 40,000 characters) misses it.
    expect(locate(rewritten, { exact: passage }, 0)).toBeUndefined();
  });
});

describe('approximate search and edit distance', () => {
  it('finds the closest alignment within k edits', () => {
    const hits = approximateMatches('xx the quick brown fox yy', 'the quikc brown fox', 3);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ start: 3, end: 22, errors: 2 });
    expect(approximateMatches('nothing alike at all', 'the quick brown fox', 3)).toEqual([]);
  });

  it('computes the Levenshtein distance, with an early stop', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('markPassages', () => {
  const html = md('Before **bold text** and [a link](https://example.org) end.\n\nNext <script> paragraph.');
  const plain = plainTextOf(html);
  const passage = (exact: string, count = 1, href = '?inline=1#comment-7') => {
    const start = plain.indexOf(exact);
    return { start, end: start + exact.length, count, href };
  };

  it('wraps a passage per text node, never across an element edge, and adds its count after it', () => {
    const out = markPassages(html, [passage('bold text and', 2)]);
    expect(out).toContain('<strong><mark class="inline-passage">bold text</mark></strong><mark class="inline-passage"> and</mark>'
      + '<a class="inline-count" href="?inline=1#comment-7" aria-label="2 comments on this passage">2</a>');
    // Marks only add elements: the plain text stays the same apart from the count.
    expect(plainTextOf(out.replace(/<a class="inline-count"[^>]*>\d+<\/a>/g, ''))).toBe(plain);
  });

  it('puts the count after the link a passage ends in (links never nest)', () => {
    const out = markPassages(html, [passage('and a link')]);
    expect(out).toContain('<a href="https://example.org"><mark class="inline-passage">a link</mark></a><a class="inline-count"');
    expect(out).not.toMatch(/<a href="https:\/\/example.org">[^]*<a class="inline-count"[^]*<\/a>[^]*<\/a>/);
  });

  it('marks a passage across paragraphs in each of them', () => {
    const out = markPassages(html, [passage('end. Next')]);
    expect(out).toContain('<mark class="inline-passage">end.</mark></p>');
    expect(out).toContain('<p><mark class="inline-passage">Next</mark><a class="inline-count"');
    expect(out.match(/class="inline-count"/g)).toHaveLength(1);
  });

  it('merges overlapping passages into one mark with the sum of their counts', () => {
    const out = markPassages(html, [passage('bold text'), passage('text and a')]);
    expect(out.match(/class="inline-count"/g)).toHaveLength(1);
    expect(out).toContain('aria-label="2 comments on this passage">2</a>');
  });

  it('keeps everything escaped: the body text and the link', () => {
    const out = markPassages(html, [passage('Next <script> paragraph', 1, '?x="><script>')]);
    expect(out).not.toContain('<script>');
    expect(out).toContain('<mark class="inline-passage">Next &lt;script&gt; paragraph</mark>');
    expect(out).toContain('href="?x=&quot;&gt;&lt;script&gt;"');
  });

  it('leaves the HTML alone without passages, or with ranges outside the text', () => {
    expect(markPassages(html, [])).toBe(html);
    expect(markPassages(html, [{ start: 5, end: 99999, count: 1, href: '#' }])).toBe(html);
  });
});
