import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SITE_WEIGHT, SpamClassifier, FALLBACK_SPAM_THRESHOLD, MIN_STRONG_EVIDENCE, WEAK_EVIDENCE_CAP,
} from './classifier.js';
import type { ModelJSON } from './model-counts.js';
import { normalise } from './normalise.js';
import { loadShippedModel } from './shipped-model.js';
import { documentTokens, featureTokens, groupOf } from './tokens.js';

const SPAM = [
  'check out my channel and subscribe',
  'earn money from home, visit my profile',
  'free gift cards, click the link in my bio',
  'subscribe to my channel for a shoutout',
];
const HAM = [
  'this song is amazing',
  'great article, thanks for the reporting',
  'the council vote was a disgrace',
  'who is still listening to this song',
];

function tiny(params = {}): SpamClassifier {
  const c = new SpamClassifier({ params: { alpha: 0.5, ...params } });
  for (const s of SPAM) c.train(s, 'spam');
  for (const h of HAM) c.train(h, 'ham');
  return c;
}

describe('tokens', () => {
  it('makes word, bigram, skip-bigram, edge, char n-gram and feature tokens', () => {
    const t = documentTokens(normalise('Check my channel!!! http://bit.ly/x'));
    expect(t).toEqual(expect.arrayContaining([
      'check', 'channel', 'check my', 'my channel', 'check * channel', '^ check', 'channel $',
      '~che', '~chec', '~check', '~ my ', '__link', '__links:1', '__shortener', '__domain:bit.ly', '__excl:3+',
    ]));
    expect(new Set(t).size).toBe(t.length);
    // function words: no unigram, no pair made only of them; pairs with a content word keep them
    expect(t).not.toContain('my');
    const f = documentTokens(normalise('You and your family'));
    expect(f).toEqual(expect.arrayContaining(['family', 'your family', 'and * family', '^ you', 'family $']));
    for (const x of ['you', 'and', 'your', 'you and', 'and your', 'you * your']) expect(f).not.toContain(x);
    expect(groupOf('check')).toBe(0);
    expect(groupOf('my channel')).toBe(1);
    expect(groupOf('~chan')).toBe(2);
    expect(groupOf('__money')).toBe(3);
  });

  it('bins the features', () => {
    const f = normalise('ＦＲＥＥ $90 AND $50 at http://a.example.com http://b.example.org http://c.example.net').features;
    expect(featureTokens(f)).toEqual([
      '__link', '__links:3+', '__domain:example.com', '__domain:example.org', '__domain:example.net', '__money', '__money:2+',
      '__caps:high', '__obfuscated:3+',
    ]);
    expect(featureTokens(normalise('ev-ery hour').features)).toEqual(['__obfuscated:1']);
    expect(featureTokens(normalise('a normal comment').features)).toEqual([]);
  });
});

