// The floating invitation to comment on the article page: the settings' wording and the count, none where
// comments are closed or the wording is empty, none for a reader whose own comment is on the page; the cached
// page follows a change of wording. On every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';

const promptOf = (html: string) => /<aside class="comment-prompt"[\s\S]*?<\/aside>/.exec(html)?.[0];

describe.each(dialects())('the invitation to comment on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    slug = (await createArticle(t, { title: 'Prompted' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });
  const page = (cookie?: string) => t.app.inject({ url: `/articles/${slug}`, headers: cookie ? { cookie } : {} });

  it("shows the settings' wording and the number of comments, leading to the form", async () => {
    const bubble = promptOf((await page()).body)!;
    expect(bubble).toContain('<a class="comment-prompt-link" href="#comment-form"><span class="comment-prompt-text">Would love your thoughts, please comment.</span>');
    expect(bubble).toMatch(/<span class="comment-prompt-count" title="0 comments">0<span class="visually-hidden"> comments<\/span><\/span>/);
    // The close button needs JavaScript: hidden until the script shows it.
    expect(bubble).toContain('<button type="button" class="comment-prompt-close" aria-label="Close the invitation to comment" hidden>×</button>');
  });

  it('is gone for a reader whose own comment is on the page, and counts the others', async () => {
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload: { authorName: 'Pia', authorEmail: 'pia@example.org', body: 'I was asked, so here I am.' } });
    expect(posted.statusCode).toBe(201);
    expect(promptOf((await page(readerCookie(posted))).body)).toBeUndefined();
    expect(promptOf((await page()).body)).toContain('title="1 comment"');
  });

  it('follows the wording in the settings on the cached page; empty means none', async () => {
    await page();
    expect((await page()).headers['x-page-cache']).toBe('hit');
    const s = t.services.settings;
    await s.update({ commentPrompt: 'Tell us what you think!' });
    expect(promptOf((await page()).body)).toContain('Tell us what you think!');
    await s.update({ commentPrompt: '' });
    expect(promptOf((await page()).body)).toBeUndefined();
    await s.update({ commentPrompt: 'Would love your thoughts, please comment.' });
  });

  it('is not shown where comments are closed', async () => {
    const closed = await createArticle(t, { title: 'No comments here', commentsOpen: false });
    const res = await t.app.inject({ url: `/articles/${closed.slug}` });
    expect(res.statusCode).toBe(200);
    expect(promptOf(res.body)).toBeUndefined();
  });
});
