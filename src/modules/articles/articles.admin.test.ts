// The newsroom's article pages (list, editor, no-JavaScript image upload) as a browser without
// JavaScript uses them: plain form posts with a session cookie, on every dialect this machine has.
import sharp from 'sharp';
import { unmaskToken } from '../../platform/secrets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/permissions.js';
import { FORM, form, multipart } from '../../../test/helpers/http.js';

const HOUR = 3600_000;

interface Session { cookie: string; csrf: string; userId: number; name: string }

/** The article ids in the list's table, in the order shown. */
const listed = (html: string) => [...html.matchAll(/<tr data-article-id="(\d+)"/g)].map((m) => Number(m[1]));
/** The editor's Markdown textarea content (after the newline the HTML parser drops). */
const textareaOf = (html: string) => /<textarea id="bodyMarkdown"[^>]*>\n([\s\S]*?)<\/textarea>/.exec(html)?.[1];
const idOf = (location: string | undefined) => Number(/^\/admin\/articles\/(\d+)\?notice=\w+$/.exec(location ?? '')?.[1]);
/** datetime-local (UTC) for a moment `ms` after `now`. */
const localAt = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString().slice(0, 16);

describe.each(dialects())('article admin on %s', (dialect) => {
  let t: TestApp;
  const clock = new FakeClock();
  let editor: Session;
  let author: Session;
  let otherAuthor: Session;
  let seq = 0;

  async function session(role: Role, name: string): Promise<Session> {
    const user = await t.services.accounts.createUser({ email: `${role}${++seq}@example.org`, password: 'a long enough password', displayName: name, role });
    // Until the /login page lands, a session is made directly; its cookie and CSRF token are what /login would give.
    const s = await t.services.accounts.createSession(user.id);
    return { cookie: `gz_session=${s.token}`, csrf: s.csrf, userId: user.id, name };
  }
  const get = (s: Session | undefined, url: string) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...(s && { cookie: s.cookie }) } });
  const post = (s: Session, url: string, fields: Record<string, string | number>, opts: { csrf?: string | null } = {}) =>
    t.app.inject({
      method: 'POST', url, headers: { ...FORM, accept: 'text/html', cookie: s.cookie },
      payload: form({ ...(opts.csrf !== null && { _csrf: opts.csrf ?? s.csrf }), ...fields }),
    });
  const fields = (over: Record<string, string> = {}) => ({
    title: 'An article', slug: '', summary: '', tags: '', authorName: 'Ada Reporter', bodyMarkdown: 'Some *text*.',
    commentsOpen: '', publishedAt: '', intent: 'save', ...over,
  });
  /** Creates an article through the form; returns its id. */
  async function createVia(s: Session, over: Record<string, string> = {}): Promise<number> {
    const res = await post(s, '/admin/articles', fields(over));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    return idOf(res.headers.location);
  }
  /** The editor form's current values for an article, as a browser would submit them again. */
  async function formOf(s: Session, id: number): Promise<Record<string, string>> {
    const a = await t.services.articles.getById(id);
    return fields({
      title: a.title, slug: a.slug, summary: a.summary, tags: a.tags.join(', '), authorName: a.authorName, bodyMarkdown: a.bodyMarkdown,
      commentsOpen: a.commentsOpen === null ? '' : a.commentsOpen ? 'open' : 'closed', publishedAt: a.publishedAt?.slice(0, 16) ?? '', updatedAt: a.updatedAt,
    });
  }
  const publicPage = (slug: string) => t.app.inject({ url: `/articles/${slug}`, headers: { accept: 'text/html' } });
  const home = async () => (await t.app.inject({ url: '/', headers: { accept: 'text/html' } })).body;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    // A set-up site (before its first admin exists, /admin leads to /setup instead of /login).
    await session('admin', 'Ada Admin');
    editor = await session('editor', 'Eddie Editor');
    author = await session('author', 'Annie Author');
    otherAuthor = await session('author', 'Bob Byline');
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('access', () => {
    it('sends a browser without a session to the sign-in page and back, and refuses readers', async () => {
      const res = await get(undefined, '/admin/articles?status=draft');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/admin/articles?status=draft')}`);
      const editorPage = await get(undefined, '/admin/articles/new');
      expect(editorPage.statusCode).toBe(303);
      expect(editorPage.headers.location).toBe('/login?next=%2Fadmin%2Farticles%2Fnew');
      const reader = await session('reader', 'Rita Reader');
      expect((await get(reader, '/admin/articles')).statusCode).toBe(403);
      expect((await post(reader, '/admin/articles', fields())).statusCode).toBe(403);
      const moderator = await session('moderator', 'Mo Moderator');
      expect((await get(moderator, '/admin/articles')).statusCode).toBe(403);
    });

    it('refuses form posts without the session\'s CSRF token and changes nothing', async () => {
      const before = (await t.services.articles.listForAdmin({})).length;
      const missing = await post(editor, '/admin/articles', fields({ title: 'Forged article' }), { csrf: null });
      expect(missing.statusCode).toBe(403);
      expect(missing.body).toContain('This form has expired');
      const wrong = await post(editor, '/admin/articles', fields({ title: 'Forged article' }), { csrf: author.csrf });
      expect(wrong.statusCode).toBe(403);
      const id = await createVia(editor, { title: 'Guarded article' });
      const edit = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), title: 'Forged title' }, { csrf: null });
      expect(edit.statusCode).toBe(403);
      expect((await t.services.articles.getById(id)).title).toBe('Guarded article');
      expect((await t.services.articles.listForAdmin({})).length).toBe(before + 1);
    });
  });

  describe('editors', () => {
    it('offer a form with the signed-in name as byline, a preview and the editor\'s buttons', async () => {
      const res = await get(editor, '/admin/articles/new');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      expect(html).toMatch(/<input name="authorName" value="Eddie Editor"/);
      expect(html).toContain('data-preview');
      expect(html).toMatch(/<script type="module" src="\/assets\/admin\.[0-9a-f]+\.js">/);
      // The session's token, masked afresh for this page (unmaskToken gives it back).
      const inPage = /data-csrf="([^"]+)"/.exec(html)?.[1];
      const inForm = /<input type="hidden" name="_csrf" value="([^"]+)"\/>/.exec(html)?.[1];
      expect([inPage, inForm].map((v) => unmaskToken(v ?? ''))).toEqual([editor.csrf, editor.csrf]);
      expect(html).toMatch(/Publish date and time, in UTC/);
      expect(html).toContain('type="datetime-local"');
      for (const label of ['Save draft', 'Publish now', 'Schedule']) expect(html).toContain(`>${label}</button>`);
      expect(html).not.toContain('>Submit for review</button>');
      expect(html).not.toContain('>Unpublish</button>');
      expect(html).toMatch(/<option value selected>Site default \(currently open\)<\/option>/);
    });

    it('create a draft, edit it and publish it', async () => {
      const created = await post(editor, '/admin/articles', fields({
        title: 'Bridge vote delayed', summary: 'The council waits.', tags: 'Politics, local', bodyMarkdown: 'First **draft**.',
      }));
      expect(created.statusCode).toBe(303);
      const id = idOf(created.headers.location);
      expect(created.headers.location).toBe(`/admin/articles/${id}?notice=created`);
      let a = await t.services.articles.getById(id);
      expect(a).toMatchObject({ slug: 'bridge-vote-delayed', status: 'draft', tags: ['politics', 'local'], ownerId: editor.userId, publishedAt: null, commentsOpen: null });
      expect((await publicPage(a.slug)).statusCode).toBe(404);

      const page = (await get(editor, `/admin/articles/${id}?notice=created`)).body;
      expect(page).toContain('Draft saved.');
      expect(page).toContain('>Draft</span>');
      expect(textareaOf(page)).toBe('First **draft**.');
      expect(page).toMatch(/<div class="editor-preview article-body" data-preview="true"><p>First <strong>draft<\/strong>.<\/p>/);
      expect(page).toContain('value="politics, local"');

      const saved = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), bodyMarkdown: 'Second draft.' });
      expect(saved.headers.location).toBe(`/admin/articles/${id}?notice=saved`);
      expect((await t.services.articles.getById(id)).bodyMarkdown).toBe('Second draft.');

      clock.advance(60_000);
      const published = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), title: 'Bridge vote delayed again', intent: 'publish' });
      expect(published.statusCode).toBe(303);
      expect(published.headers.location).toBe(`/admin/articles/${id}?notice=published`);
      a = await t.services.articles.getById(id);
      expect(a).toMatchObject({ status: 'published', title: 'Bridge vote delayed again', publishedAt: clock.now().toISOString() });
      const pub = await publicPage(a.slug);
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toContain('Bridge vote delayed again');
      expect(await home()).toContain('Bridge vote delayed again');

      const after = (await get(editor, `/admin/articles/${id}?notice=published`)).body;
      expect(after).toContain('Published: the article is on the site.');
      expect(after).toContain(`href="/articles/${a.slug}">View on the site</a>`);
      expect(after).toContain('>Save changes</button>');
      expect(after).toContain('>Unpublish</button>');
      expect(after).not.toContain('>Publish now</button>');

      const unpublished = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'unpublish' });
      expect(unpublished.headers.location).toBe(`/admin/articles/${id}?notice=unpublished`);
      expect((await t.services.articles.getById(id)).status).toBe('draft');
      expect((await publicPage(a.slug)).statusCode).toBe(404);
      // Publishing again keeps the original date (it is still in the form).
      await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' });
      expect((await t.services.articles.getById(id)).publishedAt).toBe(a.publishedAt);
    });

    it('publish directly from the new-article form', async () => {
      const id = await createVia(editor, { title: 'Straight to print', intent: 'publish' });
      const a = await t.services.articles.getById(id);
      expect(a).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString() });
      expect((await publicPage(a.slug)).statusCode).toBe(200);
    });

    it('schedule an article that appears when its time comes', async () => {
      const id = await createVia(editor, { title: 'Election night live' });
      const slug = (await t.services.articles.getById(id)).slug;
      const base = await formOf(editor, id);

      const noDate = await post(editor, `/admin/articles/${id}`, { ...base, intent: 'schedule' });
      expect(noDate.statusCode).toBe(400);
      expect(noDate.body).toContain('Pick the date and time to publish at (UTC)');
      const past = await post(editor, `/admin/articles/${id}`, { ...base, intent: 'schedule', publishedAt: localAt(clock.now(), -HOUR) });
      expect(past.statusCode).toBe(400);
      expect(past.body).toContain('To schedule, pick a time in the future (UTC)');
      const garbled = await post(editor, `/admin/articles/${id}`, { ...base, intent: 'schedule', publishedAt: 'tomorrow' });
      expect(garbled.statusCode).toBe(400);
      expect((await t.services.articles.getById(id)).status).toBe('draft');

      const when = localAt(clock.now(), 2 * HOUR);
      const res = await post(editor, `/admin/articles/${id}`, { ...base, intent: 'schedule', publishedAt: when });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=scheduled`);
      expect((await t.services.articles.getById(id))).toMatchObject({ status: 'published', publishedAt: `${when}:00.000Z` });

      const page = (await get(editor, `/admin/articles/${id}?notice=scheduled`)).body;
      expect(page).toContain('Scheduled for ');
      expect(page).toContain('>Scheduled</span>');
      expect(page).toContain(`value="${when}"`);
      expect(listed((await get(editor, '/admin/articles?status=scheduled')).body)).toContain(id);
      expect(listed((await get(editor, '/admin/articles?status=published')).body)).not.toContain(id);

      expect(await home()).not.toContain('Election night live');
      expect((await publicPage(slug)).statusCode).toBe(404);
      clock.advance(HOUR);
      expect(await home()).not.toContain('Election night live');
      clock.advance(HOUR + 1000);
      expect(await home()).toContain('Election night live');
      expect((await publicPage(slug)).statusCode).toBe(200);
      expect(listed((await get(editor, '/admin/articles?status=published')).body)).toContain(id);
    });

    it('schedule from the new-article form, and "Publish now" on a scheduled article publishes it at once', async () => {
      const when = localAt(clock.now(), 24 * HOUR);
      const id = await createVia(editor, { title: 'Tomorrow\'s weather', intent: 'schedule', publishedAt: when });
      expect(await t.services.articles.getById(id)).toMatchObject({ status: 'published', publishedAt: `${when}:00.000Z` });
      const res = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' });
      expect(res.statusCode).toBe(303);
      expect((await t.services.articles.getById(id)).publishedAt).toBe(clock.now().toISOString());
    });
  });

  describe('the list', () => {
    it('filters by status, searches titles in any case and shows the newest first', async () => {
      const ids: Record<string, number> = {};
      ids.draft = await createVia(editor, { title: 'Zebra crossing plan' });
      clock.advance(1000);
      ids.review = await createVia(author, { title: 'ZEBRA count', authorName: 'Annie Author', intent: 'submit' });
      clock.advance(1000);
      ids.scheduled = await createVia(editor, { title: 'The zebra schedule', intent: 'schedule', publishedAt: localAt(clock.now(), 48 * HOUR) });
      clock.advance(1000);
      ids.published = await createVia(editor, { title: 'Zebras: 100% striped_', intent: 'publish' });
      clock.advance(1000);

      const html = (await get(editor, '/admin/articles?q=zEbRa')).body;
      expect(listed(html)).toEqual([ids.published, ids.scheduled, ids.review, ids.draft]);
      expect(html).toContain('value="zEbRa"');
      for (const label of ['Draft', 'In review', 'Scheduled', 'Published']) expect(html).toContain(`>${label}</span>`);
      expect(html).toContain('<td class="wide">Annie Author</td>');

      for (const status of ['draft', 'review', 'scheduled', 'published'] as const) {
        const res = await get(editor, `/admin/articles?status=${status}&q=zebra`);
        expect(listed(res.body), status).toEqual([ids[status]]);
        expect(res.body).toMatch(new RegExp(`<option value="${status}" selected>`));
      }
      // Wildcards are searched for literally.
      expect(listed((await get(editor, '/admin/articles?q=%25')).body)).toEqual([ids.published]);
      expect(listed((await get(editor, '/admin/articles?q=d_')).body)).toEqual([ids.published]);
      expect(listed((await get(editor, '/admin/articles?q=zebra+x')).body)).toEqual([]);
      expect((await get(editor, '/admin/articles?q=zebra+x')).body).toContain('No articles match.');
      // Unknown filters are ignored rather than refused.
      const all = await get(editor, '/admin/articles?status=bogus');
      expect(all.statusCode).toBe(200);
      expect(listed(all.body)).toEqual(expect.arrayContaining(Object.values(ids)));
      // The service answers the same, with the owner filter authors get.
      const mine = await t.services.articles.listForAdmin({ q: 'ZEBRA', ownerId: author.userId });
      expect(mine.map((a) => a.id)).toEqual([ids.review]);
    });
  });

  describe('authors', () => {
    it('see only their own articles and cannot open or change anyone else\'s', async () => {
      const mine = await createVia(author, { title: 'Annie\'s local story', authorName: 'Annie Author' });
      const theirs = await createVia(otherAuthor, { title: 'Bob\'s local story', authorName: 'Bob Byline' });
      const editors = await createVia(editor, { title: 'Editor\'s local story' });

      const list = listed((await get(author, '/admin/articles?q=local+story')).body);
      expect(list).toEqual([mine]);
      expect(listed((await get(editor, '/admin/articles?q=local+story')).body)).toEqual([editors, theirs, mine]);

      expect((await get(author, `/admin/articles/${theirs}`)).statusCode).toBe(403);
      expect((await get(author, `/admin/articles/${editors}`)).statusCode).toBe(403);
      const before = await t.services.articles.getById(theirs);
      const edit = await post(author, `/admin/articles/${theirs}`, { ...(await formOf(otherAuthor, theirs)), title: 'Hijacked' });
      expect(edit.statusCode).toBe(403);
      expect(await t.services.articles.getById(theirs)).toEqual(before);
      expect((await get(author, '/admin/articles/999999')).statusCode).toBe(404);
      expect((await get(author, '/admin/articles/abc')).statusCode).toBe(404);
    });

    it('create and edit drafts, submit them for review, and cannot publish', async () => {
      const page = (await get(author, '/admin/articles/new')).body;
      expect(page).toContain('>Save draft</button>');
      expect(page).toContain('>Submit for review</button>');
      expect(page).not.toContain('>Publish now</button>');
      expect(page).not.toContain('>Schedule</button>');
      expect(page).not.toContain('name="publishedAt"');

      const id = await createVia(author, { title: 'Market day', authorName: 'Annie Author', bodyMarkdown: 'Stalls.' });
      expect(await t.services.articles.getById(id)).toMatchObject({ ownerId: author.userId, status: 'draft' });
      const saved = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Market day returns' });
      expect(saved.headers.location).toBe(`/admin/articles/${id}?notice=saved`);
      const draft = await t.services.articles.getById(id);
      expect(draft.title).toBe('Market day returns');

      // Crafted forms: publishing, scheduling or dating an article is refused and changes nothing.
      const crafted: Record<string, string>[] = [{ intent: 'publish' }, { intent: 'schedule', publishedAt: localAt(clock.now(), HOUR) }, { intent: 'unpublish' }, { publishedAt: localAt(clock.now(), -HOUR) }];
      for (const extra of crafted) {
        const res = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Sneaky', ...extra });
        expect(res.statusCode, JSON.stringify(extra)).toBe(403);
        expect(await t.services.articles.getById(id)).toEqual(draft);
      }
      const count = (await t.services.articles.listForAdmin({})).length;
      for (const extra of crafted.filter((c) => c.intent !== 'unpublish')) {
        const res = await post(author, '/admin/articles', fields({ title: 'Sneaky new', ...extra }));
        expect(res.statusCode, JSON.stringify(extra)).toBe(403);
      }
      expect((await t.services.articles.listForAdmin({})).length).toBe(count);

      const submitted = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), intent: 'submit' });
      expect(submitted.headers.location).toBe(`/admin/articles/${id}?notice=submitted`);
      const inReview = await t.services.articles.getById(id);
      expect(inReview).toMatchObject({ status: 'draft', reviewRequestedAt: clock.now().toISOString() });
      const reviewPage = (await get(author, `/admin/articles/${id}?notice=submitted`)).body;
      expect(reviewPage).toContain('Submitted for review');
      expect(reviewPage).toContain('>In review</span>');
      expect(reviewPage).not.toContain('>Submit for review</button>');
      expect(listed((await get(author, '/admin/articles?status=review')).body)).toContain(id);
      expect(listed((await get(editor, '/admin/articles?status=review')).body)).toContain(id);

      // An editor publishes it; the author may read it but no longer change it.
      const pub = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' });
      expect(pub.statusCode).toBe(303);
      expect((await t.services.articles.getById(id)).reviewRequestedAt).toBeNull();
      const readOnly = await get(author, `/admin/articles/${id}`);
      expect(readOnly.statusCode).toBe(200);
      expect(readOnly.body).toContain('<fieldset disabled>');
      expect(readOnly.body).toContain('only an editor can change it now');
      expect(readOnly.body).not.toContain('</button><button type="submit" name="intent"');
      expect(readOnly.body).not.toContain('name="intent" value="save"');
      const late = await post(author, `/admin/articles/${id}`, { ...(await formOf(author, id)), title: 'Too late' });
      expect(late.statusCode).toBe(403);
      expect((await t.services.articles.getById(id)).title).toBe('Market day returns');
    });
  });

  describe('form errors', () => {
    it('re-render the editor with the messages and what was typed', async () => {
      const typed = fields({ title: '  ', slug: 'Not A Slug', tags: 'one, two', bodyMarkdown: 'My <typed> text & more', summary: 'Kept summary', commentsOpen: 'closed' });
      const res = await post(editor, '/admin/articles', typed);
      expect(res.statusCode).toBe(400);
      const html = res.body;
      expect(html).toContain('<p class="form-error" role="alert">Please correct the marked fields.</p>');
      expect(html).toContain('<span class="field-error" id="title-error">Title is required</span>');
      expect(html).toContain('<span class="field-error" id="slug-error">Use lowercase letters, digits and single hyphens');
      expect(html).toMatch(/<input name="title" value="  "[^>]*aria-invalid="true"[^>]*aria-describedby="title-error"/);
      expect(html).toContain('value="Not A Slug"');
      expect(html).toContain('value="one, two"');
      expect(textareaOf(html)).toBe('My &lt;typed> text &amp; more');
      expect(html).toContain('Kept summary');
      expect(html).toContain('<option value="closed" selected>Closed</option>');
      // The preview shows the typed text too.
      expect(html).toMatch(/data-preview="true"><p>My &lt;typed&gt; text &amp; more<\/p>/);
    });

    it('keep the typed values on a slug conflict (409) and on a stale form (409)', async () => {
      const first = await createVia(editor, { title: 'Unique headline' });
      const dup = await post(editor, '/admin/articles', fields({ title: 'Another', slug: 'unique-headline', bodyMarkdown: 'Dup body' }));
      expect(dup.statusCode).toBe(409);
      expect(dup.body).toContain('id="slug-error">An article with slug &quot;unique-headline&quot; already exists');
      expect(textareaOf(dup.body)).toBe('Dup body');

      const stale = await formOf(editor, first);
      clock.advance(1000);
      expect((await post(editor, `/admin/articles/${first}`, { ...(await formOf(editor, first)), bodyMarkdown: 'Their change.' })).statusCode).toBe(303);
      const conflict = await post(editor, `/admin/articles/${first}`, { ...stale, bodyMarkdown: 'My change.' });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.body).toContain('Someone else saved this article after you opened it.');
      expect(textareaOf(conflict.body)).toBe('My change.');
      expect((await t.services.articles.getById(first)).bodyMarkdown).toBe('Their change.');
      // Saving the re-rendered form again is a deliberate overwrite.
      const current = (await t.services.articles.getById(first)).updatedAt;
      expect(conflict.body).toContain(`<input type="hidden" name="updatedAt" value="${current}"/>`);
      const again = await post(editor, `/admin/articles/${first}`, { ...stale, bodyMarkdown: 'My change.', updatedAt: current });
      expect(again.statusCode).toBe(303);
      expect((await t.services.articles.getById(first)).bodyMarkdown).toBe('My change.');
    });

    it('accept an article longer than the default 64 KB form limit', async () => {
      const long = `${'Ünïcödé paragraph with words. '.repeat(2500)}\n`;
      const id = await createVia(editor, { title: 'A very long read', bodyMarkdown: long });
      expect((await t.services.articles.getById(id)).bodyMarkdown).toBe(long);
    });
  });

  describe('images without JavaScript', () => {
    let png: Buffer;
    beforeAll(async () => {
      png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).png().toBuffer();
    });
    const upload = async (s: Session, id: number, parts: Parameters<typeof multipart>[0], csrf: string | null = s.csrf) => {
      const body = await multipart(parts);
      return t.app.inject({
        method: 'POST', url: `/admin/articles/${id}/images${csrf ? `?_csrf=${csrf}` : ''}`, payload: body.payload,
        headers: { ...body.headers, accept: 'text/html', cookie: s.cookie },
      });
    };

    it('uploads through a plain form, appends the Markdown, and the article shows a figure', async () => {
      const id = await createVia(author, { title: 'Pictures from the fair', authorName: 'Annie Author', bodyMarkdown: 'Intro.\n\n' });
      const editorPage = (await get(author, `/admin/articles/${id}`)).body;
      const inAction = new RegExp(`action="/admin/articles/${id}/images\\?_csrf=([^"]+)"`).exec(editorPage)?.[1];
      expect(unmaskToken(decodeURIComponent(inAction ?? ''))).toBe(author.csrf);
      expect(editorPage).toContain('enctype="multipart/form-data"');

      const refused = await upload(author, id, { alt: 'A blue square', file: { data: png, name: 'blue.png', type: 'image/png' } }, null);
      expect(refused.statusCode).toBe(403);
      expect((await t.services.articles.getById(id)).bodyMarkdown).toBe('Intro.\n\n');

      const res = await upload(author, id, { alt: 'A blue square', file: { data: png, name: 'blue.png', type: 'image/png' } });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=image`);
      const body = (await t.services.articles.getById(id)).bodyMarkdown;
      const m = /^Intro\.\n\n!\[A blue square\]\(\/media\/images\/(\d+)\)\n$/.exec(body);
      expect(m, body).not.toBeNull();
      const after = (await get(author, `/admin/articles/${id}?notice=image`)).body;
      expect(after).toContain('Image added at the end of the text.');
      expect(after).toMatch(/data-preview="true"><p>Intro.<\/p>\n<figure class="article-image">/);

      const bad = await upload(author, id, { alt: 'x', file: { data: Buffer.from('not an image'), name: 'x.png', type: 'image/png' } });
      expect(bad.statusCode).toBe(415);
      expect(bad.body).toContain('The image was not added: The file is not an image Gazette can read');
      const none = await upload(author, id, { alt: 'nothing' });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Choose an image file to upload');
      expect((await t.services.articles.getById(id)).bodyMarkdown).toBe(body);

      // Other people's articles are out of reach here too.
      expect((await upload(otherAuthor, id, { alt: 'x', file: { data: png, name: 'blue.png', type: 'image/png' } })).statusCode).toBe(403);

      const pub = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), intent: 'publish' });
      expect(pub.statusCode).toBe(303);
      const html = (await publicPage((await t.services.articles.getById(id)).slug)).body;
      const figure = /<figure class="article-image">[\s\S]*?<\/figure>/.exec(html)?.[0];
      expect(figure).toBeDefined();
      expect(figure).toMatch(/<img src="\/media\/thumbs\/[a-z0-9]+\.jpg" alt="A blue square" width="960" height="640"/);
    });
  });

  describe('comments switch', () => {
    it('closes comments on one article: the page says so and new comments are refused', async () => {
      const id = await createVia(editor, { title: 'No comments here', commentsOpen: 'closed', intent: 'publish' });
      const a = await t.services.articles.getById(id);
      expect(a.commentsOpen).toBe(false);
      const page = await publicPage(a.slug);
      expect(page.body).toContain('Comments are closed.');
      expect(page.body).not.toContain(`action="/articles/${a.slug}/comments"`);
      const api = await t.app.inject({
        method: 'POST', url: `/api/v1/articles/${a.slug}/comments`, payload: { authorName: 'Grace', authorEmail: 'grace@example.org', body: 'Hello?' },
      });
      expect(api.statusCode).toBe(403);
      expect(api.json().error.code).toBe('COMMENTS_CLOSED');
      const viaForm = await t.app.inject({
        method: 'POST', url: `/articles/${a.slug}/comments`, headers: { ...FORM, accept: 'text/html' },
        payload: form({ authorName: 'Grace', authorEmail: 'grace@example.org', body: 'Hello?' }),
      });
      expect(viaForm.statusCode).toBe(403);

      // Open again, then back to the site's default.
      expect((await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), commentsOpen: 'open' })).statusCode).toBe(303);
      expect((await t.services.articles.getById(id)).commentsOpen).toBe(true);
      const open = await publicPage(a.slug);
      expect(open.body).not.toContain('Comments are closed.');
      expect(open.body).toContain(`action="/articles/${a.slug}/comments"`);
      expect((await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), commentsOpen: '' })).statusCode).toBe(303);
      expect((await t.services.articles.getById(id)).commentsOpen).toBeNull();
    });
  });
});