describe('SpamClassifier', () => {
  it('learns and scores, with reasons', () => {
    const c = tiny();
    const s = c.score('please subscribe to my channel');
    const h = c.score('what an amazing song');
    expect(s.spamProbability).toBeGreaterThan(0.9);
    expect(h.spamProbability).toBeLessThan(0.1);
    // a model trained from scratch carries no calibrated threshold
    expect(c.threshold).toBe(FALLBACK_SPAM_THRESHOLD);
    expect(s.isSpam).toBe(s.spamProbability >= c.threshold);
    expect(s.reasons.length).toBeGreaterThan(0);
    expect(s.reasons[0]!.llr).toBeGreaterThan(0);
    const abs = s.reasons.map((r) => Math.abs(r.llr));
    expect([...abs].sort((x, y) => y - x)).toEqual(abs);
    expect(s.reasons.map((r) => r.token)).toContain('my channel');
    expect(s.normalised.tokens).toEqual(['please', 'subscribe', 'to', 'my', 'channel']);
  });

  it('caps a score made only of weak evidence, and lifts the cap for one strong sign', () => {
    // the same number of comments and tokens per class; every token of `sentence` leans a little
    // towards spam (12 : 9), none strongly
    const c = new SpamClassifier({ params: { alpha: 1 } });
    const sentence = 'quiet harbour morning boats gulls over grey water near town';
    const filler = 'bright garden evening under pines while cats nap beside walls';
    c.train(sentence, 'spam', { weight: 12 });
    c.train(sentence, 'ham', { weight: 9 });
    c.train(filler, 'ham', { weight: 3 });
    const weak = c.score(sentence, 100);
    expect(Math.max(...weak.reasons.map((r) => r.llr))).toBeLessThan(MIN_STRONG_EVIDENCE);
    expect(weak.weakEvidence).toBe(true);
    expect(weak.spamProbability).toBeCloseTo(WEAK_EVIDENCE_CAP, 10);
    expect(weak.isSpam).toBe(false);
    // one token seen only in spam is a strong sign: the uncapped sum decides
    c.train('jackpot', 'spam', { weight: 5 });
    const strong = c.score(`${sentence} jackpot`);
    expect(c.tokenLLR('jackpot')).toBeGreaterThanOrEqual(MIN_STRONG_EVIDENCE);
    expect(strong.weakEvidence).toBeUndefined();
    expect(strong.spamProbability).toBeGreaterThan(0.99);
    // ham-ward scores are never touched by the cap
    const ham = c.score(filler);
    expect(ham.weakEvidence).toBeUndefined();
    expect(ham.spamProbability).toBeLessThan(0.5);
  });

  it('ignores tokens it has never seen', () => {
    const c = tiny();
    expect(c.tokenLLR('zzzqqq')).toBe(0);
    expect(c.score('zzzqqq').logit).toBeCloseTo(c.score('').logit);
  });

  it('untrain() exactly reverses train()', () => {
    const c = tiny();
    const before = JSON.stringify(c.toJSON());
    const p = c.score('free money now').spamProbability;
    c.train('free money now, totally new words here', 'spam', { weight: 3 });
    expect(c.score('free money now').spamProbability).toBeGreaterThan(p);
    c.untrain('free money now, totally new words here', 'spam', { weight: 3 });
    expect(JSON.stringify(c.toJSON())).toBe(before);
    expect(c.score('free money now').spamProbability).toBeCloseTo(p, 12);
  });

  it('a correction moves a comment from one class to the other', () => {
    const c = tiny();
    const text = 'subscribe to the newsletter of the council';
    c.train(text, 'spam');
    c.untrain(text, 'spam');
    c.train(text, 'ham');
    expect(c.toJSON().docs).toEqual([4, 5]);
  });

  it('serialises to sorted JSON and back without changing any score', () => {
    const c = tiny();
    const json = c.toJSON({ note: 'test' });
    const keys = Object.keys(json.tokens);
    expect(keys).toEqual([...keys].sort());
    expect(json.format).toBe('gazette-spam-nb');
    expect(json.about).toEqual({ note: 'test' });
    const back = SpamClassifier.fromJSON(JSON.parse(JSON.stringify(json)) as ModelJSON);
    for (const t of [...SPAM, ...HAM, 'random new text', 'ＦＲＥＥ m0ney http://bit.ly/x']) {
      expect(back.score(t).logit).toBeCloseTo(c.score(t).logit, 9);
    }
    expect(JSON.stringify(back.toJSON({ note: 'test' }))).toBe(JSON.stringify(json));
    expect(() => SpamClassifier.fromJSON({ ...json, format: 'other' } as unknown as ModelJSON)).toThrow(/gazette-spam-nb/);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(tiny().toJSON())).toBe(JSON.stringify(tiny().toJSON()));
  });

  it('rejects unknown labels', () => {
    expect(() => tiny().train('x', 'maybe' as 'spam')).toThrow(/label/);
  });

  it('prune() keeps totals and the scores carried by the kept tokens', () => {
    const c = tiny();
    const totals = c.toJSON().totals;
    c.prune({ word: 5, bigram: 3, char: 10 }, 1);
    const j = c.toJSON();
    expect(j.totals).toEqual(totals);
    expect(j.vocab).toBeDefined();
    const groups = Object.keys(j.tokens).map(groupOf);
    expect(groups.filter((g) => g === 0).length).toBeLessThanOrEqual(5);
    expect(groups.filter((g) => g === 2).length).toBeLessThanOrEqual(10);
    expect(c.score('subscribe to my channel').spamProbability).toBeGreaterThan(0.5);
    // the recorded vocabulary survives a round trip
    expect(SpamClassifier.fromJSON(j).score('subscribe').logit).toBeCloseTo(c.score('subscribe').logit, 9);
  });
});

