// Changing a comment's text: a moderator's edit (shown on the article, earlier text kept) and an author's own
// edit, which never undoes a decision or a hold; and the audit log of every moderator action. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createArticle, dialects, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { moderationSuite, SPAM, type Person } from './moderation.test-kit.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { nextIp, guest, post, published, row, publicList, get, submit, follow, decide, defaults, setModeration } = kit;
  let t: TestApp;
  let mia: Person;
  let ada: Person;
  beforeAll(() => { ({ t, mia, ada } = kit); });

  describe('the moderators\' pages', () => {
    it('lets a moderator edit the text: the article page shows who edited it, and the earlier text is kept', async () => {
      const own = (await createArticle(t, { title: 'Edited comments' })).slug;
      const id = await published('Original wording with a slur in it.', { slug: own });
      const form = await get(`/admin/moderation/comments/${id}/edit?queue=all`, mia);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('>Original wording with a slur in it.</textarea>');
      expect(form.body).toContain('This comment has not been edited.');

      const empty = await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: '   ', queue: 'all' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('data-code="REQUIRED"');

      const saved = await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: 'Original wording, [removed by a moderator].', queue: 'all' });
      expect(saved.headers.location).toBe(`/admin/moderation?queue=all&notice=edited#c-${id}`);
      expect((await follow(saved, mia)).body).toContain('Comment edited');

      const article = await t.app.inject({ url: `/articles/${own}` });
      expect(article.body).toContain('Original wording, [removed by a moderator].');
      expect(article.body).not.toContain('a slur in it');
      expect(article.body).toMatch(/Last edited <time[^>]*>[^<]*<\/time> by Mia Moderator/);
      expect((await publicList(own)).find((c) => c.id === id)?.editedBy).toBe('Mia Moderator');

      const revisions = await t.services.moderation.revisions(id);
      expect(revisions).toMatchObject([{ body: 'Original wording with a slur in it.', replaced_by: 'Mia Moderator' }]);
      const again = await get(`/admin/moderation/comments/${id}/edit`, mia);
      expect(again.body).toMatch(/<section class="mod-revisions" id="revisions"[\s\S]*<pre>Original wording with a slur in it.<\/pre>/);
      const queue = await get('/admin/moderation?queue=all', mia);
      expect(queue.body).toContain(`href="/admin/moderation/comments/${id}/edit?queue=all#revisions">earlier versions</a>`);
      expect((await t.services.moderation.log()).find((e) => e.comment_id === id)).toMatchObject({ actor: 'Mia Moderator', action: 'edit' });
      expect((await get('/admin/moderation/comments/999999/edit', mia)).statusCode).toBe(404);
    });

    it('does not let an author\'s own edit undo a moderator\'s decision or a hold', async () => {
      const res = await post({ ...guest(), body: 'Something a moderator will reject.' }, { ip: nextIp() });
      const me = readerCookie(res);
      const id = res.json().comment.id;
      await t.services.moderation.decide([id], 'reject', callerFor('Mia Moderator'));
      const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'Something harmless instead.' }, headers: { cookie: me } });
      expect(edit.statusCode).toBe(200);
      expect((await row(id)).status).toBe('rejected');
      await t.services.moderation.decide([id], 'spam', callerFor('Mia Moderator'));
      await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, payload: { body: 'Harmless, really.' }, headers: { cookie: me } });
      expect((await row(id)).status).toBe('spam');
      // A published comment whose edit turns into spam is still caught.
      const ok = await post({ ...guest(), body: 'Fine at first.' }, { ip: nextIp() });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${ok.json().comment.id}`, payload: { body: SPAM }, headers: { cookie: readerCookie(ok) } });
      expect(['pending', 'spam']).toContain((await row(ok.json().comment.id)).status);
    });

    it('keeps an audit log of every moderator action, newest first', async () => {
      await setModeration({ policy: 'all' });
      const start = (await t.services.moderation.log(1))[0]?.id ?? 0;
      const id = (await post({ ...guest(), body: 'A comment for the audit log.' }, { ip: nextIp() })).json().comment.id;
      for (const action of ['approve', 'reject', 'spam', 'not-spam']) expect((await decide(mia, [id], action)).statusCode).toBe(303);
      await submit(`/admin/moderation/comments/${id}/edit`, mia, { body: 'Edited for the audit log.' });
      await submit(`/admin/moderation/comments/${id}/ban`, mia, { kind: 'email', days: '30', reason: 'audit' });
      const ban = (await t.services.moderation.bans())[0]!;
      await submit(`/admin/moderation/bans/${ban.id}/lift`, mia);
      await submit('/admin/moderation/block-list', mia, { kind: 'domain', value: 'audit.example' });
      const entry = (await t.services.moderation.blockList())[0]!;
      await submit(`/admin/moderation/block-list/${entry.id}/delete`, mia);
      const saved = await submit('/admin/moderation/settings', ada, {
        policy: 'first-time', burstPerMinute: 5, perHour: 30, minFillSeconds: 3, duplicateWindowHours: 24, maxLinks: 3,
        spamThreshold: defaults().spamThreshold, holdThreshold: defaults().holdThreshold, reportsToHold: 3, holdFirstTimeLinks: '1', useClassifier: '1',
      });
      expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);

      const log = (await t.services.moderation.log()).filter((e) => e.id > start);
      expect(log.map((e) => e.action)).toEqual(['settings', 'unblock', 'block', 'lift-ban', 'ban', 'edit', 'not-spam', 'spam', 'reject', 'approve']);
      expect(log.filter((e) => e.action !== 'settings').every((e) => e.actor === 'Mia Moderator')).toBe(true);
      expect(log[0]).toMatchObject({ actor: 'Ada Admin', detail: 'policy: all → first-time' });
      expect(log.find((e) => e.action === 'spam')).toMatchObject({ comment_id: id, detail: 'rejected → spam' });
      expect(log.find((e) => e.action === 'ban')?.detail).toMatch(/^email until 2026-.*: audit$/);

      const page = await get('/admin/moderation/log', mia);
      expect(page.statusCode).toBe(200);
      const actions = [...page.body.matchAll(/<tr id="log-\d+" data-action="([^"]+)">/g)].map((m) => m[1]);
      expect(actions.slice(0, 10)).toEqual(log.map((e) => e.action));
      expect(page.body).toContain(`<a href="/admin/moderation/comments/${id}/edit?queue=all">#${id}</a>`);
    });

  });
});
