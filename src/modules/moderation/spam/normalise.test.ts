import { describe, expect, it } from 'vitest';
import { makeLexicon } from './lexicon.js';
import { normalise } from './normalise.js';
import { registrableDomain } from './text-patterns.js';
import { segment } from './word-joins.js';

const n = (s: string) => normalise(s);

describe('normalise: disguised words', () => {
  it('joins hyphenated fragments of a money offer', () => {
    const r = n('Earn $90 ev-ery hour wor-king from ho-me');
    expect(r.text).toBe('earn $90 every hour working from home');
    expect(r.tokens).toEqual(['earn', '$$', 'every', 'hour', 'working', 'from', 'home']);
    expect(r.features.moneyCount).toBe(1);
    expect(r.features.edits.joined).toBe(3);
    expect(r.features.obfuscationEdits).toBe(3);
  });

  it('removes symbols interleaved between letters', () => {
    expect(n('♥♥q♥x♥♥t♥r♥♥b').text).toBe('qxtrb');
    const r = n('♥♥f♥r♥♥e♥e m♥o♥n♥e♥y');
    expect(r.text).toBe('free money');
    expect(r.tokens).toEqual(['free', 'money']);
    expect(r.features.edits.interleaved).toBeGreaterThanOrEqual(7);
    expect(n('f.r.e.e m-o-n-e-y now!!!').text).toBe('free money now!!!');
    expect(n('sub★scribe to my chan★nel').tokens).toEqual(['subscribe', 'to', 'my', 'channel']);
  });

  it('joins letters spaced out over several words and splits them into words', () => {
    expect(n('f r e e m o n e y at home').text).toBe('free money at home');
    expect(n('c h e c k   m y   p r o f i l e').tokens).toEqual(['check', 'my', 'profile']);
    // "I" and "a" alone are ordinary words
    expect(n('I am a fan').tokens).toEqual(['i', 'am', 'a', 'fan']);
  });

  it('folds Cyrillic and Greek look-alikes inside Latin text', () => {
    const r = n('сlісk hеrе'); // с, і, с, е, е are Cyrillic
    expect(r.text).toBe('click here');
    expect(r.features.edits.confusable).toBe(5);
    expect(n('Ηеllο wοrld').text).toBe('hello world'); // Greek Η, ο and Cyrillic е
  });

  it('leaves Russian and Greek text alone', () => {
    const r = n('Привет, как дела? Отличная песня');
    expect(r.text).toBe('привет, как дела? отличная песня');
    expect(r.features.obfuscationEdits).toBe(0);
    expect(n('Καλημέρα σε όλους').features.obfuscationEdits).toBe(0);
  });

  it('removes zero-width and format characters, counting those inside words', () => {
    const r = n('fr\u200bee mo\u200cn\u2060ey\u00ad click\u200dhere\ufeff');
    expect(r.text).toBe('free money clickhere');
    expect(r.features.edits.invisible).toBe(4);
    // a trailing byte-order mark or an emoji joiner is not a disguise
    expect(n('great song\ufeff').features.obfuscationEdits).toBe(0);
    expect(n('👨\u200d👩\u200d👧 family').features.obfuscationEdits).toBe(0);
    expect(n('mon\u00adey').text).toBe('money');
  });

  it('undoes leetspeak inside words but not in numbers, units or money', () => {
    const r = n('fr33 c4sh');
    expect(r.text).toBe('free cash');
    expect(r.features.edits.leet).toBe(3);
    expect(n('c1ick h3re t0 w1n').tokens).toEqual(['click', 'here', 'to', 'win']);
    expect(n('m0n3y').tokens).toEqual(['money']);
    expect(n('ca$h $ave').tokens).toEqual(['cash', 'save']);
    const plain = n('I paid $90 for 4k 1080p mp3s on the 3rd at 2:30, 5g and 10x faster');
    expect(plain.features.edits.leet).toBe(0);
    expect(plain.tokens).toEqual(['i', 'paid', '$$', 'for', '4k', '1080p', 'mp3s', 'on', 'the', '3rd', 'at', '2', '30', '5g', 'and', '10x', 'faster']);
  });

  it('turns fullwidth, mathematical, circled, squared and small-capital letters into ASCII', () => {
    const r = n('ＦＲＥＥ 𝐦𝐨𝐧𝐞𝐲 ꜰʀᴇᴇ 🅵🆁🅴🅴 Ⓒⓗⓔⓒⓚ');
    expect(r.text).toBe('free money free free check');
    expect(r.features.edits.compatibility).toBe(14); // fullwidth, bold and circled letters
    expect(r.features.edits.confusable).toBe(8); // small capitals and negative squared letters
  });

  it('strips diacritics without counting them as disguises, but counts stacked marks', () => {
    const r = n('Café naïve résumé, ich muß gehen. ¡Qué bueno está! Ça va? Łódź');
    expect(r.text).toBe('cafe naive resume, ich muss gehen. ¡que bueno esta! ca va? lodz');
    expect(r.features.obfuscationEdits).toBe(0);
    expect(n('z̷̢̛a̸̡̛l̶g̴o̵').features.edits.zalgo).toBe(1);
  });

  it('keeps ordinary compounds and abbreviations', () => {
    const r = n('A well-known, long-term, state-of-the-art plan. U.S. e-mail, i.e. Wi-Fi');
    expect(r.text).toBe('a well-known, long-term, state-of-the-art plan. u.s. email, i.e. wifi');
    expect(r.tokens.slice(0, 9)).toEqual(['a', 'well', 'known', 'long', 'term', 'state', 'of', 'the', 'art']);
    expect(r.features.obfuscationEdits).toBe(0);
    expect(n('I don\u2019t think it\'s right').tokens).toEqual(['i', 'dont', 'think', 'its', 'right']);
  });

  it('shortens stretched words', () => {
    const r = n('sooooo goooood freeeee!!!!');
    expect(r.tokens).toEqual(['so', 'good', 'free']);
    expect(r.features.repeatedRuns).toBe(4);
  });
});