describe('site learning on top of a base model', () => {
  const campaign = [
    'join the golden circle club, members earn weekly',
    'golden circle club pays weekly, join today',
    'i joined the golden circle club last month',
  ];

  it('site counts dominate quickly and leave the base untouched', () => {
    const base = tiny();
    const baseJson = JSON.stringify(base.toJSON());
    const site = SpamClassifier.onTopOf(base, DEFAULT_SITE_WEIGHT);
    const probe = 'the golden circle club is great';
    expect(site.score(probe).logit).toBeCloseTo(base.score(probe).logit, 9);
    for (const t of campaign) site.train(t, 'spam');
    expect(site.score(probe).spamProbability).toBeGreaterThan(0.99);
    expect(JSON.stringify(base.toJSON())).toBe(baseJson);
    // only the site's own counts are serialised, and they reload onto the same base
    const siteJson = site.toJSON();
    expect(siteJson.docs).toEqual([3, 0]);
    const reloaded = SpamClassifier.onTopOf(base, DEFAULT_SITE_WEIGHT, siteJson);
    expect(reloaded.score(probe).logit).toBeCloseTo(site.score(probe).logit, 9);
  });

  it('flatten() merges the site counts into a standalone copy that scores the same', () => {
    const base = tiny();
    const site = SpamClassifier.onTopOf(base, 7);
    for (const t of campaign) site.train(t, 'spam');
    site.train('lovely song, thanks for sharing', 'ham');
    const merged = site.flatten();
    for (const t of ['the golden circle club', 'lovely song', 'subscribe to my channel', 'brand new words']) {
      expect(merged.score(t).logit).toBeCloseTo(site.score(t).logit, 9);
    }
    expect(merged.toJSON().docs).toEqual([4 + 3 * 7, 4 + 7]);
  });

  it('a larger site weight moves the score further', () => {
    const base = tiny();
    const weak = SpamClassifier.onTopOf(base, 1);
    const strong = SpamClassifier.onTopOf(base, 50);
    for (const c of [weak, strong]) c.train(campaign[0]!, 'spam');
    const probe = 'golden circle club';
    expect(strong.score(probe).logit).toBeGreaterThan(weak.score(probe).logit);
    expect(() => SpamClassifier.onTopOf(base, 0)).toThrow(/siteWeight/);
  });

  it('equals training the base directly when the site weight is 1', () => {
    const a = tiny();
    a.train(campaign[0]!, 'spam');
    const site = SpamClassifier.onTopOf(tiny(), 1);
    site.train(campaign[0]!, 'spam');
    for (const t of ['golden circle', 'this song is amazing', 'subscribe']) {
      expect(site.score(t).logit).toBeCloseTo(a.score(t).logit, 9);
    }
  });
});

