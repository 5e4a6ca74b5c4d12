// The site layer (site-layer.ts, SpamClassifier with a base after trainOnError) and the hold threshold
// calibrated as the classifier stage decides (calibrateHoldThreshold). Examples of our own: a small
// gardening site whose readers talk about its articles, and spam that talks about itself.
import { describe, expect, it } from 'vitest';
import { SpamClassifier } from './classifier.js';
import { calibrateHoldThreshold, CONFIDENT_THRESHOLD, HOLD_THRESHOLD_FLOOR, SITE_THRESHOLD_MAX } from './calibrate.js';
import { normalise } from './normalise.js';
import { offersAWayToAct } from './reach-out.js';
import { TOPIC_WEIGHT, TopicCentroids, topicGrams } from './site-layer.js';
import { CONFIDENT_SPAM_THRESHOLD } from '../../settings/settings.service.js';
import { GARDENING_HAM, trainedOn } from './classifier.test-kit.js';

const HAM = GARDENING_HAM;
const SPAM = [
  'Hey everyone check out my channel, I post new beats every week, subscribe please',
  'I make music videos, please subscribe to my channel and leave a like',
  'Check out my new video, it would mean a lot, subscribe for more',
  'Subscribe to my channel for daily vlogs and giveaways',
  'New rapper here, check out my channel and my latest video, thanks',
  'Please watch my video and subscribe, my channel is growing fast',
];
const rows = () => [
  ...HAM.map((text) => ({ text, label: 'ham' as const })),
  ...SPAM.map((text) => ({ text, label: 'spam' as const })),
];

/** A small base model that knows a little of both kinds. */
const base = (): SpamClassifier => trainedOn([
  ['earn money from home, visit my profile', 'spam'], ['cheap pills online, click here', 'spam'],
  ['thanks for the careful reporting', 'ham'], ['the council meeting was packed on tuesday', 'ham'],
], 3);

describe('topic centroids', () => {
  it('are the distinct character 4-grams of the words', () => {
    expect(topicGrams(normalise('Hi hi'))).toEqual([' hi ', 'hi h', 'i hi', ' hi ', 'hi h'].filter((g, i, a) => a.indexOf(g) === i));
    expect(topicGrams(normalise(''))).toEqual([]);
  });

  it('say whether a comment is closer to the learned spam or to the learned ham, and forget on request', () => {
    const t = new TopicCentroids();
    const close = normalise('check out my channel and subscribe');
    expect(t.ready).toBe(false);
    expect(t.similarity(close)).toBe(0);
    for (const s of SPAM) t.add(normalise(s), 'spam');
    expect(t.ready).toBe(false); // no ham yet
    for (const h of HAM) t.add(normalise(h), 'ham');
    expect(t.ready).toBe(true);
    const spamLike = t.similarity(close);
    const onTopic = t.similarity(normalise('raised beds and mulch for the tomatoes'));
    expect(spamLike).toBeGreaterThan(0.1);
    expect(onTopic).toBeLessThan(-0.1);
    expect(Math.abs(spamLike)).toBeLessThanOrEqual(1);
    // taking every spam out again leaves no spam centroid
    for (const s of SPAM) t.add(normalise(s), 'spam', -1);
    expect(t.ready).toBe(false);
    expect(t.similarity(close)).toBe(0);
  });
});

