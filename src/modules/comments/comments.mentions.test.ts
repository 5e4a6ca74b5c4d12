// "@Name" of an earlier commenter links to their comment through its permalink, which leads to the comment on
// the article's page; held comments are neither mentionable nor reachable by permalink. On every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, type TestApp } from '../../../test/helpers/test-app.js';

describe.each(dialects())('mentions on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    slug = (await createArticle(t, { title: 'Mentioned' })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });
  const post = async (authorName: string, body: string, n: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: `198.51.100.${n}`, payload: { authorName, authorEmail: `c${n}@example.org`, body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().comment as { id: number; bodyHtml: string; status: string };
  };

  it('links an earlier commenter, and their permalink leads to the comment on the page', async () => {
    const first = await post('Ada Reporter', 'The harbour stores were sold in 1998 already.', 1);
    const again = await post('Ada Reporter', 'Correction: 1999.', 2);
    const reply = await post('Bo', '@Ada Reporter are you sure? And @Nobody, hello.', 3);
    expect(reply.bodyHtml).toBe(`<p><a class="mention" href="/comments/${again.id}">@Ada Reporter</a> are you sure? And @Nobody, hello.</p>`);
    expect(first.id).toBeLessThan(again.id);

    const link = await t.app.inject({ url: `/comments/${again.id}` });
    expect(link.statusCode).toBe(303);
    expect(link.headers.location).toBe(`/articles/${slug}?sort=oldest&all=1#comment-${again.id}`);
    expect((await t.app.inject({ url: '/comments/999999' })).statusCode).toBe(404);
  });

  it('does not link or lead to a held comment', async () => {
    const held = await post('Hidden Hal', 'A comment for the moderators first.', 4);
    await t.services.comments.changeStatus([held.id], 'pending', { kind: 'moderator', name: 'Mo' }, 'hold');
    expect((await t.app.inject({ url: `/comments/${held.id}` })).statusCode).toBe(404);
    const mention = await post('Cy', 'Hello @Hidden Hal.', 5);
    expect(mention.bodyHtml).toBe('<p>Hello @Hidden Hal.</p>');
  });

  it('links mentions again when a comment is edited', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, remoteAddress: '198.51.100.6', payload: { authorName: 'Di', authorEmail: 'di@example.org', body: 'Nothing yet.' } });
    const { id } = res.json().comment;
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const edited = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie }, remoteAddress: '198.51.100.6', payload: { body: 'Thanks @Bo.' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().comment.bodyHtml).toMatch(/^<p>Thanks <a class="mention" href="\/comments\/\d+">@Bo<\/a>\.<\/p>$/);
  });
});
