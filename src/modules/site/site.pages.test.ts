// Reader-facing HTML: the article page, the home page, the no-JavaScript comment forms, CSRF
// refusal and not-found answers, on every dialect this machine has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, readerCookie, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';

/** HTML text escaping as Preact does it in element content. */
const textEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const SECRET_EMAIL = 'hidden.author@example.org';

interface Thread { id: number; bodyHtml: string; up: number; down: number; editedBy: string | null; status: string; replies: Thread[] }

describe.each(dialects())('site pages on %s', (dialect) => {
  let t: TestApp;
  let slug: string;
  const clock = new FakeClock();
  const page = (s: string, query = '', headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/articles/${s}${query}`, headers: { accept: 'text/html', ...headers } });
  const apiComments = async (s: string) => {
    const res = await t.app.inject({ url: `/api/v1/articles/${s}/comments?limit=100` });
    return res.json() as { comments: Thread[]; total: number };
  };
  const find = (threads: Thread[], id: number): Thread | undefined => {
    for (const c of threads) {
      if (c.id === id) return c;
      const r = find(c.replies, id);
      if (r) return r;
    }
    return undefined;
  };
  const postApi = (s: string, body: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/articles/${s}/comments`, headers, payload: { authorName: 'Grace', authorEmail: SECRET_EMAIL, body } });
  const postForm = (url: string, fields: Record<string, string | number>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: form(fields), headers: { ...FORM, accept: 'text/html', ...headers } });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    slug = (await createArticle(t, {
      title: 'Council votes on the <new> bridge', summary: 'What the vote means.', tags: ['Politics', 'Local'],
      authorName: 'Ada Reporter', publishedAt: '2026-03-01T08:00:00Z',
    })).slug;
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  describe('article page', () => {
    it('renders headline, byline, date, tags, support callouts and comment sorting', async () => {
      const res = await page(slug);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const html = res.body;
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<h1 id="article-title">Council votes on the &lt;new> bridge</h1>');
      expect(html).toMatch(/<title>Council votes on the &lt;new> bridge — The Test Gazette<\/title>/);
      expect(html).toMatch(/class="byline">By <span class="author">Ada Reporter<\/span>/);
      expect(html).toMatch(/<time datetime="2026-03-01T08:00:00.000Z"[^>]*>March 1, 2026<\/time>/);
      expect(html).toMatch(/<ul class="tags"[^>]*><li><a href="\/tags\/politics">politics<\/a><\/li><li><a href="\/tags\/local">local<\/a><\/li><\/ul>/);
      expect(count(html, '<p class="support-title">Support The Test Gazette</p>')).toBe(2);
      expect(html).toContain('<span class="comment-count">0</span> Comments');
      expect(html).toContain(`href="/articles/${slug}?sort=oldest#comments"`);
      expect(html).toContain(`href="/articles/${slug}?sort=votes#comments"`);
      expect(html).toContain(`href="/articles/${slug}#comments" aria-current="true"`);
      const oldest = (await page(slug, '?sort=oldest')).body;
      expect(oldest).toMatch(new RegExp(`href="/articles/${slug}\\?sort=oldest#comments" aria-current="true"`));
      expect(oldest).toContain('<input type="hidden" name="sort" value="oldest"/>');
      expect((await page(slug, '?sort=bogus')).statusCode).toBe(200);
    });

    it('shows comments with their time and who last edited them, never the e-mail', async () => {
      const res = await postApi(slug, 'I was at the meeting.');
      const c = res.json().comment;
      clock.advance(3 * 60_000);
      const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${c.id}`, headers: { cookie: readerCookie(res) }, payload: { body: 'I was at the meeting too.' } });
      expect(edit.statusCode).toBe(200);
      const editedAt = edit.json().comment.editedAt as string;
      clock.advance(2 * 60_000);
      const html = (await page(slug)).body;
      expect(html).toContain('<span class="comment-count">1</span> Comment<');
      const li = new RegExp(`<li class="comment depth-0" id="comment-${c.id}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
      expect(li).toContain('<strong class="comment-author">Grace</strong>');
      expect(li).toMatch(new RegExp(`<time datetime="${c.createdAt}"[^>]*>5 minutes ago</time>`));
      expect(li).toContain('<p>I was at the meeting too.</p>');
      expect(li).toMatch(new RegExp(`Last edited <time datetime="${editedAt}"[^>]*>2 minutes ago</time> by Grace`));
      expect(html).not.toContain(SECRET_EMAIL);
      expect(html).not.toContain('hidden.author');
      // Not for the author either, who sees the personalised page.
      const own = await page(slug, '', { cookie: readerCookie(res) });
      expect(own.headers['x-page-cache']).toBe('personal');
      expect(own.body).not.toContain(SECRET_EMAIL);
      expect(own.body).toContain(`action="/comments/${c.id}/delete"`);
    });

    it('serves repeat views from the page cache and refreshes it when a comment arrives', async () => {
      await page(slug);
      const second = await page(slug);
      expect(second.headers['x-page-cache']).toBe('hit');
      expect((await postApi(slug, 'A brand new remark')).statusCode).toBe(201);
      const after = await page(slug);
      expect(after.headers['x-page-cache']).toBe('miss');
      expect(after.body).toContain('A brand new remark');
      expect(after.body).toContain('<span class="comment-count">2</span> Comments');
      expect((await page(slug)).headers['x-page-cache']).toBe('hit');
      // Each sort is its own page.
      expect((await page(slug, '?sort=votes')).headers['x-page-cache']).toBe('miss');
    });

    it('offers "View all comments" only beyond 20 threads, and ?all=1 shows them all', async () => {
      const s = (await createArticle(t, { title: 'Busy discussion' })).slug;
      for (let i = 1; i <= 20; i++) {
        clock.advance(1000);
        await postApi(s, `Thread number ${i}.`);
      }
      const twenty = (await page(s)).body;
      expect(count(twenty, '<li class="comment depth-0"')).toBe(20);
      expect(twenty).not.toContain('View all comments');
      expect(twenty).not.toContain('all=1');
      clock.advance(1000);
      await postApi(s, 'Thread number 21.');
      const more = (await page(s)).body;
      expect(count(more, '<li class="comment depth-0"')).toBe(20);
      expect(more).not.toContain('Thread number 1.<');
      expect(more).toMatch(/<a class="button load-more" href="[^"]*all=1[^"]*">View all comments<\/a>/);
      const all = (await page(s, '?all=1')).body;
      expect(count(all, '<li class="comment depth-0"')).toBe(21);
      expect(all).toContain('<p>Thread number 1.</p>');
      expect(all).not.toContain('View all comments');
      // A reply form for a thread beyond the first page (the no-JS "Reply" link, or an error in it) still shows.
      const oldest = (await t.app.inject({ url: `/api/v1/articles/${s}/comments?sort=oldest&limit=1` })).json().comments[0];
      expect(oldest.bodyHtml).toBe('<p>Thread number 1.</p>');
      const oldId = oldest.id as number;
      expect(more).not.toContain(`id="comment-${oldId}"`);
      const replyPage = (await page(s, `?replyTo=${oldId}`)).body;
      expect(replyPage).toContain(`id="reply-form-${oldId}"`);
      const replyError = await postForm(`/articles/${s}/comments`, { body: '', authorName: 'Late', authorEmail: 'late@example.org', parentId: oldId });
      expect(replyError.statusCode).toBe(400);
      expect(replyError.body).toMatch(new RegExp(`id="reply-form-${oldId}"[\\s\\S]*?data-code="REQUIRED"`));
      expect(replyError.body).toContain('value="Late"');
      const allOldest = (await page(s, '?sort=oldest&all=1')).body;
      expect(count(allOldest, '<li class="comment depth-0"')).toBe(21);
      expect(allOldest.indexOf('Thread number 1.')).toBeLessThan(allOldest.indexOf('Thread number 21.'));
    });

    it('embeds the comment data for the island: script-safe, and nothing personal on the shared page', async () => {
      const s = (await createArticle(t, { title: 'Embedded state' })).slug;
      const nasty = '</script><script>window.__pwned = 1</script><!-- & \u2028';
      const res = await postApi(s, nasty, {});
      expect(res.statusCode).toBe(201);
      const mine = { cookie: readerCookie(res) };
      const other = await postApi(s, 'Someone else writes.');
      const stateOf = (html: string) => {
        const m = /<script type="application\/json" id="comments-state">([\s\S]*?)<\/script>/.exec(html);
        expect(m, 'embedded state').not.toBeNull();
        return { raw: m![1]!, state: JSON.parse(m![1]!) as { sort: string; total: number; threads: Record<string, unknown>[] } };
      };

      // The shared page: the data as the API gives it to anyone, with no per-reader field.
      const shared = await page(s);
      expect(shared.headers['x-page-cache']).toMatch(/^(hit|miss)$/);
      const { raw, state } = stateOf(shared.body);
      expect(raw).not.toMatch(/[<>\u2028]/);
      expect(count(shared.body, '<script')).toBe(count(shared.body, '</script>'));
      expect(state).toMatchObject({ sort: 'newest', total: 2 });
      expect(state.threads).toEqual((await apiComments(s)).comments);
      expect(JSON.stringify(state)).not.toMatch(/myVote|canEdit/);
      expect(textEsc(JSON.stringify(state))).not.toContain(SECRET_EMAIL);

      // The poster's own page is personal (never cached) and may say what is theirs.
      const personal = await page(s, '', mine);
      expect(personal.headers['x-page-cache']).toBe('personal');
      const own = stateOf(personal.body).state.threads;
      expect(own.find((c) => c.id === res.json().comment.id)).toMatchObject({ canEdit: true, myVote: 0 });
      expect(own.find((c) => c.id === other.json().comment.id)).toMatchObject({ canEdit: false });
    });

    it('answers 404 with an HTML page for an unknown article', async () => {
      const res = await page('no-such-article');
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Page not found');
    });
  });

  describe('home page', () => {
    it('lists published articles only', async () => {
      await createArticle(t, { title: 'Home draft story', status: 'draft', publishedAt: undefined });
      await createArticle(t, { title: 'Home scheduled story', publishedAt: '2027-01-01T00:00:00Z' });
      await createArticle(t, { title: 'Home published story', publishedAt: '2026-03-10T00:00:00Z' });
      const res = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<a href="/articles/home-published-story">Home published story</a>');
      expect(res.body).toContain(`<a href="/articles/${slug}">`);
      expect(res.body).not.toContain('Home draft story');
      expect(res.body).not.toContain('Home scheduled story');
      expect(res.body.indexOf('home-published-story')).toBeLessThan(res.body.indexOf(slug));
    });
  });

  describe('comment forms without JavaScript', () => {
    let s: string;
    beforeAll(async () => { s = (await createArticle(t, { title: 'Forms under test' })).slug; });

    it('posts a comment, redirects to it and sets the reader cookie', async () => {
      const res = await postForm(`/articles/${s}/comments`, { body: 'Posted without JS', authorName: 'Nora', authorEmail: 'nora@example.org', sort: 'newest' });
      expect(res.statusCode).toBe(303);
      const { comments } = await apiComments(s);
      const c = comments.find((x) => x.bodyHtml === '<p>Posted without JS</p>');
      expect(c).toBeDefined();
      expect(res.headers.location).toBe(`/articles/${s}#comment-${c!.id}`);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^gz_reader=[^;]+;/);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);
      const sorted = await postForm(`/articles/${s}/comments`, { body: 'Posted from oldest', authorName: 'Nora', authorEmail: 'nora@example.org', sort: 'oldest' });
      expect(sorted.headers.location).toMatch(new RegExp(`^/articles/${s}\\?sort=oldest&all=1#comment-\\d+$`));
    });

    it('shows the form again with the error and what the reader typed', async () => {
      const before = (await apiComments(s)).total;
      const res = await postForm(`/articles/${s}/comments`, { body: '', authorName: 'Typed Name', authorEmail: 'typed@example.org' });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const api = await postApi(s, '');
      const message = api.json().error.message as string;
      expect(res.body).toContain(`data-code="REQUIRED">${textEsc(message)}</p>`);
      expect(message).toMatch(/^body/);
      expect(res.body).toContain('value="Typed Name"');
      expect(res.body).toContain('value="typed@example.org"');
      const empty = await t.app.inject({ method: 'POST', url: `/articles/${s}/comments`, payload: '', headers: { ...FORM, accept: 'text/html' } });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('class="form-error"');
      expect((await apiComments(s)).total).toBe(before);
    });

    it('posts a reply through the parentId field', async () => {
      const parent = (await postApi(s, 'Parent for a form reply')).json().comment;
      const res = await postForm(`/articles/${s}/comments`, { body: 'Replying without JS', authorName: 'Nora', authorEmail: 'nora@example.org', parentId: parent.id });
      expect(res.statusCode).toBe(303);
      const replies = find((await apiComments(s)).comments, parent.id)!.replies;
      expect(replies.map((r) => r.bodyHtml)).toEqual(['<p>Replying without JS</p>']);
      expect(res.headers.location).toBe(`/articles/${s}?all=1#comment-${replies[0]!.id}`);
      // The parent is gone (e.g. deleted meanwhile): the error and the typed text must still be shown.
      const bad = await postForm(`/articles/${s}/comments`, { body: 'Orphan', authorName: 'Nora', authorEmail: 'nora@example.org', parentId: 999999 });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('data-code="PARENT_NOT_FOUND"');
      expect(bad.body).toContain('>Orphan</textarea>');
      const empty = await postForm(`/articles/${s}/comments`, { body: ' ', authorName: 'Nora', authorEmail: 'nora@example.org', parentId: parent.id });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toMatch(new RegExp(`<form class="comment-form reply-form"[^>]*id="reply-form-${parent.id}"[\\s\\S]*?data-code="REQUIRED"[\\s\\S]*?</form>`));
    });

    it('votes with a button press and withdraws on the second press', async () => {
      const c = (await postApi(s, 'Vote on me by form')).json().comment;
      const first = await postForm(`/comments/${c.id}/vote`, { value: 1, sort: 'votes' });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe(`/articles/${s}?sort=votes&all=1#comment-${c.id}`);
      expect(find((await apiComments(s)).comments, c.id)).toMatchObject({ up: 1, down: 0 });
      const me = { cookie: readerCookie(first) };
      const again = await postForm(`/comments/${c.id}/vote`, { value: 1 }, me);
      expect(again.statusCode).toBe(303);
      expect(find((await apiComments(s)).comments, c.id)).toMatchObject({ up: 0, down: 0 });
      await postForm(`/comments/${c.id}/vote`, { value: -1 }, me);
      await postForm(`/comments/${c.id}/vote`, { value: 1 }, me);
      expect(find((await apiComments(s)).comments, c.id)).toMatchObject({ up: 1, down: 0 });
      const bad = await postForm(`/comments/${c.id}/vote`, { value: 2 }, me);
      expect(bad.statusCode).toBe(400);
      expect(find((await apiComments(s)).comments, c.id)).toMatchObject({ up: 1, down: 0 });
      const missing = await postForm('/comments/999999/vote', { value: 1 });
      expect(missing.statusCode).toBe(404);
    });

    it('lets the author edit and delete, and refuses a stranger', async () => {
      const posted = await postForm(`/articles/${s}/comments`, { body: 'Edit me by form', authorName: 'Nora', authorEmail: 'nora@example.org' });
      const me = { cookie: readerCookie(posted) };
      const id = Number(/#comment-(\d+)$/.exec(posted.headers.location as string)![1]);
      const editPage = await page(s, `?edit=${id}`, me);
      expect(editPage.body).toContain(`action="/comments/${id}/edit"`);
      expect(editPage.body).toMatch(/<textarea name="body"[^>]*>Edit me by form<\/textarea>/);

      const stranger = await postForm(`/comments/${id}/edit`, { body: 'Hijacked' });
      expect(stranger.statusCode).toBe(403);
      expect(stranger.body).toContain('data-code="NOT_AUTHOR"');
      const otherReader = await postForm(`/comments/${id}/edit`, { body: 'Hijacked' }, { cookie: readerCookie(await postApi(s, 'someone else')) });
      expect(otherReader.statusCode).toBe(403);
      expect(find((await apiComments(s)).comments, id)!.bodyHtml).toBe('<p>Edit me by form</p>');

      clock.advance(60_000);
      const edit = await postForm(`/comments/${id}/edit`, { body: 'Edited by form' }, me);
      expect(edit.statusCode).toBe(303);
      expect(edit.headers.location).toBe(`/articles/${s}?all=1#comment-${id}`);
      expect(find((await apiComments(s)).comments, id)).toMatchObject({ bodyHtml: '<p>Edited by form</p>', editedBy: 'Nora' });
      expect((await page(s)).body).toMatch(/Last edited <time[^>]*>[^<]*<\/time> by Nora/);

      const strangerDelete = await postForm(`/comments/${id}/delete`, {});
      expect(strangerDelete.statusCode).toBe(403);
      expect(find((await apiComments(s)).comments, id)).toBeDefined();
      const del = await postForm(`/comments/${id}/delete`, { sort: 'oldest' }, me);
      expect(del.statusCode).toBe(303);
      expect(del.headers.location).toBe(`/articles/${s}?sort=oldest#comments`);
      expect(find((await apiComments(s)).comments, id)).toBeUndefined();
    });
  });

  describe('cross-site requests', () => {
    it.each([
      ['an Origin from another site', { origin: 'https://evil.example' }],
      ['a null Origin', { origin: 'null' }],
      ['a malformed Origin', { origin: 'not a url' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ])('refuses %s and stores nothing', async (_name, headers) => {
      const before = (await apiComments(slug)).total;
      const api = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, headers,
        payload: { authorName: 'Mallory', authorEmail: 'm@evil.example', body: 'forged' } });
      expect(api.statusCode).toBe(403);
      expect(api.json().error.code).toBe('CSRF_REJECTED');
      const viaForm = await t.app.inject({ method: 'POST', url: `/articles/${slug}/comments`, headers: { ...FORM, ...headers },
        payload: form({ authorName: 'Mallory', authorEmail: 'm@evil.example', body: 'forged' }) });
      expect(viaForm.statusCode).toBe(403);
      expect(viaForm.json().error.code).toBe('CSRF_REJECTED');
      const id = (await apiComments(slug)).comments[0]!.id;
      const vote = await t.app.inject({ method: 'POST', url: `/comments/${id}/vote`, headers: { ...FORM, ...headers }, payload: form({ value: 1 }) });
      expect(vote.statusCode).toBe(403);
      const adminCall = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: { ...admin, ...headers },
        payload: { title: 'Forged article', bodyMarkdown: 'x', authorName: 'x', status: 'published' } });
      expect(adminCall.statusCode).toBe(403);
      const after = await apiComments(slug);
      expect(after.total).toBe(before);
      expect(JSON.stringify(after)).not.toContain('forged');
      expect(after.comments.every((c) => c.up === 0 || c.id !== id)).toBe(true);
      expect((await t.app.inject({ url: '/api/v1/articles/forged-article' })).statusCode).toBe(404);
    });

    it('accepts same-origin requests', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`,
        headers: { host: 'news.example', origin: 'https://news.example', 'sec-fetch-site': 'same-origin' },
        payload: { authorName: 'Sam', authorEmail: 'sam@example.org', body: 'same origin' } });
      expect(res.statusCode).toBe(201);
      const configured = await t.app.inject({ method: 'POST', url: `/articles/${slug}/comments`,
        headers: { ...FORM, host: 'internal:8080', origin: t.config.baseUrl }, payload: form({ authorName: 'Sam', authorEmail: 'sam@example.org', body: 'from base url' }) });
      expect(configured.statusCode).toBe(303);
    });
  });

  describe('unknown routes', () => {
    it('answers JSON under /api/ and an HTML page for browsers elsewhere', async () => {
      for (const headers of [{}, { accept: 'text/html' }]) {
        const api = await t.app.inject({ url: '/api/v1/nothing-here', headers });
        expect(api.statusCode).toBe(404);
        expect(api.headers['content-type']).toMatch(/^application\/json/);
        expect(api.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
      }
      const browser = await t.app.inject({ url: '/nothing-here', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      expect(browser.statusCode).toBe(404);
      expect(browser.headers['content-type']).toMatch(/^text\/html/);
      expect(browser.body).toContain('Page not found');
      expect(browser.body).toContain('The Test Gazette');
      const client = await t.app.inject({ url: '/nothing-here' });
      expect(client.statusCode).toBe(404);
      expect(client.json().error.code).toBe('NOT_FOUND');
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/nothing-here', payload: {} });
      expect(post.statusCode).toBe(404);
      expect(post.json().error.code).toBe('NOT_FOUND');
    });
  });
});