describe('site layer of a site classifier', () => {
  it('is off until the site learns a batch, and never on for a base model', () => {
    const b = base();
    b.trainOnError(rows());
    expect(b.siteLayer).toBe(false); // a model built from scratch (the shipped one) has no site layer
    const site = SpamClassifier.onTopOf(base());
    for (const r of rows()) site.train(r.text, r.label); // moderator decisions alone
    expect(site.siteLayer).toBe(false);
    expect(site.score('check out my channel').siteTopic).toBeUndefined();
  });

  it('lifts self-promotion that is far from the site\'s discussion, and lowers comments about its articles', () => {
    const plain = SpamClassifier.onTopOf(base());
    const site = SpamClassifier.onTopOf(base());
    site.trainOnError(rows());
    for (const r of rows()) plain.train(r.text, r.label); // the same counts or more, no layer
    expect(site.siteLayer).toBe(true);
    const promo = 'Check out my channel, I just started making videos about my life';
    const reader = 'We built raised beds after reading this, the tomatoes love them';
    const s = site.score(promo);
    expect(s.siteTopic).toBeGreaterThan(0);
    expect(site.score(reader).siteTopic).toBeLessThan(0);
    // the layer's term is the topic similarity times its weight
    expect(s.siteTopic).toBeCloseTo(TOPIC_WEIGHT * (() => {
      const t = new TopicCentroids();
      for (const r of rows()) t.add(normalise(r.text), r.label);
      return t.similarity(normalise(promo));
    })(), 10);
    // the word counts alone are still available, and train-on-error decides from them
    expect(site.score(promo, 0, { layer: false }).siteTopic).toBeUndefined();
    expect(s.spamProbability).toBeGreaterThan(site.score(promo, 0, { layer: false }).spamProbability);
  });

  it('judges a long friendly self-promotion by what it is about, not by how many ordinary words it has', () => {
    const site = SpamClassifier.onTopOf(base());
    site.trainOnError(rows());
    const story = 'Hello everyone, hope you all have a lovely week, I just wanted to say hi to all of you reading this. ';
    const short = site.score('check out my channel and subscribe', 0);
    const long = site.score(`${story.repeat(3)} check out my channel and subscribe`, 0);
    // closeness is a cosine: it does not grow with length, and stays on the spam side
    expect(long.siteTopic).toBeGreaterThan(0);
    expect(short.siteTopic).toBeGreaterThan(0);
    expect(long.logit - site.score(`${story.repeat(3)} check out my channel and subscribe`, 0, { layer: false }).logit).toBeCloseTo(long.siteTopic!, 10);
  });
});

describe('hold threshold calibrated as the classifier stage decides', () => {
  it('uses the settings\' confident threshold for comments that offer no way to act', () => {
    expect(CONFIDENT_THRESHOLD).toBe(CONFIDENT_SPAM_THRESHOLD);
  });

  it('keeps the base threshold with nothing to calibrate on, and stays within [floor, max]', () => {
    const b = base();
    expect(calibrateHoldThreshold(b, [])).toBe(b.threshold);
    expect(calibrateHoldThreshold(b, SPAM.map((text) => ({ text, label: 'spam' as const })))).toBe(b.threshold);
    const t = calibrateHoldThreshold(b, rows());
    expect(t).toBeGreaterThanOrEqual(HOLD_THRESHOLD_FLOOR);
    expect(t).toBeLessThanOrEqual(Math.max(SITE_THRESHOLD_MAX, b.threshold));
    expect(calibrateHoldThreshold(b, rows())).toBe(t); // deterministic
  });

  it('goes below the base threshold when the site\'s ham that offers a way to act allows it, not otherwise', () => {
    const b = base();
    // the site's ham never asks the reader to act: only the confident threshold could flag it
    expect(HAM.some((h) => offersAWayToAct(normalise(h)))).toBe(false);
    expect(calibrateHoldThreshold(b, rows())).toBe(HOLD_THRESHOLD_FLOOR);
    // legitimate comments worded like the site's spam (a reader's own gardening channel): held out, they
    // score like spam, so the bar must rise above where they land
    const asking = ['Check out my channel, I post new garden videos every week, subscribe', 'Please subscribe to my channel, I film my allotment',
      'I make videos too, check out my channel about raised beds'].map((text) => ({ text, label: 'ham' as const }));
    expect(offersAWayToAct(normalise(asking[0]!.text))).toBe(true);
    expect(calibrateHoldThreshold(b, [...rows(), ...asking])).toBeGreaterThan(HOLD_THRESHOLD_FLOOR);
  });
});
