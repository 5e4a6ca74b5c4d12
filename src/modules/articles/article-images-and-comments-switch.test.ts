// Two parts of the article editor without JavaScript: uploading an image through a plain form (the Markdown
// gains it, the article shows a figure) and switching comments on one article closed, open or to the site's
// default. On every dialect.
import sharp from 'sharp';
import { unmaskToken } from '../../platform/secrets.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form, multipart } from '../../../test/helpers/http.js';
import { articleAdminSuite, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('article admin on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { get, post, createVia, formOf, publicPage } = kit;
  let t: TestApp;
  let editor: Session;
  let author: Session;
  let otherAuthor: Session;
  beforeAll(() => { ({ t, editor, author, otherAuthor } = kit); });

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
