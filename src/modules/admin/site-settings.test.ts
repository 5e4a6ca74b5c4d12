// The site settings page: the site's name and description on every page, bad values kept out beside the
// form, the comment edit window, the logo upload, admins only. On every dialect.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle, dialects, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { multipart } from '../../../test/helpers/http.js';
import { adminPagesSuite, type Person } from './admin.pages.test-kit.js';

describe.each(dialects())('admin pages on %s', (dialect) => {
  const kit = adminPagesSuite(dialect);
  const { signIn, get, post, follow } = kit;
  let t: TestApp;
  let ada: Person;
  beforeAll(() => { ({ t, ada } = kit); });

  describe('settings', () => {
    let slug: string;
    beforeAll(async () => { slug = (await createArticle(t, { title: 'Settings story' })).slug; });
    const save = (f: Record<string, string | number>) => post('/admin/settings', ada, {
      siteName: 'The Test Gazette', siteDescription: '', commentsOpenByDefault: '1', commentEditWindowMinutes: 15, ...f,
    });

    it('renames the site: the article page and the home page show the new name and description', async () => {
      const page = await get('/admin/settings', ada);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="siteName" required maxlength="80" value="The Test Gazette"');
      const res = await save({ siteName: 'The Valley <Ledger>', siteDescription: 'News for the valley & beyond' });
      expect(res.headers.location).toBe('/admin/settings?notice=saved');
      expect((await follow(res, ada)).body).toContain('Settings saved.');
      const article = await get(`/articles/${slug}`);
      expect(article.body).toContain('<a class="site-name" href="/">The Valley &lt;Ledger></a>');
      expect(article.body).toContain('<title>Settings story — The Valley &lt;Ledger></title>');
      const home = await get('/');
      expect(home.body).toContain('<a class="site-name" href="/">The Valley &lt;Ledger></a>');
      expect(home.body).toContain('<meta name="description" content="News for the valley &amp; beyond"/>');
      expect((await save({})).statusCode).toBe(303);
      expect((await get(`/articles/${slug}`)).body).toContain('<a class="site-name" href="/">The Test Gazette</a>');
    });

    it('keeps bad values out and shows them beside the form', async () => {
      for (const [f, field] of [
        [{ siteName: '  ' }, 'siteName'], [{ commentEditWindowMinutes: 1441 }, 'commentEditWindowMinutes'],
        [{ commentEditWindowMinutes: '-1' }, 'commentEditWindowMinutes'], [{ commentEditWindowMinutes: '2.5' }, 'commentEditWindowMinutes'],
        [{ siteDescription: 'x'.repeat(301) }, 'siteDescription'],
      ] as const) {
        const res = await save({ siteName: 'Typed name', ...f });
        expect(res.statusCode, field).toBe(400);
        expect(res.body, field).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
      }
      expect((await save({ commentEditWindowMinutes: 1441, siteName: 'Typed name' })).body).toContain('value="Typed name"');
      expect(t.services.settings.get()).toMatchObject({ siteName: 'The Test Gazette', commentEditWindowMinutes: 15 });
      // An unticked checkbox sends nothing: comments closed by default.
      expect((await post('/admin/settings', ada, { siteName: 'The Test Gazette', siteDescription: '', commentEditWindowMinutes: 15 })).statusCode).toBe(303);
      expect(t.services.settings.get().commentsOpenByDefault).toBe(false);
      expect((await get('/admin/settings', ada)).body).not.toMatch(/name="commentsOpenByDefault" value="1" checked/);
      expect((await save({})).statusCode).toBe(303);
      expect(t.services.settings.get().commentsOpenByDefault).toBe(true);
    });

    it('sets how often notification mails go and the digest hour, and refuses values out of range', async () => {
      expect((await get('/admin/settings', ada)).body).toContain('name="notifyBatchMinutes" min="0" max="1440"');
      expect((await save({ notifyBatchMinutes: 30, digestHourUtc: 5 })).statusCode).toBe(303);
      expect(t.services.settings.get().notifications).toEqual({ batchMinutes: 30, digestHourUtc: 5 });
      for (const [f, field] of [[{ digestHourUtc: 24 }, 'digestHourUtc'], [{ notifyBatchMinutes: '' }, 'notifyBatchMinutes'], [{ notifyBatchMinutes: 1441 }, 'notifyBatchMinutes']] as const) {
        const res = await save(f);
        expect(res.statusCode, field).toBe(400);
        expect(res.body, field).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
      }
      expect(t.services.settings.get().notifications).toEqual({ batchMinutes: 30, digestHourUtc: 5 });
      expect((await save({})).statusCode).toBe(303); // a form without the fields keeps them
      expect(t.services.settings.get().notifications).toEqual({ batchMinutes: 30, digestHourUtc: 5 });
    });

    it('an edit window of 0 minutes stops authors editing even a brand-new comment', async () => {
      expect((await save({ commentEditWindowMinutes: 0 })).statusCode).toBe(303);
      const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Nora', authorEmail: 'n@example.org', body: 'fresh' } });
      expect(posted.statusCode).toBe(201);
      const id = posted.json().comment.id;
      const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie: readerCookie(posted) }, payload: { body: 'changed' } });
      expect(edit.statusCode).toBe(403);
      expect(edit.json().error.code).toBe('EDIT_WINDOW_CLOSED');

      expect((await save({ commentEditWindowMinutes: 15 })).statusCode).toBe(303);
      const again = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie: readerCookie(posted) }, payload: { body: 'changed' } });
      expect(again.statusCode).toBe(200);
    });

    it('uploads a logo shown beside the site name, and removes it', async () => {
      const png = await sharp({ create: { width: 400, height: 100, channels: 3, background: '#aa2233' } }).png().toBuffer();
      const body = await multipart({ logo: { data: png, name: 'logo.png', type: 'image/png' } });
      const upload = (url: string, b = body) => t.app.inject({ method: 'POST', url, payload: b.payload, headers: { ...b.headers, accept: 'text/html', cookie: ada.cookie } });

      const page = await get('/admin/settings', ada);
      // The token is masked afresh on every page; the one in this form's address is taken.
      const inForm = /action="\/admin\/settings\/logo\?_csrf=([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1];
      expect(inForm).toBeDefined();
      expect((await upload(`/admin/settings/logo?_csrf=${inForm}`, await multipart({ logo: { data: Buffer.from('x'), name: 'x.png', type: 'image/png' } }))).statusCode).not.toBe(403);
      const noToken = await upload('/admin/settings/logo');
      expect(noToken.statusCode).toBe(403);
      expect(t.services.settings.get().logoImageId).toBeNull();

      const res = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings?notice=logo');
      const id = t.services.settings.get().logoImageId;
      expect(id).toEqual(expect.any(Number));
      const thumb = (await t.services.images.refs([id!])).get(id!)!.thumbUrl;
      expect((await follow(res, ada)).body).toContain(`<img src="${thumb}" alt="The current logo"`);
      for (const url of ['/', `/articles/${slug}`]) {
        const html = (await get(url)).body;
        expect(html).toMatch(new RegExp(`<a class="site-name" href="/"><img class="site-logo" src="${thumb}" alt width="160" height="40"[^>]*/>The Test Gazette</a>`));
      }
      const img = await t.app.inject({ url: thumb });
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/jpeg');

      const notImage = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`, await multipart({ logo: { data: Buffer.from('hello'), name: 'x.png', type: 'image/png' } }));
      expect(notImage.statusCode).toBe(415);
      expect(notImage.body).toContain('data-code="UNSUPPORTED_IMAGE"');
      expect(t.services.settings.get().logoImageId).toBe(id);
      const noFile = await upload(`/admin/settings/logo?_csrf=${encodeURIComponent(ada.csrf)}`, await multipart({ other: 'x' }));
      expect(noFile.statusCode).toBe(400);

      const remove = await post('/admin/settings/logo/delete', ada);
      expect(remove.headers.location).toBe('/admin/settings?notice=logo-removed');
      expect(t.services.settings.get().logoImageId).toBeNull();
      expect((await get('/')).body).toContain('<a class="site-name" href="/">The Test Gazette</a>');
      expect((await get(`/articles/${slug}`)).body).not.toContain('site-logo');
    });

    it('is for admins only', async () => {
      const editor = await signIn('editor');
      expect((await get('/admin/settings', editor)).statusCode).toBe(403);
      expect((await post('/admin/settings', editor, { siteName: 'Hijacked', siteDescription: '', commentEditWindowMinutes: 5 })).statusCode).toBe(403);
      expect(t.services.settings.get().siteName).toBe('The Test Gazette');
    });
  });
});
