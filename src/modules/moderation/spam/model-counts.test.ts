// Counts keeps its distinct-token counts per group up to date as tokens are added and removed (instead of
// recounting the whole model after every example): the kept numbers must equal a fresh recount.
import { describe, expect, it } from 'vitest';
import { Counts } from './model-counts.js';

describe('Counts: distinct tokens per group', () => {
  it('follows train and untrain exactly, as a recount would find them', () => {
    const c = new Counts();
    const recount = () => { const copy = new Counts(); copy.load(c.toModelJSON({ alpha: 1, groupWeights: [1, 1, 1, 1], llrClamp: 4, priorWeight: 1 }, undefined, undefined)); return copy.present(); };
    expect(c.present()).toEqual([0, 0, 0, 0]); // counted once, then kept up to date
    c.add(['money', 'free money', '~mon', '__link'], 0, 2, true);
    c.add(['money', 'council', '~cou', '__link'], 1, 1, true);
    expect(c.present()).toEqual([2, 1, 2, 1]);
    expect(c.present()).toEqual(recount());
    c.add(['council', '~cou', '__link'], 1, -1, true); // untrain: council and ~cou disappear, __link stays (spam count)
    expect(c.present()).toEqual([1, 1, 1, 1]);
    expect(c.present()).toEqual(recount());
    c.add(['never seen'], 1, -1, true); // untraining a token never counted changes nothing
    c.add(['__email'], 0, 1, false); // a feature token without features is not counted
    expect(c.present()).toEqual([1, 1, 1, 1]);
    expect(c.present()).toEqual(recount());
  });
});