describe('normalise: links, money and other features', () => {
  it('extracts URLs first and keeps them intact, with domains and shorteners', () => {
    const r = n('Check out my channel: https://www.YouTube.com/watch?v=AbC123 and bit.ly/xYz!');
    expect(r.text).toBe('check out my channel: https://www.youtube.com/watch?v=AbC123 and bit.ly/xYz!');
    expect(r.tokens).toEqual(['check', 'out', 'my', 'channel', 'and']);
    expect(r.features.linkCount).toBe(2);
    expect(r.features.urls).toEqual(['https://www.YouTube.com/watch?v=AbC123', 'bit.ly/xYz']);
    expect(r.features.domains).toEqual(['youtube.com', 'bit.ly']);
    expect(r.features.shorteners).toEqual(['bit.ly']);
  });

  it('finds bare domains and undoes disguised dots, but not ordinary words', () => {
    expect(n('visit cheapmeds(dot)com now').features.domains).toEqual(['cheapmeds.com']);
    expect(n('go to bestjobs[.]net').features.domains).toEqual(['bestjobs.net']);
    expect(n('www . cashdaily . com').features.linkCount).toBe(1);
    expect(n('my-shop.co.uk/sale and tinyurl.com/abc').features.domains).toEqual(['my-shop.co.uk', 'tinyurl.com']);
    expect(n('I want to.be honest, it.is fine').features.linkCount).toBe(0);
  });

  it('keeps e-mail addresses intact', () => {
    const r = n('mail me at John.Doe@Example.com today');
    expect(r.text).toBe('mail me at john.doe@example.com today');
    expect(r.features.emailCount).toBe(1);
    expect(r.tokens).toEqual(['mail', 'me', 'at', 'today']);
  });

  it('counts money amounts, phone numbers and mentions', () => {
    const r = n('Make 500 dollars a day, €1.5k per week or $90/hour! Call +1 (555) 123-4567. @anna see?');
    expect(r.features.moneyCount).toBe(3);
    expect(r.features.phoneCount).toBe(1);
    expect(r.features.mentionCount).toBe(1);
    expect(n('It has 2,000,000,000 views since 2012').features.moneyCount).toBe(0);
    expect(n('It has 2,000,000,000 views since 2012').features.phoneCount).toBe(0);
  });

  it('measures capitals, exclamations, emoji and length', () => {
    const r = n('FREE MONEY now!!! 🎉🎉');
    expect(r.features.capsRatio).toBeCloseTo(9 / 12);
    expect(r.features.exclamations).toBe(3);
    expect(r.features.emojiCount).toBe(2);
    expect(r.features.length).toBe(20);
    expect(r.tokens).toEqual(['free', 'money', 'now', '🎉', '🎉']);
  });

  it('reads links out of pasted HTML and drops other tags', () => {
    const r = n('Great<br />song <a href="http://x.example.com/a">my page</a> <b>wow</b>');
    expect(r.features.domains).toEqual(['example.com']);
    expect(r.tokens).toEqual(['great', 'song', 'my', 'page', 'wow']);
  });

  it('maps Windows-1252 punctuation that arrived as control characters', () => {
    expect(n('I\u0092m here').tokens).toEqual(['im', 'here']);
  });

  it('cuts very long input and stays fast', () => {
    const long = 'word '.repeat(50_000);
    const t = performance.now();
    const r = n(long);
    expect(performance.now() - t).toBeLessThan(500);
    expect(r.tokens.length).toBeLessThanOrEqual(2000);
  });
});

describe('helpers', () => {
  it('registrableDomain keeps generic second levels', () => {
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(registrableDomain('news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('bit.ly')).toBe('bit.ly');
  });

  it('segment splits run-together common words only', () => {
    const lex = makeLexicon(['the', 'free', 'money', 'click', 'here', 'a', 'i']);
    expect(segment('freemoney', lex)).toEqual(['free', 'money']);
    expect(segment('clickhere', lex)).toEqual(['click', 'here']);
    expect(segment('qxtrbzz', lex)).toBeUndefined();
  });

  it('works with an empty lexicon (joins every hyphenated fragment)', () => {
    const r = normalise('ev-ery wor-king', makeLexicon([]));
    expect(r.tokens).toEqual(['every', 'working']);
  });
});
