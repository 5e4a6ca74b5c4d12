// The spam filter learning from moderators' decisions, end to end: "Spam" and "Not spam" teach (the latest
// label counts), approving a held comment teaches ham, examples apply once when refreshes overlap, and
// another instance on the same database picks up what was learned. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { callerFor, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { moderationSuite, SPAM, type Person } from './moderation.test-kit.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { clock, nextIp, guest, post, published, row, follow, apiAs, decide, setModeration, score, logit, replayed } = kit;
  let t: TestApp;
  let mia: Person;
  beforeAll(() => { ({ t, mia } = kit); });

  describe('the spam filter learning from decisions', () => {
    const text = 'The parish newsletter covers the allotment waiting list every spring.';
    const near = 'The parish newsletter covers the allotment waiting list every single spring.';

    it('learns spam from "Spam" and ham from "Not spam"; a changed decision replaces the earlier label', async () => {
      const id = await published(text);
      await t.jobs.runDue(); // what earlier tests' decisions still have to teach
      const examples = t.services.learner.examples();
      expect(score(near)).toBeLessThan(0.5);
      const l0 = logit(near);

      const res = await decide(mia, [id], 'spam', 'all');
      expect((await follow(res, mia)).body).toContain('1 comment marked spam.');
      // Learning is a durable listener of the decision: the job runner (every second in production) runs it.
      expect(t.services.learner.examples()).toBe(examples);
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(examples + 1);
      const l1 = logit(near);
      expect(l1).toBeGreaterThan(l0 + 2);

      const api = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [id], action: 'not-spam' });
      expect(api.statusCode, api.body).toBe(200);
      expect(api.json()).toEqual({ changed: 1 });
      expect((await row(id)).status).toBe('published');
      await t.jobs.runDue();
      // Still one example for this comment: its latest label.
      expect(t.services.learner.examples()).toBe(examples + 1);
      expect(logit(near)).toBeLessThan(l0);
      const stored = await t.db.db.selectFrom('spam_examples').select(['label', 'source']).where('comment_id', '=', id).orderBy('id').execute();
      expect(stored).toEqual([{ label: 'spam', source: 'moderator:Mia Moderator' }, { label: 'ham', source: 'moderator:Mia Moderator' }]);

      const replay = await replayed();
      expect(t.services.learner.examples()).toBe(replay.examples);
      expect(score(near)).toBeCloseTo(replay.classifier.score(near).spamProbability, 12);
      expect(score(SPAM)).toBeCloseTo(replay.classifier.score(SPAM).spamProbability, 12);
    });

    it('approving a held comment teaches ham; rejecting teaches nothing', async () => {
      await setModeration({ policy: 'all' });
      const a = (await post({ ...guest(), body: 'Our choir sings at the harbour festival in June.' }, { ip: nextIp() })).json().comment.id;
      const b = (await post({ ...guest(), body: 'The ferry timetable changes again next month.' }, { ip: nextIp() })).json().comment.id;
      await t.jobs.runDue();
      const before = t.services.learner.examples();
      await decide(mia, [a], 'approve');
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(before + 1);
      await decide(mia, [b], 'reject');
      await t.jobs.runDue();
      expect(t.services.learner.examples()).toBe(before + 1);
      expect((await row(b)).status).toBe('rejected');
    });

    it('applies each stored example once when decisions and refreshes overlap', async () => {
      const learner = t.services.learner;
      const before = learner.examples();
      await Promise.all([
        learner.learn('Cheap replica handbags shipped overnight from our warehouse', 'spam', 'test', null),
        learner.learn('The lifeboat crew trained in the bay on Sunday morning', 'ham', 'test', null),
        learner.refresh(),
      ]);
      expect(learner.examples()).toBe(before + 2);
      const replay = await replayed();
      expect(learner.examples()).toBe(replay.examples);
      const probe = 'Cheap replica handbags from the lifeboat warehouse';
      expect(score(probe)).toBeCloseTo(replay.classifier.score(probe).spamProbability, 12);
    });

    it('keeps what it learned in the database: another instance on the same database picks it up on refresh()', async () => {
      const second = await buildApp(t.config, { clock: clock.now, logger: false, startJobs: false });
      try {
        const probe = 'Our choir rehearses sea shanties at the lighthouse every Tuesday evening!';
        expect(second.services.learner.examples()).toBe(t.services.learner.examples());
        expect(second.services.learner.classifier().score(probe).spamProbability).toBeCloseTo(score(probe), 12);

        const id = await published('Our choir rehearses sea shanties at the lighthouse every Tuesday evening.');
        await t.services.moderation.decide([id], 'spam', callerFor('Mia Moderator'));
        await t.jobs.runDue();
        expect(second.services.learner.examples()).toBe(t.services.learner.examples() - 1);
        expect(logit(probe, second)).toBeLessThan(logit(probe) - 2);

        await second.services.learner.refresh();
        expect(second.services.learner.examples()).toBe(t.services.learner.examples());
        expect(second.services.learner.classifier().score(probe).spamProbability).toBeCloseTo(score(probe), 12);

        // And back: a decision on the second instance reaches the first.
        await second.services.moderation.decide([id], 'not-spam', callerFor('Mia Moderator'));
        await second.jobs.runDue();
        await t.services.learner.refresh();
        expect(t.services.learner.examples()).toBe(second.services.learner.examples());
        expect(score(probe)).toBeCloseTo(second.services.learner.classifier().score(probe).spamProbability, 12);
      } finally {
        await second.close();
      }
    });
  });
});
