// Bans and the block list through the moderators' pages and what the pipeline then does: blocked phrases
// (even disguised), bad entries refused beside the form, blocked network ranges, bans by e-mail or network
// until they expire or are lifted. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { DAY, moderationSuite, type Person } from './moderation.test-kit.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { clock, nextIp, guest, post, published, row, recordOf, get, submit, follow } = kit;
  let t: TestApp;
  let mia: Person;
  beforeAll(() => { ({ t, mia } = kit); });

  describe('the pipeline behind the comment API and form', () => {
    it('marks a block-listed phrase as spam even when disguised, but not inside another word', async () => {
      const added = await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: 'Casino' });
      expect((await follow(added, mia)).body).toContain('Added to the block list.');
      await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: 'sex' });
      const logged = (await t.services.moderation.log()).length;
      expect((await submit('/admin/moderation/block-list', mia, { kind: 'phrase', value: ' CASINO ' })).statusCode).toBe(303);
      expect((await t.services.moderation.log()).length).toBe(logged); // already listed: nothing to log
      const page = await get('/admin/moderation/block-list', mia);
      expect(page.body).toContain('<code>casino</code>');

      const res = await post({ ...guest(), body: 'Best c.a.s.i.n.o in town, come along tonight' }, { ip: nextIp() });
      expect(res.json().comment.status).toBe('pending');
      const record = await recordOf(res.json().comment.id);
      expect((await row(res.json().comment.id)).status).toBe('spam');
      expect(record.decidedBy).toBe('block-lists');
      expect(record.reasons.at(-1)?.reason).toBe('contains the blocked phrase "casino"');
      await published('Greetings from Essex, a lovely article about our market town.');

      for (const e of await t.services.moderation.blockList()) {
        expect((await submit(`/admin/moderation/block-list/${e.id}/delete`, mia)).statusCode).toBe(303);
      }
      expect(await t.services.moderation.blockList()).toEqual([]);
    });

    it('refuses a bad block-list entry beside the form', async () => {
      const res = await submit('/admin/moderation/block-list', mia, { kind: 'ip_range', value: '10.0.0.0/33' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('data-code="INVALID_FORMAT"');
      expect(res.body).toContain('value="10.0.0.0/33"');
      expect(await t.services.moderation.blockList()).toEqual([]);
    });

    it('blocks a network range for new comments', async () => {
      await t.services.moderation.addBlock('ip_range', '192.0.2.0/24', callerFor('Mia Moderator'));
      try {
        const res = await post({ ...guest(), body: 'Hello from a blocked network.' }, { ip: '192.0.2.77' });
        expect(await recordOf(res.json().comment.id)).toMatchObject({ verdict: 'spam', decidedBy: 'block-lists' });
      } finally {
        for (const e of await t.services.moderation.blockList()) await t.services.moderation.removeBlock(e.id, callerFor('Mia Moderator'));
      }
    });

    it('refuses a banned e-mail with 403 BANNED until the ban expires; a lifted ban lets them back at once', async () => {
      const who = guest();
      const id = await published('A comment before the ban.', { who });
      const banned = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '1', reason: 'spam run' });
      expect(banned.headers.location).toBe('/admin/moderation/bans?notice=banned');
      const bansPage = await follow(banned, mia);
      expect(bansPage.body).toContain('Ban added.');
      expect(bansPage.body).toContain(who.authorEmail);

      const refused = await post({ ...who, body: 'Trying again after the ban.' }, { ip: nextIp() });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'BANNED', message: 'You cannot comment here' });
      clock.advance(DAY + 60_000);
      expect((await post({ ...who, body: 'A day later I may comment again.' }, { ip: nextIp() })).statusCode).toBe(201);
      expect((await t.services.moderation.bans()).map((b) => b.value)).not.toContain(who.authorEmail);

      await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: 'forever', reason: 'again' });
      expect((await post({ ...who, body: 'Banned for ever now?' }, { ip: nextIp() })).statusCode).toBe(403);
      const ban = (await t.services.moderation.bans()).find((b) => b.value === who.authorEmail)!;
      expect(ban.expires_at).toBeNull();
      const lifted = await submit(`/admin/moderation/bans/${ban.id}/lift`, mia);
      expect((await follow(lifted, mia)).body).toContain('Ban lifted.');
      expect((await post({ ...who, body: 'Back after the ban was lifted.' }, { ip: nextIp() })).statusCode).toBe(201);
      expect((await submit(`/admin/moderation/bans/${ban.id}/lift`, mia)).statusCode).toBe(404);
    });

    it('keeps the rules in memory until a moderator changes them (a ban written by hand shows after 30 s), and asks at each comment past 5,000 bans', async () => {
      const byHand = async (emails: string[]) => {
        for (let i = 0; i < emails.length; i += 500) {
          await t.db.db.insertInto('bans').values(emails.slice(i, i + 500).map((value) => ({
            kind: 'email' as const, value, reason: 'by hand', expires_at: null, created_by: 'sql', created_at: clock.now().toISOString(), lifted_at: null,
          }))).execute();
        }
      };
      const who = guest();
      await published('Rules read now and kept.', { who: guest() });
      await byHand([who.authorEmail]);
      expect((await post({ ...who, body: 'Not seen yet: no event came.' }, { ip: nextIp() })).statusCode).toBe(201);
      clock.advance(31_000);
      expect((await post({ ...who, body: 'Seen once the kept rules are read again.' }, { ip: nextIp() })).statusCode).toBe(403);

      // More bans than are kept: each comment asks the database for its author's.
      await byHand(Array.from({ length: 5_000 }, (_, i) => `many-${i}@example.org`));
      clock.advance(31_000);
      const late = guest();
      expect((await post({ ...late, body: 'Before my ban, with many bans kept in the database.' }, { ip: nextIp() })).statusCode).toBe(201);
      await byHand([late.authorEmail]);
      expect((await post({ ...late, body: 'Seen at once: nothing is kept.' }, { ip: nextIp() })).statusCode).toBe(403);
      expect((await post({ ...guest(), authorEmail: 'many-4321@example.org', body: 'One of the many.' }, { ip: nextIp() })).statusCode).toBe(403);
      await t.db.db.deleteFrom('bans').where('created_by', '=', 'sql').execute();
      clock.advance(31_000);
    });

    it('bans a network by its IP hash, and explains what cannot be banned', async () => {
      const ip = nextIp();
      const id = await published('Posted from a network that will be banned.', { ip });
      expect((await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'ip', days: '7', reason: 'flood' })).statusCode).toBe(303);
      expect((await post({ ...guest(), body: 'Someone else on that network.' }, { ip })).statusCode).toBe(403);
      expect((await post({ ...guest(), body: 'Someone on another network.' }, { ip: nextIp() })).statusCode).toBe(201);
      const noAccount = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'account', days: '7', reason: 'x' });
      expect(noAccount.statusCode).toBe(400);
      expect(noAccount.body).toContain('This comment has no account to ban');
      const noReason = await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '7', reason: ' ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('data-code="REQUIRED"');
      for (const b of await t.services.moderation.bans()) await t.services.moderation.liftBan(b.id, callerFor('Mia Moderator'));
    });
  });
});
