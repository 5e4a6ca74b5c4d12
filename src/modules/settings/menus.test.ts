// The site's menus on both dialects: set by an admin on /admin/menus (validated: a path on the site or an
// http(s) address, a label), rendered in the header and footer of reader pages, and shown on the next
// request even on a page the cache holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';
import { isMenuUrl } from './index.js';

const html = { accept: 'text/html' };
const headerNav = (body: string) => /<nav class="account-nav" aria-label="Site">([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? '';
const footerNav = (body: string) => /<nav class="footer-nav" aria-label="Footer">([\s\S]*?)<\/nav>/.exec(body)?.[1];

describe('menu addresses', () => {
  it('takes paths on the site and http(s) addresses, nothing else', () => {
    for (const ok of ['/', '/about', '/tags/local?page=2', 'https://example.org/x', 'http://example.org']) expect(isMenuUrl(ok), ok).toBe(true);
    for (const bad of ['', 'about', '//evil.example', 'javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', '/a b', '/a"b', 'https://']) expect(isMenuUrl(bad), bad).toBe(false);
  });
});

describe.each(dialects())('menus on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  let adminUser: { cookie: string; csrf: string };
  let editorUser: { cookie: string; csrf: string };
  let slug: string;
  const save = (who: { cookie: string; csrf: string }, fields: Record<string, string>) => t.app.inject({
    method: 'POST', url: '/admin/menus', headers: { ...FORM, ...html, cookie: who.cookie }, payload: form({ _csrf: who.csrf, menusForm: '1', ...fields }),
  });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    const session = async (role: 'admin' | 'editor') => {
      const user = await t.services.accounts.createUser({ email: `${role}@example.org`, password: 'a long enough password', displayName: role, role });
      const s = await t.services.accounts.createSession(user.id);
      return { cookie: `gz_session=${s.token}`, csrf: s.csrf };
    };
    adminUser = await session('admin');
    editorUser = await session('editor');
    slug = (await createArticle(t, { title: 'Menu story' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('shows the default header menu (home, search, support) and no footer menu until an admin sets them', async () => {
    const body = (await t.app.inject({ url: '/', headers: html })).body;
    expect(headerNav(body)).toMatch(/^<a href="\/">Home<\/a><a href="\/search">Search<\/a><a href="\/support">Support<\/a><a href="\/login">Sign in<\/a>$/);
    expect(footerNav(body)).toBeUndefined();
  });

  it('saves the menus in order, skipping empty rows, and every reader page shows them at once (cached article page too)', async () => {
    const article = () => t.app.inject({ url: `/articles/${slug}`, headers: html });
    await article();
    expect((await article()).headers['x-page-cache']).toBe('hit');
    const res = await save(adminUser, {
      'header.0.label': 'Front page', 'header.0.url': '/',
      'header.1.label': '', 'header.1.url': '',
      'header.2.label': 'About <us>', 'header.2.url': '/about',
      'footer.0.label': 'Privacy', 'footer.0.url': '/privacy',
      'footer.1.label': 'Mastodon', 'footer.1.url': 'https://social.example/@gazette',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/menus?notice=saved');
    expect(t.services.settings.get().menus).toEqual({
      header: [{ label: 'Front page', url: '/' }, { label: 'About <us>', url: '/about' }],
      footer: [{ label: 'Privacy', url: '/privacy' }, { label: 'Mastodon', url: 'https://social.example/@gazette' }],
    });
    const fresh = await article();
    expect(fresh.headers['x-page-cache']).toBe('miss');
    for (const url of ['/', `/articles/${slug}`, '/archive', '/search', '/no-such-page']) {
      const body = (await t.app.inject({ url, headers: html })).body;
      expect(headerNav(body), url).toContain('<a href="/">Front page</a><a href="/about">About &lt;us></a>');
      expect(headerNav(body), url).not.toContain('>Support<');
      expect(footerNav(body), url).toBe('<a href="/privacy">Privacy</a><a href="https://social.example/@gazette">Mastodon</a>');
    }
    const page = await t.app.inject({ url: '/admin/menus', headers: { ...html, cookie: adminUser.cookie } });
    expect(page.body).toContain('name="header.1.label" value="About &lt;us>"');
  });

  it('refuses a bad address or a missing label beside its field, and keeps what was saved', async () => {
    const before = t.services.settings.get().menus;
    for (const [fields, code, field] of [
      [{ 'header.0.label': 'Evil', 'header.0.url': 'javascript:alert(1)' }, 'INVALID_MENU_URL', 'header.0.url'],
      [{ 'header.0.label': 'Home', 'header.0.url': '/', 'footer.0.label': 'Away', 'footer.0.url': '//evil.example' }, 'INVALID_MENU_URL', 'footer.0.url'],
      [{ 'header.0.label': '', 'header.0.url': '/about' }, 'INVALID_MENU_LABEL', 'header.0.label'],
      [{ 'header.0.label': 'x'.repeat(41), 'header.0.url': '/about' }, 'INVALID_MENU_LABEL', 'header.0.label'],
    ] as const) {
      const res = await save(adminUser, fields);
      expect(res.statusCode, code).toBe(400);
      expect(res.body).toContain(`data-code="${code}"`);
      expect(res.body).toContain(`name="${field}"`);
      expect(res.body).toMatch(new RegExp(`name="${field.replace(/\./g, '\\.')}" value(="[^"]*")?[^>]*aria-invalid="true"`));
    }
    const tooMany: Record<string, string> = {};
    for (let i = 0; i < 13; i++) { tooMany[`header.${i}.label`] = `L${i}`; tooMany[`header.${i}.url`] = `/p${i}`; }
    expect((await save(adminUser, tooMany)).body).toContain('data-code="TOO_MANY_LINKS"');
    // A post without the form's marker (not this form) changes nothing either.
    const bare = await t.app.inject({ method: 'POST', url: '/admin/menus', headers: { ...FORM, ...html, cookie: adminUser.cookie }, payload: form({ _csrf: adminUser.csrf }) });
    expect(bare.statusCode).toBe(400);
    expect(t.services.settings.get().menus).toEqual(before);
  });

  it('is for admins only (settings.manage)', async () => {
    expect((await t.app.inject({ url: '/admin/menus', headers: { ...html, cookie: editorUser.cookie } })).statusCode).toBe(403);
    expect((await save(editorUser, { 'header.0.label': 'X', 'header.0.url': '/' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/admin/menus', headers: FORM, payload: form({ 'header.0.label': 'X', 'header.0.url': '/' }) })).statusCode).toBe(401);
  });
});
