// The article editor as an editor uses it without JavaScript: the form with its preview and buttons, drafts,
// publishing and unpublishing, scheduling, and form errors re-rendered with what was typed (slug conflicts,
// stale forms, long articles). On every dialect.
import { unmaskToken } from '../../platform/secrets.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { articleAdminSuite, HOUR, idOf, listed, localAt, textareaOf, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('article admin on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { clock, get, post, fields, createVia, formOf, publicPage, home } = kit;
  let t: TestApp;
  let editor: Session;
  beforeAll(() => { ({ t, editor } = kit); });

  describe('editors', () => {
    it('offer a form with the signed-in account as byline, a preview and the editor\'s buttons', async () => {
      const res = await get(editor, '/admin/articles/new');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      // The first author is the signed-in account; the byline text stays empty (it becomes the authors' names).
      expect(html).toMatch(new RegExp(`<select name="author1">.*<option value="${editor.userId}" selected>Eddie Editor</option>.*?</select>`));
      expect(html).toMatch(/<input name="authorName" value maxlength="80"\/>/);
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
});
