// A site's ham-evidence limit (SpamClassifier.score's hamEvidenceLimit, site-layer.ts) and its choice by
// the site's own cross-validation (site-variant.ts). Examples of our own: a small gardening site whose
// readers talk about its articles, and spam that wraps a request in a long friendly story.
import { describe, expect, it } from 'vitest';
import { SpamClassifier } from './classifier.js';
import { chooseSiteVariant, HAM_EVIDENCE_LIMITS } from './site-variant.js';
import { strongestHamEvidence } from './site-layer.js';
import { loadShippedModel } from './shipped-model.js';
import { GARDENING_HAM } from './classifier.test-kit.js';

const HAM = [
  ...GARDENING_HAM,
  'Lovely photos of the walled garden, the espaliered pears are a real inspiration',
  'My grandmother grew beans up the same kind of hazel poles, good memories',
];
const STORY = 'Hello everyone, I hope you are all having a lovely week with your family, the weather here has been wonderful. ';
// self-promotion in ordinary words, each wrapped in its own friendly story
const SPAM = [
  `${STORY}I am a young singer and my first song is on my page now, have a listen`,
  'What a week it has been, the kids are back at school and the dog finally learned to sit, we are so proud. I just started making short films with my friends, they are on my page',
  'Good morning from a rainy town, my grandmother says hello to all of you and sends her love. We are a small band from Leeds and our new song is out, have a listen on my page',
  'I have been reading this site for years with my dad and we always talk about it at dinner. I paint birds and flowers and my new pictures are on my page, have a look',
  'Such a kind community here, everyone is always helpful and friendly, it makes my day. My little brother makes funny videos with the cat, have a look on my page',
  'Autumn is my favourite time of year, the leaves and the cold mornings and hot tea. I write poems about the seasons and my new one is on my page, have a read',
];
const rows = () => [
  ...HAM.map((text) => ({ text, label: 'ham' as const })),
  ...SPAM.map((text) => ({ text, label: 'spam' as const })),
];
const base = (): SpamClassifier => loadShippedModel().classifier;

describe('the ham-evidence limit', () => {
  it('sums only the strongest ham-ward contributions', () => {
    expect(strongestHamEvidence([-0.1, -2, -0.5], 2)).toBeCloseTo(-2.5, 10);
    expect(strongestHamEvidence([-0.1, -2, -0.5], 5)).toBeCloseTo(-2.6, 10);
    expect(strongestHamEvidence([], 1)).toBe(0);
  });

  it('applies to a site classifier with its layer on, and to nothing else', () => {
    const site = SpamClassifier.onTopOf(base());
    site.trainOnError(rows());
    const long = `${STORY.repeat(3)}check out my channel and subscribe`;
    const all = site.score(long, 0);
    const limited = site.score(long, 0, { hamEvidenceLimit: 3 });
    // a long friendly story's many small ham-ward leans no longer bury the request
    expect(limited.logit).toBeGreaterThan(all.logit);
    expect(site.score(long, 0, { hamEvidenceLimit: null }).logit).toBe(all.logit);
    expect(site.score(long, 0, { hamEvidenceLimit: 100_000 }).logit).toBeCloseTo(all.logit, 10);
    // the word counts alone (train-on-error's view) and a model without a site layer ignore it
    expect(site.score(long, 0, { layer: false, hamEvidenceLimit: 3 }).logit).toBe(site.score(long, 0, { layer: false }).logit);
    const b = base();
    expect(b.score(long, 0, { hamEvidenceLimit: 3 }).logit).toBe(b.score(long, 0).logit);
  });
});

describe('the site\'s choice by its own cross-validation', () => {
  it('keeps all the evidence and the base threshold with nothing to calibrate on', () => {
    const b = base();
    for (const few of [[], rows().slice(0, 9), SPAM.map((text) => ({ text, label: 'spam' as const })).concat(SPAM.map((text) => ({ text, label: 'spam' as const })))]) {
      expect(chooseSiteVariant(b, few)).toEqual({ hamEvidenceLimit: null, threshold: b.threshold, holdThreshold: b.threshold, candidates: [] });
    }
  });

  it('picks the admissible candidate that stops the most held-out spam, the more cautious one on a tie', () => {
    const b = base();
    const choice = chooseSiteVariant(b, rows());
    expect(choice.candidates.map((c) => c.hamEvidenceLimit)).toEqual([...HAM_EVIDENCE_LIMITS]);
    for (const c of choice.candidates) {
      expect(c.threshold).toBeGreaterThanOrEqual(b.threshold);
      expect(c.holdThreshold).toBeGreaterThanOrEqual(0.5);
      expect(c.admissible).toBe(c.flagged <= 0.01);
    }
    const admissible = choice.candidates.filter((c) => c.admissible);
    const best = Math.max(...admissible.map((c) => c.recall));
    const expected = admissible.find((c) => c.recall === best)!;
    expect(choice).toMatchObject({ hamEvidenceLimit: expected.hamEvidenceLimit, threshold: expected.threshold, holdThreshold: expected.holdThreshold });
    expect(chooseSiteVariant(b, rows())).toEqual(choice); // deterministic
  });

  it('chooses a limit where it stops more of the site\'s held-out spam, and none where every candidate does alike', () => {
    const b = base();
    // a small limit: only the strongest ham-ward tokens count, so the friendly stories no longer hide the requests
    const choice = chooseSiteVariant(b, rows(), { candidates: [null, 3] });
    const [none, three] = choice.candidates;
    expect(three!.recall).toBeGreaterThan(none!.recall);
    expect(three!.admissible).toBe(true);
    expect(choice.hamEvidenceLimit).toBe(3);
    // the same candidate twice: a tie, and the earlier one wins
    expect(chooseSiteVariant(b, rows(), { candidates: [null, null] }).hamEvidenceLimit).toBeNull();
  });

  it('refuses a limit that its own held-out legitimate comments cannot afford', () => {
    const b = base();
    // readers who point to a club or a neighbour's page after a long friendly story: legitimate comments
    // that offer a way to act, which with a limit score like the site's spam
    const asking = [
      'My grandmother has grown pears in her walled garden for sixty years and still prunes them herself. The village show is on Saturday, have a look at her pears on the show page',
      'We started the allotment with the kids last spring and the beans went mad this summer. Our garden club has a page with the planting plan, have a look',
      'The compost tip worked for us too, the heap is hot and the beds are rich and dark now. The allotment society put a video about it on their page, have a look',
      'After the dry spell the mulch kept the courgettes alive, my neighbour could not believe it. She wrote about her own beds on her page, have a read',
    ].map((text) => ({ text, label: 'ham' as const }));
    const choice = chooseSiteVariant(b, [...asking, ...rows()], { candidates: [null, 3] });
    const [none, three] = choice.candidates;
    expect(none!.admissible).toBe(true);
    expect(three!.recall).toBeGreaterThanOrEqual(none!.recall); // it would catch more spam…
    expect(three!.flagged).toBeGreaterThan(0.01); // …but its thresholds cannot keep the site's own readers unflagged
    expect(three!.admissible).toBe(false);
    expect(choice).toMatchObject({ hamEvidenceLimit: null, threshold: none!.threshold, holdThreshold: none!.holdThreshold });
  });
});