describe('shipped default model', () => {
  const shipped = loadShippedModel();
  const model = shipped.classifier;

  it('loads once and is reasonably small', () => {
    expect(loadShippedModel()).toBe(shipped);
    expect(model.size).toBeGreaterThan(10_000);
    expect(model.size).toBeLessThan(200_000);
  });

  it('carries its calibrated threshold, and decides with it', () => {
    expect(model.spamThreshold).toBeDefined();
    expect(shipped.threshold).toBe(model.spamThreshold);
    expect(model.threshold).toBe(shipped.threshold);
    // the build searches [0.85, 0.95]; the weak-evidence cap must stay below it
    expect(shipped.threshold).toBeGreaterThanOrEqual(0.85);
    expect(shipped.threshold).toBeLessThanOrEqual(0.95);
    expect(WEAK_EVIDENCE_CAP).toBeLessThan(shipped.threshold);
    for (const text of ['Earn $90 ev-ery hour wor-king from ho-me', 'Great article', 'check my channel']) {
      const s = model.score(text);
      expect(s.isSpam).toBe(s.spamProbability >= shipped.threshold);
    }
  });

  it.each([
    'Earn $90 ev-ery hour wor-king from ho-me, more info on my pro-file',
    '♥♥f♥r♥♥e♥e m♥o♥n♥e♥y♥♥ just visit my page',
    'сlісk hеrе for fr33 c4sh http://bit.ly/3xYzq',
    'Hey everyone, please check out my new channel and subscribe, I upload covers every week!',
    'Make $5000 a month working from home, no experience needed. Details at www.cash-from-home.biz',
  ])('flags spam: %s', (text) => {
    expect(model.score(text).isSpam).toBe(true);
  });

  it.each([
    'Great article, thanks for covering the council meeting.',
    'This song still gives me goosebumps after all these years',
    'lol',
    'I disagree, the new cycle lanes have made the town centre much safer.',
    'The tickets cost $40 each which is a lot for a family of five.',
    'Qué canción tan bonita, saludos desde Chile',
    'Does anyone know when the bridge reopens?',
    'Thank you for your work',
    'You and your family are in our thoughts',
    'We love you',
    'We pray for you',
    'Best wishes to all of you',
  ])('passes ham: %s', (text) => {
    expect(model.score(text).isSpam).toBe(false);
  });

  it('a site classifier learns a new campaign on top of it, and keeps its threshold', () => {
    const site = SpamClassifier.onTopOf(model);
    expect(site.threshold).toBe(shipped.threshold);
    const text = 'Join the golden circle club, members earn weekly';
    const before = site.score(text).spamProbability;
    site.train(text, 'spam');
    site.train('golden circle club members earn every week, join now', 'spam');
    expect(site.score('the golden circle club, members earn weekly').spamProbability).toBeGreaterThan(before);
    expect(site.score('the golden circle club, members earn weekly').isSpam).toBe(true);
    expect(site.score('Great article, thanks for covering the council meeting.').isSpam).toBe(false);
  });

});

describe('model threshold in the JSON', () => {
  it('round-trips right after the version, and is absent from site counts', () => {
    const m = new SpamClassifier();
    m.train('free money now', 'spam');
    m.train('nice article', 'ham');
    expect(m.toJSON().spamThreshold).toBeUndefined();
    m.spamThreshold = 0.973;
    const text = JSON.stringify(m.toJSON());
    expect(text.startsWith('{"format":"gazette-spam-nb","version":1,"spamThreshold":0.973,')).toBe(true);
    expect(SpamClassifier.fromJSON(text).spamThreshold).toBe(0.973);
    expect(SpamClassifier.fromJSON(text).threshold).toBe(0.973);
    const site = SpamClassifier.onTopOf(m);
    site.train('more free money', 'spam');
    expect(site.toJSON().spamThreshold).toBeUndefined();
    expect(FALLBACK_SPAM_THRESHOLD).toBe(0.9);
  });

  it('decides with its own threshold, else its base model\'s, else the fallback', () => {
    const m = new SpamClassifier();
    m.train('free money now', 'spam');
    m.train('nice article', 'ham');
    const p = m.score('free money').spamProbability;
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(1);
    m.spamThreshold = p;
    expect(m.score('free money').isSpam).toBe(true);
    m.spamThreshold = p + (1 - p) / 2;
    expect(m.score('free money').isSpam).toBe(false);
    const site = SpamClassifier.onTopOf(m);
    expect(site.threshold).toBe(m.spamThreshold);
    expect(site.score('free money').isSpam).toBe(false);
    expect(site.flatten().threshold).toBe(m.spamThreshold);
    // a value that is no probability threshold is ignored
    m.spamThreshold = 7;
    expect(m.threshold).toBe(FALLBACK_SPAM_THRESHOLD);
    expect(SpamClassifier.fromJSON({ ...m.toJSON(), spamThreshold: 0 }).threshold).toBe(FALLBACK_SPAM_THRESHOLD);
  });
});
