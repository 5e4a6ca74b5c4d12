// Who may moderate: the moderation settings page (settings.manage, checked like every form), the Moderation
// section for moderators and admins only, and 403 for an author on every moderation page and API route. On
// every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { moderationSuite, type Person } from './moderation.test-kit.js';

describe.each(dialects())('moderation on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { published, row, get, submit, follow, apiAs } = kit;
  let t: TestApp;
  let mia: Person;
  let ada: Person;
  let arthur: Person;
  beforeAll(() => { ({ t, mia, ada, arthur } = kit); });

  describe('the moderators\' pages', () => {
    it('keeps the moderation settings on their own page (settings.manage), checked like every form', async () => {
      const form = await get('/admin/moderation/settings', ada);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<option value="none" selected>');
      expect(form.body).toContain('name="burstPerMinute"');
      const fields = {
        policy: 'links', burstPerMinute: 7, perHour: 40, minFillSeconds: 2, duplicateWindowHours: 12, maxLinks: 2,
        spamThreshold: 0.95, holdThreshold: 0.8, reportsToHold: 2, useClassifier: '1',
      };
      // what `spam train` chose for the site's classifier is not on the form, and saving the form keeps it
      await t.services.settings.update({ moderation: { ...t.services.settings.get().moderation, hamEvidenceLimit: 80 } });
      expect(form.body).not.toContain('hamEvidenceLimit');
      const saved = await submit('/admin/moderation/settings', ada, fields);
      expect((await follow(saved, ada)).body).toContain('Moderation settings saved.');
      expect(t.services.settings.get().moderation).toEqual({ ...fields, holdFirstTimeLinks: false, useClassifier: true, hamEvidenceLimit: 80 });

      const bad = await submit('/admin/moderation/settings', ada, { ...fields, burstPerMinute: 'lots' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('burstPerMinute: enter a number');
      expect(bad.body).toContain('value="lots"');
      const range = await submit('/admin/moderation/settings', ada, { ...fields, spamThreshold: 2 });
      expect(range.statusCode).toBe(400);
      expect(range.body).toMatch(/data-code="TOO_LARGE"/);
      const order = await submit('/admin/moderation/settings', ada, { ...fields, spamThreshold: 0.6, holdThreshold: 0.9 });
      expect(order.statusCode).toBe(400);
      expect(t.services.settings.get().moderation.spamThreshold).toBe(0.95);
      expect((await get('/admin/moderation/settings', mia)).statusCode).toBe(403);
    });

    it('shows the Moderation section to moderators and admins only', async () => {
      expect((await get('/admin', mia)).body).toContain('<a href="/admin/moderation">Moderation</a>');
      expect((await get('/admin', ada)).body).toContain('<a href="/admin/moderation">Moderation</a>');
      expect((await get('/admin', arthur)).body).not.toContain('/admin/moderation');
    });

    it('refuses every moderation page and API route to an author with 403, changing nothing', async () => {
      const id = await published('Nobody but moderators may touch this.');
      const before = await row(id);
      const routes: [string, string][] = [
        ['GET', '/admin/moderation'], ['GET', '/admin/moderation?queue=spam'], ['POST', '/admin/moderation/decide'],
        ['GET', `/admin/moderation/comments/${id}/edit`], ['POST', `/admin/moderation/comments/${id}/edit`],
        ['GET', `/admin/moderation/comments/${id}/ban`], ['POST', `/admin/moderation/comments/${id}/ban`],
        ['GET', '/admin/moderation/bans'], ['POST', '/admin/moderation/bans/1/lift'],
        ['GET', '/admin/moderation/block-list'], ['POST', '/admin/moderation/block-list'], ['POST', '/admin/moderation/block-list/1/delete'],
        ['GET', '/admin/moderation/log'], ['GET', '/admin/moderation/settings'], ['POST', '/admin/moderation/settings'],
      ];
      for (const [method, url] of routes) {
        const res = method === 'GET' ? await get(url, arthur)
          : await submit(url, arthur, { ids: id, action: 'spam', body: 'hijacked', kind: 'email', days: 'forever', reason: 'x', value: 'x', policy: 'all' });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
      const queue = await apiAs(arthur, 'GET', '/api/v1/admin/moderation/queue');
      expect(queue.statusCode).toBe(403);
      expect(queue.json().error.code).toBe('FORBIDDEN');
      expect(queue.body).not.toContain('@example.org');
      const api = await apiAs(arthur, 'POST', '/api/v1/admin/moderation/decide', { ids: [id], action: 'spam' });
      expect(api.statusCode).toBe(403);
      expect(await row(id)).toEqual(before);
      expect(await t.services.moderation.bans()).toEqual([]);
      expect((await get('/admin/moderation', undefined)).statusCode).toBe(303);
      expect((await t.app.inject({ url: '/api/v1/admin/moderation/queue' })).statusCode).toBe(401);
    });
  });
});
