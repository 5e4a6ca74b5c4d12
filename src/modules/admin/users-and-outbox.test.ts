// The users page and the outbox: invitations by e-mail (the mail waits in the outbox until sent), errors beside
// the form, role changes, deactivation ending sessions and API tokens for good, and the last admin kept. On
// every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { adminPagesSuite, type Person } from './admin.pages.test-kit.js';

describe.each(dialects())('admin pages on %s', (dialect) => {
  const kit = adminPagesSuite(dialect);
  const { signIn, get, post, follow } = kit;
  let t: TestApp;
  let ada: Person;
  beforeAll(() => { ({ t, ada } = kit); });

  describe('users and the outbox', () => {
    it('invites by e-mail: the mail with the invitation link waits in the outbox', async () => {
      const res = await post('/admin/users/invite', ada, { email: ' New.Colleague@Example.org ', role: 'editor' });
      expect(res.headers.location).toBe('/admin/users?notice=invited');
      const page = await follow(res, ada);
      expect(page.body).toContain('Invitation queued');
      expect(page.body).toMatch(/<tr id="user-\d+" data-role="editor" data-status="invited">[\s\S]*?new.colleague@example.org/);

      const mail = (await t.mailer.list()).find((m) => m.to_address === 'new.colleague@example.org');
      expect(mail).toBeDefined();
      expect(mail!.status).toBe('pending');
      expect(mail!.text_body).toMatch(new RegExp(`${t.config.baseUrl.replace(/[.:/]/g, '\\$&')}/account/invite\\?token=[\\w%-]+`));
      expect(mail!.text_body).toContain('Ada <Admin> invited you');

      const outbox = await get('/admin/outbox', ada);
      expect(outbox.statusCode).toBe(200);
      expect(outbox.body).toContain('SMTP_URL');
      expect(outbox.body).toContain('mails are not sent but kept here');
      expect(outbox.body).toMatch(new RegExp(`<tr id="mail-${mail!.id}">[\\s\\S]*?new.colleague@example.org[\\s\\S]*?data-status="pending">pending<`));
      expect((await get('/admin', ada)).body).toContain('<span data-status="pending">1 pending</span>');

      await t.jobs.runDue();
      const sent = await get('/admin/outbox', ada);
      expect(sent.body).toMatch(new RegExp(`<tr id="mail-${mail!.id}">[\\s\\S]*?data-status="sent">sent \\(dev\\)<`));
      const detail = await get(`/admin/outbox/${mail!.id}`, ada);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('Ada &lt;Admin> invited you');
      expect(detail.body).not.toContain('Ada <Admin>');
      expect(detail.body).toContain('/account/invite?token=');
      expect((await get('/admin/outbox/999999', ada)).statusCode).toBe(404);
      expect((await get('/admin/outbox/abc', ada)).statusCode).toBe(404);
    });

    it('shows invitation errors beside the form with what was typed', async () => {
      const before = (await t.mailer.list()).length;
      const taken = await post('/admin/users/invite', ada, { email: 'new.colleague@example.org', role: 'author' });
      expect(taken.statusCode).toBe(409);
      expect(taken.body).toContain('An account with this e-mail already exists');
      expect(taken.body).toContain('value="new.colleague@example.org"');
      const bad = await post('/admin/users/invite', ada, { email: 'not an address', role: 'author' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('data-code="INVALID_FORMAT"');
      expect(bad.body).toContain('value="not an address"');
      const badRole = await post('/admin/users/invite', ada, { email: 'someone@example.org', role: 'emperor' });
      expect(badRole.statusCode).toBe(400);
      expect((await t.mailer.list()).length).toBe(before);
    });

    it('changes a role with a select and a button', async () => {
      const bob = await signIn('author');
      const page = (await get('/admin/users', ada)).body;
      expect(page).toMatch(new RegExp(`action="/admin/users/${bob.user.id}/role"[\\s\\S]*?<option value="author" selected>author</option>`));
      const res = await post(`/admin/users/${bob.user.id}/role`, ada, { role: 'editor' });
      expect(res.headers.location).toBe('/admin/users?notice=role');
      expect((await t.services.accounts.findById(bob.user.id))!.role).toBe('editor');
      // The new role applies at once to the running session.
      expect((await get('/admin/campaigns', bob)).statusCode).toBe(200);
      const bad = await post(`/admin/users/${bob.user.id}/role`, ada, { role: 'emperor' });
      expect(bad.statusCode).toBe(400);
      expect((await post('/admin/users/999999/role', ada, { role: 'editor' })).statusCode).toBe(404);
    });

    it('deactivates an account, ending its sessions and revoking its API tokens for good, and reactivates it', async () => {
      const carl = await signIn('moderator');
      expect((await get('/admin', carl)).statusCode).toBe(200);
      const { token } = await t.services.apiTokens.create(carl.user.id, 'script', 'comments');
      const withToken = () => t.app.inject({ url: '/api/v1/admin/moderation/queue', headers: { authorization: `Bearer ${token}` } });
      expect((await withToken()).statusCode).toBe(200);
      const res = await post(`/admin/users/${carl.user.id}/deactivate`, ada);
      expect(res.headers.location).toBe('/admin/users?notice=deactivated');
      expect((await follow(res, ada)).body).toMatch(new RegExp(`<tr id="user-${carl.user.id}" data-role="moderator" data-status="deactivated">`));
      const sessions = await t.db.db.selectFrom('sessions').select('id_hash').where('user_id', '=', carl.user.id).execute();
      expect(sessions).toEqual([]);
      const after = await get('/admin', carl);
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toMatch(/^\/login/);
      await expect(t.services.accounts.authenticate(carl.user.email, 'correct horse battery', 'net-1')).rejects.toMatchObject({ code: 'ACCOUNT_DEACTIVATED' });
      expect((await withToken()).statusCode).toBe(401);

      const back = await post(`/admin/users/${carl.user.id}/reactivate`, ada);
      expect(back.headers.location).toBe('/admin/users?notice=reactivated');
      expect((await t.services.accounts.findById(carl.user.id))!.status).toBe('active');
      expect((await get('/admin', carl)).statusCode).toBe(303); // the old session stays ended
      expect((await withToken()).statusCode, 'a reactivated account does not get its old tokens back').toBe(401);
      expect((await post('/admin/users/999999/deactivate', ada)).statusCode).toBe(404);
    });

    it('never lets the last admin be demoted or deactivated', async () => {
      const demote = await post(`/admin/users/${ada.user.id}/role`, ada, { role: 'editor' });
      expect(demote.statusCode).toBe(409);
      expect(demote.body).toContain('The last active admin cannot lose the role');
      const deactivate = await post(`/admin/users/${ada.user.id}/deactivate`, ada);
      expect(deactivate.statusCode).toBe(409);
      expect(deactivate.body).toContain('The last active admin cannot lose the role');
      expect(await t.services.accounts.findById(ada.user.id)).toMatchObject({ role: 'admin', status: 'active' });
      expect((await get('/admin', ada)).statusCode).toBe(200);

      // With a second admin one of them may step down (and is sent where their new role may go).
      const dora = await signIn('admin');
      const stepDown = await post(`/admin/users/${dora.user.id}/role`, dora, { role: 'editor' });
      expect(stepDown.statusCode).toBe(303);
      expect(stepDown.headers.location).toBe('/admin');
      expect((await get('/admin/users', dora)).statusCode).toBe(403);
    });
  });

  describe('the users list', () => {
    const rowsOf = (html: string) => [...html.matchAll(/<tr id="user-(\d+)"/g)].map((m) => Number(m[1]));
    const shown = (html: string) => /<p class="users-shown"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

    beforeAll(async () => {
      // 120 readers with a pattern in their names and addresses (inserted directly: signing up 120 people
      // through the service would only hash passwords), one with a % in the name, one with accents, one deleted.
      const at = new Date().toISOString();
      const row = (email: string, name: string, status: 'active' | 'deleted' = 'active') => ({
        email, display_name: name, role: 'reader' as const, status, password_hash: null, email_verified_at: null, created_at: at, updated_at: at,
      });
      await t.db.db.insertInto('users').values([
        ...Array.from({ length: 120 }, (_, i) => row(`reader${String(i).padStart(3, '0')}@list.example`, `List Reader ${i}`)),
        row('percent@list.example', 'Ten % Off'),
        row('emile@list.example', 'Émile Zoë'),
        row('gone@list.example', 'Gone Reader', 'deleted'),
      ]).execute();
    });

    it('shows a page of 50 at a time, with the place and links to the pages around it', async () => {
      const first = (await get('/admin/users?q=reader&role=reader', ada)).body;
      expect(rowsOf(first)).toHaveLength(50);
      expect(shown(first)).toBe('1–50 of 120');
      expect(first).toContain('<a rel="next" href="/admin/users?q=reader&amp;role=reader&amp;page=2">Next</a>');
      expect(first).not.toContain('rel="prev"');
      const last = (await get('/admin/users?q=reader&role=reader&page=3', ada)).body;
      expect(rowsOf(last)).toHaveLength(20);
      expect(shown(last)).toBe('101–120 of 120');
      expect(last).toContain('<a rel="prev" href="/admin/users?q=reader&amp;role=reader&amp;page=2">Previous</a>');
      expect(new Set([...rowsOf(first), ...rowsOf(last)]).size).toBe(70);
      // A page past the end shows the last one; a page that is not a number, the first.
      expect(shown((await get('/admin/users?q=reader&role=reader&page=99', ada)).body)).toBe('101–120 of 120');
      expect(shown((await get('/admin/users?q=reader&role=reader&page=two', ada)).body)).toBe('1–50 of 120');
    });

    it('finds a part of a name in any case, or of an e-mail address; counts each role; never lists the deleted', async () => {
      const byName = (await get(`/admin/users?q=${encodeURIComponent('LIST READER 11')}`, ada)).body;
      expect(shown(byName)).toBe('11 users'); // 11 and 110–119
      expect(byName).toContain('List Reader 115');
      expect(byName).not.toContain('List Reader 12<');
      const byMail = (await get('/admin/users?q=reader007%40', ada)).body;
      expect(rowsOf(byMail)).toHaveLength(1);
      expect(byMail).toContain('reader007@list.example');
      expect(byMail).toMatch(/data-role="reader"[^>]*>reader <span class="count">1<\/span>/);
      expect(byMail).toMatch(/data-role="admin"[^>]*>admin <span class="count">0<\/span>/);
      expect(byMail).toContain('value="reader007@"');
      const all = (await get('/admin/users?q=list.example', ada)).body;
      expect(shown(all)).toBe('1–50 of 122');
      // Letters beyond ASCII are found in any case too, on SQLite as on PostgreSQL.
      for (const q of ['ÉMILE', 'zoë']) expect(rowsOf((await get(`/admin/users?q=${encodeURIComponent(q)}`, ada)).body), q).toHaveLength(1);
      expect((await get('/admin/users?q=Gone', ada)).body).toContain('No user matches “Gone”.');
      // % and _ are letters here, not wildcards.
      const percent = (await get('/admin/users?q=%25', ada)).body;
      expect(rowsOf(percent)).toHaveLength(1);
      expect(percent).toContain('Ten % Off');
      expect(rowsOf((await get('/admin/users?q=_', ada)).body)).toEqual([]);
      // A role that does not exist is no filter.
      expect(shown((await get('/admin/users?q=list.example&role=emperor', ada)).body)).toBe('1–50 of 122');
    });
  });
});
