// The moderation pipeline behind the public comment API and the no-JavaScript form, end to end: the shipped
// threshold, spam with its reasons, the honeypot and fill time, the rate limit, duplicates, links, the site's
// pre-moderation policy, repeat offenders, and a held comment shown to its poster only. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle, dialects, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { STAGES } from './stages/index.js';
import { moderationSuite, SPAM, type Person } from './moderation.test-kit.js';
import { CONFIDENT_SPAM_THRESHOLD } from '../settings/settings.service.js';
import { normalise } from './spam/normalise.js';
import { forScoring } from './stages/link-reputation.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { clock, nextIp, guest, post, formPost, idFromRedirect, published, row, recordOf, decide, defaults, setModeration, publicList } = kit;
  let t: TestApp;
  let slug: string;
  let otherSlug: string;
  let mia: Person;
  beforeAll(() => { ({ t, slug, otherSlug, mia } = kit); });

  describe('the pipeline behind the comment API and form', () => {
    it("starts holding at the shipped model's threshold (the learner's) and binning at the confident threshold", () => {
      const m = t.services.settings.get().moderation;
      expect(m.holdThreshold).toBe(t.services.learner.defaultThreshold);
      expect(m.spamThreshold).toBe(Math.max(t.services.learner.defaultThreshold, CONFIDENT_SPAM_THRESHOLD));
      expect(m).toEqual(defaults());
    });

    it('does not publish obfuscated spam with a link: pending for the poster, stored with its reasons', async () => {
      const res = await post({ ...guest(), body: SPAM }, { ip: nextIp() });
      expect(res.statusCode, res.body).toBe(201);
      const { comment } = res.json();
      expect(comment.status).toBe('pending');
      const stored = await row(comment.id);
      expect(['spam', 'pending']).toContain(stored.status);
      const record = await recordOf(comment.id);
      expect(record.verdict).toBe(stored.status);
      expect(STAGES.map((s) => s.name)).toContain(record.decidedBy);
      expect(record.reasons.at(-1)?.stage).toBe(record.decidedBy);
      expect(record.reasons.find((r) => r.stage === 'classifier')?.reason).toMatch(/^spam probability [01]\.\d{3}; strongest signs: /);
      expect(stored.spam_score).toBeGreaterThan(0.5);
      expect(record.spamScore).toBe(stored.spam_score);
      expect((await publicList(slug)).map((c) => c.id)).not.toContain(comment.id);
    });

    it('publishes an ordinary comment, noting its spam score', async () => {
      const id = await published('I think the council should publish the budget before the vote next week.');
      const record = await recordOf(id);
      expect(record).toMatchObject({ verdict: 'published', decidedBy: 'default' });
      expect(record.reasons.map((r) => r.stage)).toEqual(['classifier', 'default']);
      expect((await row(id)).spam_score).toBeLessThan(0.5);
    });

    it('marks a filled-in honeypot of the HTML form as spam', async () => {
      const res = await formPost({ ...guest(), body: 'Hello, nice article about the harbour.', website: 'x' }, { ip: nextIp() });
      const id = idFromRedirect(res);
      expect((await row(id)).status).toBe('spam');
      expect(await recordOf(id)).toMatchObject({ verdict: 'spam', decidedBy: 'form-traps' });
    });

    it('holds a form sent the moment it was shown for a moderator (not spam), telling its poster why; one filled in for a while is published', async () => {
      const res = await formPost({ ...guest(), body: 'Quick as lightning, this one.', website: '', renderedAt: clock.now().getTime() }, { ip: nextIp() });
      const fast = idFromRedirect(res);
      expect((await row(fast)).status).toBe('pending');
      expect(await recordOf(fast)).toMatchObject({ verdict: 'pending', decidedBy: 'form-traps' });
      expect((await recordOf(fast)).reasons.at(-1)).toEqual({ stage: 'form-traps', reason: 'the form was sent 0.0 s after it was shown (minimum 3 s)' });
      // The poster reads why (a fixed sentence, not the moderators' reason); nobody else sees the comment.
      const why = 'Held for a moderator: it was sent within seconds of opening the form, as spam robots do.';
      const posterPage = await t.app.inject({ url: String(res.headers.location).replace(/#.*$/, ''), headers: { accept: 'text/html', cookie: readerCookie(res) } });
      expect(posterPage.body).toMatch(new RegExp(`id="comment-${fast}"[\\s\\S]*?<p class="awaiting-moderation">${why}`));
      expect(posterPage.body).not.toContain('0.0 s after');
      expect((await publicList(slug, readerCookie(res))).find((c) => c.id === fast)).toMatchObject({ status: 'pending', heldNotice: why });
      expect(JSON.stringify(await publicList(slug))).not.toContain('Held for a moderator');
      const human = idFromRedirect(await formPost({ ...guest(), body: 'Took my time writing this one.', website: '', renderedAt: clock.now().getTime() - 20_000 }, { ip: nextIp() }));
      expect((await row(human)).status).toBe('published');
    });

    it('refuses the 6th comment in a minute from one network with 429 RATE_LIMITED, and takes comments again after it', async () => {
      const ip = nextIp();
      for (let i = 1; i <= 5; i++) {
        const res = await post({ ...guest(), body: `Comment number ${i} from the same office network.` }, { ip });
        expect(res.statusCode, res.body).toBe(201);
      }
      const sixth = await post({ ...guest(), body: 'One comment too many from this office.' }, { ip });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('RATE_LIMITED');
      expect(sixth.json().error.message).toMatch(/too many comments from this network; try again in \d+ s/);
      clock.advance(61_000);
      expect((await post({ ...guest(), body: 'A minute later, all is calm again.' }, { ip })).statusCode).toBe(201);
    });

    it('marks the same text posted again on another article as spam', async () => {
      const who = guest();
      const ip = nextIp();
      const text = 'Everyone should read the water board report before Thursday.';
      const first = await published(text, { who, ip });
      const again = await post({ ...who, body: `  ${text.toUpperCase()} ` }, { ip, slug: otherSlug });
      expect(again.statusCode).toBe(201);
      expect(again.json().comment.status).toBe('pending');
      const id = again.json().comment.id;
      expect((await row(id)).status).toBe('spam');
      const record = await recordOf(id);
      expect(record.decidedBy).toBe('duplicates');
      expect(record.reasons.at(-1)?.reason).toContain(`(comment #${first})`);

      // Days later, past the duplicate window, the text that was binned is binned again from anyone, and says so.
      clock.advance(3 * 24 * 3600_000);
      const later = await post({ ...guest(), body: text }, { ip: nextIp() });
      expect((await row(later.json().comment.id)).status).toBe('spam');
      expect((await recordOf(later.json().comment.id)).reasons.at(-1)?.reason).toBe(`matches an earlier spam comment (the latest: comment #${id})`);
      // The first, published copy is not spam: a copy of it alone is no longer a duplicate after the window.
      await decide(mia, [id, later.json().comment.id], 'reject');
      const fresh = await post({ ...guest(), body: text }, { ip: nextIp() });
      expect((await recordOf(fresh.json().comment.id)).decidedBy).not.toBe('duplicates');
    });

    it('holds a link from a first-time commenter, and a link shortener from anyone', async () => {
      await setModeration({ useClassifier: false }); // so the links stage decides, not the filter
      const firstTimer = await post({ ...guest(), body: 'The full report: https://example.org/water-report.pdf' }, { ip: nextIp() });
      expect(firstTimer.json().comment.status).toBe('pending');
      expect(await recordOf(firstTimer.json().comment.id)).toMatchObject({ verdict: 'pending', decidedBy: 'links' });
      expect((await recordOf(firstTimer.json().comment.id)).reasons.at(-1)?.reason).toBe('a link from a first-time commenter');

      const regular = guest();
      const ip = nextIp();
      await published('My first comment here, without any link.', { who: regular, ip });
      await published('And the report, for the record: https://example.org/water-report.pdf', { who: regular, ip });
      const short = await post({ ...regular, body: 'Shorter link to it: https://bit.ly/water' }, { ip });
      expect(short.json().comment.status).toBe('pending');
      const record = await recordOf(short.json().comment.id);
      expect(record.decidedBy).toBe('links');
      expect(record.reasons.at(-1)?.reason).toBe('a link shortener hides where the link goes (bit.ly)');
    });

    it('holds every comment when the site pre-moderates everything', async () => {
      const regular = guest();
      const ip = nextIp();
      await published('Before the policy changed.', { who: regular, ip });
      await setModeration({ policy: 'all' });
      const res = await post({ ...regular, body: 'After the policy changed.' }, { ip });
      expect(res.json().comment.status).toBe('pending');
      expect(await recordOf(res.json().comment.id)).toMatchObject({ verdict: 'pending', decidedBy: 'site-policy' });
      expect((await row(res.json().comment.id)).status).toBe('pending');
    });

    it('holds first-time commenters or comments with links when the site says so', async () => {
      await setModeration({ policy: 'first-time' });
      const newcomer = await post({ ...guest(), body: 'First time commenting here: thanks for the reporting on the bridge repairs.' }, { ip: nextIp() });
      expect((await recordOf(newcomer.json().comment.id)).decidedBy).toBe('site-policy');
      await setModeration({ policy: 'links', holdFirstTimeLinks: false, useClassifier: false });
      const linked = await post({ ...guest(), body: 'Source: https://example.org/source' }, { ip: nextIp() });
      expect(linked.json().comment.status).toBe('pending');
      expect((await recordOf(linked.json().comment.id)).reasons.at(-1)).toEqual({ stage: 'site-policy', reason: 'the site pre-moderates comments with links' });
    });

    it('holds the comments of a repeat offender', async () => {
      const who = guest();
      const ip = nextIp();
      for (const body of ['Buy followers here', 'Buy more followers here']) {
        idFromRedirect(await formPost({ ...who, body, website: 'http://bot.example' }, { ip }));
      }
      const res = await post({ ...who, body: 'Now a perfectly normal comment, honest.' }, { ip });
      expect(res.json().comment.status).toBe('pending');
      const record = await recordOf(res.json().comment.id);
      expect(record.decidedBy).toBe('repeat-offenders');
      expect(record.reasons.at(-1)?.reason).toBe('2 comments by this author were marked spam or rejected in the last 30 days');
    });

    it('shows a held comment to its poster only, marked "Awaiting moderation"', async () => {
      const own = (await createArticle(t, { title: 'Held comments' })).slug;
      await setModeration({ policy: 'all' });
      const res = await post({ ...guest(), body: 'Held until a moderator looks at it.' }, { ip: nextIp(), slug: own });
      const me = readerCookie(res);
      const id = res.json().comment.id;
      expect((await publicList(own, me)).find((c) => c.id === id)).toMatchObject({ status: 'pending', heldNotice: 'Held for a moderator: this site checks comments before they appear.' });
      expect((await publicList(own)).map((c) => c.id)).not.toContain(id);
      expect((await publicList(own, 'gz_reader=forged')).map((c) => c.id)).not.toContain(id);
      const mine = await t.app.inject({ url: `/articles/${own}`, headers: { cookie: me } });
      expect(mine.body).toContain('<p class="awaiting-moderation">Held for a moderator: this site checks comments before they appear. Only you can see this comment');
      expect(mine.body).toContain('Held until a moderator looks at it.');
      const theirs = await t.app.inject({ url: `/articles/${own}` });
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).not.toContain('awaiting-moderation');
      expect(theirs.body).not.toContain('Held for a moderator');
      expect(theirs.body).not.toContain('Held until a moderator');

      // Approved: everyone sees it, the poster without the mark.
      expect((await decide(mia, [id], 'approve')).statusCode).toBe(303);
      expect((await t.app.inject({ url: `/articles/${own}` })).body).toContain('Held until a moderator looks at it.');
      expect((await t.app.inject({ url: `/articles/${own}`, headers: { cookie: me } })).body).not.toContain('awaiting-moderation');
    });

    // last: it teaches the site's filter a batch, which later tests would inherit
    it("scores with the site's ham-evidence limit (the setting `spam train` saves) once the site learned a batch", async () => {
      await setModeration({ policy: 'none', useClassifier: false }); // the score is recorded either way
      const learner = t.services.learner;
      await learner.learnMany([
        ...['The harbour vote is on Thursday, the council still has not published the budget', 'Thanks for the careful reporting on the harbour works',
          'I was at the meeting, it was packed and the mayor left early', 'The ferry timetable change hurts everyone who works in town',
          'Good piece on the harbour wall, the repairs are long overdue', 'Parking by the harbour is impossible since the market moved',
          'The council meeting minutes are still not online, three weeks later', 'My father fished from that harbour for forty years, lovely photos',
          'The new ferry is quieter but the fares went up again', 'Who decided to close the harbour library on Saturdays?'].map((text) => ({ text, label: 'ham' as const })),
        ...['Hello all, lovely week here with the family. I sing and my first song is on my page, have a listen',
          'What a week, the kids are back at school. I make short films with my friends, they are on my page',
          'Good morning from a rainy town. Our band has a new song out, have a listen on my page',
          'I have read this paper for years with my dad. I paint birds and my new pictures are on my page, have a look'].map((text) => ({ text, label: 'spam' as const })),
      ], 'import:history.csv');
      const body = 'Hello everyone, I hope you are all having a lovely week with your family and the weather is kind to you. I write songs and the new one is on my page, have a listen';
      const expected = (limit: number | null) => learner.classifier().score(forScoring(normalise(body)), 0, { hamEvidenceLimit: limit }).spamProbability;
      expect(expected(3)).not.toBeCloseTo(expected(null), 6);
      for (const limit of [null, 3]) {
        await setModeration({ policy: 'none', useClassifier: false, hamEvidenceLimit: limit });
        const res = await post({ ...guest(), body: `${body} ${limit ?? 'all'}` }, { ip: nextIp() });
        const probability = learner.classifier().score(forScoring(normalise(`${body} ${limit ?? 'all'}`)), 0, { hamEvidenceLimit: limit }).spamProbability;
        expect((await recordOf(res.json().comment.id)).spamScore).toBeCloseTo(probability, 6);
      }
    });
  });
});
