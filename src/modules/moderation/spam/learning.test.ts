// The learning store on both dialects: examples survive in the database, and rows that become
// visible late (committed out of id order) are still learned without overriding newer labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../../test/helpers/test-app.js';
import { createSpamLearner } from './learning.js';
import { HAM_EVIDENCE_LIMITS } from './site-variant.js';

describe.each(dialects())('spam learning store on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp({ dialect }); });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  const text = 'zorblax quintessa merivale offer';
  const at = () => new Date().toISOString();

  it('picks up a row with a lower id that appears after a higher one was read', async () => {
    const learner = await createSpamLearner({ db: t.db.db, clock: () => new Date() });
    const base = learner.classifier().score(text).logit;
    await t.db.db.insertInto('spam_examples').values({ id: 1000, comment_id: null, text, label: 'spam', source: 'test', created_at: at() }).execute();
    await learner.refresh();
    const afterOne = learner.classifier().score(text).logit;
    expect(afterOne).toBeGreaterThan(base);
    // Committed late with a lower id: still learned (twice the evidence now).
    await t.db.db.insertInto('spam_examples').values({ id: 900, comment_id: null, text, label: 'spam', source: 'test', created_at: at() }).execute();
    await learner.refresh();
    expect(learner.classifier().score(text).logit).toBeGreaterThan(afterOne);
    expect(learner.examples()).toBe(2);
    await learner.refresh(); // nothing is applied twice
    expect(learner.examples()).toBe(2);
  });

  it('keeps the newest label of a comment when an older one arrives late', async () => {
    const [article] = await t.db.db.insertInto('articles').values({
      slug: 'learning', title: 't', summary: '', body_markdown: 'b', body_html: '<p>b</p>', author_name: 'a', tags: '[]',
      status: 'published', published_at: at(), created_at: at(), updated_at: at(),
    }).returning('id').execute();
    const [comment] = await t.db.db.insertInto('comments').values({
      article_id: article!.id, parent_id: null, root_id: null, depth: 0, author_name: 'x', author_email: 'x@example.org',
      reader_id: null, body: 'quintessa merivale zorblax', body_html: '', status: 'published', created_at: at(), edited_at: null, edited_by: null,
    }).returning('id').execute();
    const learner = await createSpamLearner({ db: t.db.db, clock: () => new Date() });
    const probe = 'quintessa merivale zorblax';
    const before = learner.classifier().score(probe).logit;
    await t.db.db.insertInto('spam_examples').values({ id: 2000, comment_id: comment!.id, text: probe, label: 'ham', source: 'test', created_at: at() }).execute();
    await learner.refresh();
    const asHam = learner.classifier().score(probe).logit;
    expect(asHam).toBeLessThan(before);
    await t.db.db.insertInto('spam_examples').values({ id: 1999, comment_id: comment!.id, text: probe, label: 'spam', source: 'test', created_at: at() }).execute();
    await learner.refresh();
    expect(learner.classifier().score(probe).logit).toBeCloseTo(asHam, 10);
  });
  it('learns a batch by train-on-error, counts every moderator decision, and calibrates a threshold', async () => {
    const learner = await createSpamLearner({ db: t.db.db, clock: () => new Date() });
    // the default is the shipped model's own calibrated threshold, which the site classifier decides with
    const shipped = learner.defaultThreshold;
    expect(learner.classifier().threshold).toBe(shipped);
    expect(learner.calibratedThreshold()).toBe(shipped);
    expect(learner.calibratedHoldThreshold()).toBe(shipped);
    expect(learner.siteVariant()).toEqual({ hamEvidenceLimit: null, threshold: shipped, holdThreshold: shipped });
    const spam = 'vorpalix zentrum quillbox';
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => ({ text: `${spam} ${i % 3}`, label: 'spam' as const })),
      ...Array.from({ length: 30 }, (_, i) => ({ text: `lovely grumbleweed tune number ${i % 4}`, label: 'ham' as const })),
    ];
    const before = learner.classifier().documentCounts;
    await learner.learnMany(rows, 'import:batch.csv');
    const after = learner.classifier().documentCounts;
    const counted = after.spam + after.ham - before.spam - before.ham;
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(rows.length); // redundant easy examples were skipped
    expect(learner.classifier().score(`${spam} 1`).spamProbability).toBeGreaterThan(0.9);
    const th = learner.calibratedThreshold();
    expect(th).toBeGreaterThanOrEqual(shipped); // never below the shipped default
    expect(th).toBeLessThanOrEqual(Math.max(0.99, shipped));
    // the hold threshold, as the classifier stage decides: no legitimate example here asks the reader to
    // act, so comments that do may be held from the floor (0.5) on
    expect(learner.calibratedHoldThreshold()).toBe(0.5);
    // one cross-validation chooses the ham-evidence limit and gives both thresholds for it
    const variant = learner.siteVariant();
    expect(variant).toEqual({ hamEvidenceLimit: variant.hamEvidenceLimit, threshold: th, holdThreshold: 0.5 });
    expect(HAM_EVIDENCE_LIMITS).toContain(variant.hamEvidenceLimit);
    expect(learner.classifier().siteLayer).toBe(true);
    // another instance replays the same rows to the same counts
    const other = await createSpamLearner({ db: t.db.db, clock: () => new Date() });
    expect(other.classifier().toJSON()).toEqual(learner.classifier().toJSON());
  });
});
