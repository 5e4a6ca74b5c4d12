// Issue 12's regression: the spam comment "Get your sa-lary w-eekly wi-th Googl-e … ♥♥♥n♥♥z♥s♥" is not
// published, with its link and without it, from a first-time reader and from readers with approved
// comments; its disguised variants neither. Then the other side: a legitimate angry comment about pay and
// taxes, and a first-time reader's link to a public source, are published. Through the comment API, with
// the site's default moderation, on every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { moderationSuite } from './moderation.test-kit.js';
import { SEED_SPAM, seedSpamVariants } from './spam/seed-spam.test-kit.js';

describe.each(dialects())('the spam comment of issue 12 on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { nextIp, guest, post, published, row, recordOf } = kit;
  let t: TestApp;
  beforeAll(() => { ({ t } = kit); });

  /** Posts `body` and returns the stored status and the stage that decided. */
  const outcome = async (body: string, who = guest(), ip = nextIp()) => {
    const res = await post({ ...who, body }, { ip });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().comment.id as number;
    return { status: (await row(id)).status, decidedBy: (await recordOf(id)).decidedBy, score: (await row(id)).spam_score };
  };

  it('is not published from a first-time reader, with or without its link', async () => {
    for (const text of [SEED_SPAM.withLink, SEED_SPAM.withoutLink]) {
      const o = await outcome(text);
      expect(o.status, `${o.decidedBy} ${o.score}`).not.toBe('published');
    }
    // without the link it is the words, not the link rule, that stop it
    expect((await outcome(SEED_SPAM.withoutLink)).decidedBy).not.toBe('links');
  });

  it('is not published from a reader with approved comments (one, and five)', async () => {
    for (const approved of [1, 5]) {
      const who = guest();
      const ip = nextIp();
      for (let i = 0; i < approved; i++) await published(`${who.authorName} here, comment ${i + 1} of mine about the harbour plans, nothing more.`, { who, ip });
      for (const text of [SEED_SPAM.withLink, SEED_SPAM.withoutLink]) {
        kit.clock.advance(61_000); // past the per-minute rate limit
        const o = await outcome(text, who, ip);
        expect(o.status, `${approved} approved: ${o.decidedBy} ${o.score}`).not.toBe('published');
      }
    }
  });

  it('catches its disguised variants from a first-time reader', async () => {
    for (const [what, text] of seedSpamVariants()) {
      const o = await outcome(text);
      expect(o.status, `${what}: ${o.decidedBy} ${o.score}`).not.toBe('published');
    }
  });

  it('publishes an angry comment about pay and taxes, and a first-time reader\'s link to a public source or to the site itself', async () => {
    await published('They freeze our salaries, raise our taxes and then ask us for more money for a stadium. Give us our money back.');
    await published('The pay figures are public, see https://www.ons.gov.uk/employmentandlabourmarket before you argue.');
    // A link to the site's own pages (BASE_URL's host) is a source too; another site's is still held.
    const own = new URL(t.config.baseUrl).host;
    await published(`You wrote about this last year: ${t.config.baseUrl.replace(own, `www.${own}`)}/articles/harbour-1998`);
    expect((await outcome(`Read this instead: https://cheap-harbour-deals.example/offer`)).status).toBe('pending');
    expect(t.services.learner.defaultThreshold).toBeGreaterThan(0.5);
  });
});
