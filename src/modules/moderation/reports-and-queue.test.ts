// Readers' reports (three readers hold a comment, each counted once) and the moderators' queue: counts,
// reasons and actions on the page, paging with "Older", bulk decisions by checkbox and JSON API, and the
// way back to the next comment. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import type { ModerationRecord } from './pipeline.js';
import { moderationSuite, type Person } from './moderation.test-kit.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { clock, nextIp, guest, post, published, row, reportsOf, publicList, get, submit, follow, apiAs, decide, setModeration } = kit;
  let t: TestApp;
  let slug: string;
  let mia: Person;
  let ada: Person;
  beforeAll(() => { ({ t, slug, mia, ada } = kit); });

  describe('reports', () => {
    it('holds a comment that three different readers report, counting each reader once; approval resolves the reports', async () => {
      const id = await published('A comment that some readers will not like at all.');
      // Readers without an account are counted by network: a fresh cookie per request is the same reader.
      const report = (payload: Record<string, unknown>, remoteAddress: string) =>
        t.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/report`, payload, remoteAddress });
      const first = await report({ reason: 'abuse', note: 'rude to another reader' }, '198.51.100.1');
      expect(first.statusCode).toBe(202);
      expect((await report({ reason: 'spam' }, '198.51.100.1')).statusCode).toBe(202); // the same reader again
      expect((await report({ reason: 'spam' }, '198.51.100.1')).statusCode).toBe(202); // …without a cookie
      expect(await reportsOf(id)).toBe(1);
      expect((await report({ reason: 'off-topic' }, '198.51.100.2')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('published');
      expect((await report({ reason: 'abuse' }, '198.51.100.3')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('pending');
      expect(await reportsOf(id)).toBe(3);
      expect((await publicList(slug)).map((c) => c.id)).not.toContain(id);

      const queue = await t.services.moderation.queue('reported');
      const item = queue.items.find((c) => c.id === id)!;
      expect(item.reports.map((r) => r.reason).sort()).toEqual(['abuse', 'abuse', 'off-topic']);
      const page = await get('/admin/moderation?queue=reported', mia);
      expect(page.body).toContain(`id="c-${id}"`);
      expect(page.body).toContain('3 open reports');
      expect(page.body).toContain('“rude to another reader”');
      expect((await t.services.moderation.log()).find((e) => e.comment_id === id)).toMatchObject({ actor: 'system', action: 'hold', detail: '3 reports' });

      expect((await decide(mia, [id], 'approve', 'reported')).statusCode).toBe(303);
      expect((await row(id)).status).toBe('published');
      expect((await t.services.moderation.queue('reported')).items.map((c) => c.id)).not.toContain(id);

      // After the moderator's approval one more report does not hold it again (but shows it in Reported).
      expect((await report({ reason: 'abuse' }, '198.51.100.4')).statusCode).toBe(202);
      expect((await row(id)).status).toBe('published');
      expect((await t.services.moderation.queue('reported')).items.map((c) => c.id)).toContain(id);
      await t.services.moderation.decide([id], 'approve', callerFor('Mia Moderator'));
    });

    it('does not take reports on held comments', async () => {
      await setModeration({ policy: 'all' });
      const res = await post({ ...guest(), body: 'Held, so nobody can report it.' }, { ip: nextIp() });
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${res.json().comment.id}/report`, payload: { reason: 'spam' } });
      expect(r.statusCode).toBe(404);
    });
  });

  // After the reports: the queue's first test compares the All count with Pending, so it needs comments in
  // other states to exist already, as they do on any site.
  describe('the moderators\' pages', () => {
    it('lists a queue with counts, e-mails, reasons, reports and every action, newest first', async () => {
      await setModeration({ policy: 'all' });
      const who = guest();
      const older = (await post({ ...who, body: 'The older held comment.' }, { ip: nextIp() })).json().comment.id;
      const newer = (await post({ ...guest(), body: 'The newer held comment <b>with markup</b>.' }, { ip: nextIp() })).json().comment.id;
      const res = await get('/admin/moderation', mia);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      const counts = await t.services.moderation.counts();
      expect(counts.all).toBeGreaterThan(counts.pending);
      for (const q of ['pending', 'spam', 'reported', 'all'] as const) {
        expect(html).toContain(`<span class="count" data-count="${q}">${counts[q]}</span>`);
      }
      expect(html).toMatch(/<a href="\/admin\/moderation\?queue=pending" data-queue="pending" aria-current="page">/);
      expect(html).toContain('<a href="/admin/moderation" aria-current="page">Moderation</a>');
      expect(html.indexOf(`id="c-${newer}"`)).toBeLessThan(html.indexOf(`id="c-${older}"`));
      expect(html).toContain(who.authorEmail);
      expect(html).toContain('&lt;b>with markup&lt;/b>'); // the text itself, escaped (views/QueuedBody.tsx)
      expect(html).not.toContain('<b>with markup</b>');
      // The reasons in plain words (views/plain-reasons.ts), the deciding one marked.
      expect(html).toContain('<li data-stage="site-policy" data-deciding="true"><strong>Site policy</strong>: The site pre-moderates every comment</li>');
      expect(html).toMatch(/<li data-stage="classifier"><strong>Spam filter<\/strong>: The spam filter rates it (less than 1|\d{1,2}|more than 99) % likely spam/);
      expect(html).not.toMatch(/strongest signs:[^<]*(__|~)/);
      expect(html).toContain('data-decided-by="site-policy"');
      expect(html).toContain('Keyboard: <kbd>j</kbd>/<kbd>k</kbd>');
      expect(html).toContain('<form method="post" action="/admin/moderation/decide" id="bulk"');
      expect(html).toContain(`<input type="checkbox" name="ids" value="${older}" form="bulk"`);
      for (const [action, key] of [['approve', 'a'], ['reject', 'r'], ['spam', 's'], ['not-spam', 'n']]) {
        expect(html).toContain(`name="action" value="${action}" data-key="${key}"`);
      }
      expect(html).toContain(`href="/admin/moderation/comments/${older}/edit?queue=pending"`);
      expect(html).toContain(`href="/admin/moderation/comments/${older}/ban?queue=pending"`);
      expect(html).toContain(`<a href="/articles/${slug}">Moderation under test</a>`);
      // Moderators see the settings link only with settings.manage.
      expect(html).not.toContain('href="/admin/moderation/settings"');
      expect((await get('/admin/moderation', ada)).body).toContain('href="/admin/moderation/settings"');
      await t.services.moderation.decide([older, newer], 'reject', callerFor('Mia Moderator'));
    });

    it('pages through a long queue with "Older"', async () => {
      const article = await createArticle(t, { title: 'A busy thread' });
      const now = clock.now().toISOString();
      const inserted = await t.db.db.insertInto('comments').values(Array.from({ length: 55 }, (_, i) => ({
        article_id: article.id, parent_id: null, root_id: null, depth: 0, author_name: `Bulk ${i}`, author_email: `bulk${i}@example.org`,
        reader_id: null, body: `Bulk comment ${i}`, body_html: `<p>Bulk comment ${i}</p>`, status: 'pending' as const, created_at: now, edited_at: null, edited_by: null,
      }))).returning('id').execute();
      const ids = inserted.map((r) => r.id).sort((a, b) => b - a);
      try {
        const first = await get('/admin/moderation?queue=pending', mia);
        const shown = [...first.body.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]));
        expect(shown).toEqual(ids.slice(0, 50));
        const older = /<a rel="next" href="([^"]+)">Older<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
        expect(older).toBe(`/admin/moderation?queue=pending&before=${ids[49]}`);
        const second = await get(older!, mia);
        const rest = [...second.body.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]));
        expect(rest.slice(0, 5)).toEqual(ids.slice(50));
        expect(Math.max(...rest)).toBeLessThan(ids[49]!);
        expect(second.body).toContain('<a href="/admin/moderation?queue=pending">Newest</a>');
        const api = await apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?queue=pending&limit=10`);
        expect(api.json().items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 10));
        expect(api.json().nextBefore).toBe(ids[9]);
        expect((await apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?queue=pending&limit=10&before=${ids[9]}`)).json().items[0].id).toBe(ids[10]);
      } finally {
        await t.db.db.deleteFrom('comments').where('id', 'in', ids).execute();
      }
    });

    it('decides in bulk with the checkboxes, and through the JSON API', async () => {
      await setModeration({ policy: 'all' });
      const ids: number[] = [];
      for (const body of ['Bulk one about the bridge.', 'Bulk two about the bridge.', 'Bulk three about the bridge.']) {
        ids.push((await post({ ...guest(), body }, { ip: nextIp() })).json().comment.id);
      }
      const res = await submit('/admin/moderation/decide', mia, { ids: [...ids, ids[0]!], action: 'spam', queue: 'pending' });
      expect(res.headers.location).toBe('/admin/moderation?queue=pending&notice=spam&n=3');
      const page = await follow(res, mia);
      expect(page.body).toContain('<p class="notice-ok" role="status">3 comments marked spam.</p>');
      for (const id of ids) expect((await row(id)).status).toBe('spam');

      const queue = await apiAs(mia, 'GET', '/api/v1/admin/moderation/queue?queue=spam');
      expect(queue.statusCode).toBe(200);
      const items = queue.json().items as { id: number; authorName: string; moderation: ModerationRecord; status: string }[];
      const mine = items.filter((c) => ids.includes(c.id));
      expect(mine).toHaveLength(3);
      expect(mine[0]).toMatchObject({ status: 'spam', moderation: { decidedBy: 'site-policy' } });
      expect(mine[0]!.authorName).toMatch(/^Reader \d+$/);
      expect(queue.body).not.toContain('@example.org'); // e-mails only on the admin pages
      expect(queue.json().counts.spam).toBe((await t.services.moderation.counts()).spam);

      const approve = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids, action: 'approve' });
      expect(approve.json()).toEqual({ changed: 3 });
      for (const id of ids) expect((await row(id)).status).toBe('published');

      // All or nothing: an unknown comment refuses the whole decision.
      const partial = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [ids[0], 999_999], action: 'reject' });
      expect(partial.statusCode).toBe(404);
      expect((await row(ids[0]!)).status).toBe('published');
      const bad = await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids: [], action: 'approve' });
      expect(bad.statusCode).toBe(400);
      expect((await apiAs(mia, 'POST', '/api/v1/admin/moderation/decide', { ids, action: 'delete' })).statusCode).toBe(400);
      // Without a selection, or with an unknown action, the page says so.
      const none = await submit('/admin/moderation/decide', mia, { action: 'spam', queue: 'spam' });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('ids: select at least one comment');
      expect(none.body).toContain('data-queue="spam" aria-current="page"');
      expect((await submit('/admin/moderation/decide', mia, { ids: ids[0]!, action: 'nuke' })).statusCode).toBe(400);
    });

    it('sends the moderator back to the next comment after a decision on one', async () => {
      const res = await submit('/admin/moderation/decide', mia, { ids: 999_998, action: 'approve', queue: 'all', next: 5 });
      expect(res.statusCode).toBe(404);
      const id = await published('Approving this one changes nothing but the log.');
      const ok = await submit('/admin/moderation/decide', mia, { ids: id, action: 'approve', queue: 'all', before: 1000000, next: 5 });
      expect(ok.headers.location).toBe('/admin/moderation?queue=all&before=1000000&notice=approve&n=1#c-5');
    });
  });
});
