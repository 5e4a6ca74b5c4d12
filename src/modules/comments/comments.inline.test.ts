// Inline feedback through the API and the server-rendered page, on every dialect this machine has: posting
// on a passage, refusals, the inline list, re-attaching after edits, marks and quotes without JavaScript.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createArticle, dialects, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { FORM, form } from '../../../test/helpers/http.js';

interface Anchor { exact: string; prefix: string; suffix: string; placed: boolean }
interface Thread { id: number; parentId: number | null; anchor?: Anchor; replies: Thread[] }

const BODY = [
  'The council met on **Monday evening**. The budget was approved after a long debate about the library.',
  '',
  'Residents asked about the [new bridge](https://example.org/bridge). The budget was approved after a long debate about the harbour.',
  '',
  'Someone wrote <script>alert(1)</script> on the whiteboard, and the mayor laughed.',
  '',
  'In the end, the mayor thanked everyone for coming and closed the meeting at nine.',
].join('\n');

const guest = { authorName: 'Grace', authorEmail: 'grace.hidden@example.org' };
const MARK_COUNT = /<a class="inline-count" href="([^"]*)" aria-label="(\d+) comments? on this passage">\d+<\/a>/g;

describe.each(dialects())('inline feedback on %s', (dialect) => {
  let t: TestApp;
  let article: { id: number; slug: string };
  const clock = new FakeClock();
  const post = (payload: Record<string, unknown>, slug = article.slug) =>
    t.app.inject({ method: 'POST', url: `/api/v1/articles/${slug}/comments`, payload });
  const list = async (query = '') => {
    const res = await t.app.inject({ url: `/api/v1/articles/${article.slug}/comments?limit=100${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { comments: Thread[]; total: number };
  };
  const page = async (query = '') => {
    const res = await t.app.inject({ url: `/articles/${article.slug}${query}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const articleBody = (html: string) => /<div class="article-body">([^]*?)<\/div>/.exec(html)![1]!;
  const marks = (html: string) => [...articleBody(html).matchAll(/<mark class="inline-passage">([^<]*)<\/mark>/g)].map((m) => m[1]);
  const edit = async (bodyMarkdown: string) => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/articles/${article.id}`, headers: admin, payload: { bodyMarkdown } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const inlineComment = async (id: number) => (await list('&inline=1')).comments.find((c) => c.id === id);

  beforeAll(async () => {
    t = await buildTestApp({ dialect, clock });
    article = await createArticle(t, { title: 'Inline feedback under test', bodyMarkdown: BODY });
  });
  afterAll(async () => { await t?.close(); await t?.dropDatabase(); });

  it('posts inline feedback: the anchor is the article\'s own text with its context, placed', async () => {
    // The reader's selection across the bold edge, with untidy white space.
    const res = await post({ ...guest, body: 'Why Monday?', anchor: { exact: 'met on Monday\n evening', prefix: 'The council ' } });
    expect(res.statusCode, res.body).toBe(201);
    const { comment } = res.json();
    expect(comment.anchor).toEqual({ exact: 'met on Monday evening', prefix: 'The council ', suffix: '. The budget was approved after ', placed: true });
    expect(res.body).not.toContain(guest.authorEmail);
    const plain = (await list()).comments.find((c) => c.id === comment.id);
    expect(plain?.anchor?.exact).toBe('met on Monday evening');
  });

  it('refuses a quote that is not in the article (422) and an anchor on a reply (400), storing nothing', async () => {
    const before = (await list()).total;
    const missing = await post({ ...guest, body: 'Hm', anchor: { exact: 'the mayor resigned' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error).toMatchObject({ code: 'ANCHOR_NOT_FOUND', field: 'anchor' });
    const parent = (await post({ ...guest, body: 'A plain comment' })).json().comment;
    const reply = await post({ ...guest, body: 'A reply', parentId: parent.id, anchor: { exact: 'the mayor laughed' } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toMatchObject({ code: 'ANCHOR_ON_REPLY', field: 'anchor' });
    expect((await list()).total).toBe(before + 1);
  });

  it.each([
    ['an empty quote', { exact: '   ' }, 'REQUIRED', 'anchor.exact'],
    ['a quote over 1,000 characters', { exact: 'x'.repeat(1001) }, 'TOO_LONG', 'anchor.exact'],
    ['a prefix over 64 characters', { exact: 'the mayor laughed', prefix: 'p'.repeat(65) }, 'TOO_LONG', 'anchor.prefix'],
    ['an unknown field', { exact: 'the mayor laughed', start: 3 }, 'UNKNOWN_FIELD', 'start'],
    ['a quote of the wrong type', { exact: 42 }, 'INVALID_TYPE', 'anchor.exact'],
  ])('rejects %s with a stable code', async (_name, anchor, code, field) => {
    const res = await post({ ...guest, body: 'x', anchor });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
  });

  it('lists only inline feedback with ?inline=1 (or true), each with its anchor; a bad value is a 400', async () => {
    const inline = await list('&inline=1');
    expect(inline.comments.length).toBeGreaterThan(0);
    expect(inline.comments.every((c) => c.anchor !== undefined && c.parentId === null)).toBe(true);
    expect((await list('&inline=true')).comments.map((c) => c.id)).toEqual(inline.comments.map((c) => c.id));
    const all = await list();
    expect(all.comments.some((c) => c.anchor === undefined)).toBe(true);
    const bad = await t.app.inject({ url: `/api/v1/articles/${article.slug}/comments?inline=maybe` });
    expect(bad.statusCode).toBe(400);
  });

  it('tells a repeated quote apart by its context: each occurrence gets its own mark', async () => {
    const repeated = 'The budget was approved';
    const first = await post({ ...guest, body: 'On the library', anchor: { exact: repeated, suffix: ' after a long debate about the library.' } });
    const second = await post({ ...guest, body: 'On the harbour', anchor: { exact: repeated, prefix: 'Residents asked about the new bridge. ', suffix: ' after a long debate about the harbour.' } });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    // The stored context is the article's own 32 characters around each occurrence.
    expect(first.json().comment.anchor.prefix).toBe(' council met on Monday evening. ');
    expect(second.json().comment.anchor.prefix).toBe('idents asked about the new bridge. '.slice(-32));
    const html = await page();
    expect(marks(html).filter((m) => m === repeated)).toHaveLength(2);
  });

  it('marks passages on the page without JavaScript: split at element edges, with a count linking to the inline filter', async () => {
    const html = await page();
    const body = articleBody(html);
    // "met on Monday evening" ends inside <strong>: one mark before it, one inside it, the count after the last.
    expect(body).toContain('The council <mark class="inline-passage">met on </mark><strong><mark class="inline-passage">Monday evening</mark>'
      + '<a class="inline-count" href="/articles/inline-feedback-under-test?inline=1&amp;all=1#comment-1" aria-label="1 comment on this passage">1</a></strong>');
    const counts = [...body.matchAll(MARK_COUNT)];
    expect(counts.length).toBeGreaterThanOrEqual(3);
    for (const [, href] of counts) expect(href).toMatch(new RegExp(`^/articles/${article.slug}\\?inline=1&amp;all=1#comment-\\d+$`));
    // The inline filter: a tab beside the sorts, only inline comments, each with its quote.
    const filtered = await page('?inline=1');
    expect(filtered).toContain('class="inline-filter active"');
    expect(filtered).toContain('<blockquote>met on Monday evening</blockquote>');
    expect(filtered).not.toContain('A plain comment');
    expect(await page()).toContain('A plain comment');
    expect(filtered).not.toContain(guest.authorEmail);
  });

  it('keeps the marks through votes (kept in memory), and marks anew after any other change to the discussion', async () => {
    const before = marks(await page());
    expect(before.length).toBeGreaterThan(0);
    // Unplaced by hand (no event): only marks read again would lose them.
    await sql`update comments set anchor_placed = 0 where article_id = ${article.id}`.execute(t.db.db);
    const first = (await list()).comments[0]!;
    const voted = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${first.id}/vote`, payload: { value: 1 } });
    expect(voted.statusCode, voted.body).toBe(200);
    expect(marks(await page())).toEqual(before); // the page was rendered again for the vote, the marks kept
    clock.advance(61_000);
    expect(marks(await page('?sort=oldest'))).toEqual([]); // a page not rendered yet; the marks read again
    await sql`update comments set anchor_placed = 1 where article_id = ${article.id} and anchor_start is not null`.execute(t.db.db);
    const posted = await post({ ...guest, body: 'A plain remark, no passage.' });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(marks(await page())).toEqual(before); // a comment's event: read again
  });

  it('keeps quoted markup escaped everywhere (no stored XSS through a quote)', async () => {
    const res = await post({ ...guest, body: 'Scary', anchor: { exact: '<script>alert(1)</script> on the whiteboard' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().comment.anchor.exact).toBe('<script>alert(1)</script> on the whiteboard');
    const html = await page('?inline=1');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<blockquote>&lt;script>alert(1)&lt;/script> on the whiteboard</blockquote>');
    expect(articleBody(html)).toContain('<mark class="inline-passage">Someone wrote &lt;script&gt;alert(1)&lt;/script&gt; on the whiteboard</mark>'.replace('Someone wrote ', ''));
  });

  it('re-attaches anchors when the article is edited: moved, slightly rewritten, deleted', async () => {
    const moved = (await post({ ...guest, body: 'Nice ending', anchor: { exact: 'the mayor thanked everyone for coming' } })).json().comment;
    const rewritten = (await post({ ...guest, body: 'Long debate?', anchor: { exact: 'approved after a long debate about the harbour' } })).json().comment;
    const deleted = (await post({ ...guest, body: 'Whiteboard!', anchor: { exact: 'and the mayor laughed' } })).json().comment;
    await edit([
      'In the end, the mayor thanked everyone for coming and closed the meeting at nine.',
      '',
      'The council met on **Monday evening**. The budget was approved after a long debate about the library.',
      '',
      'Residents asked about the [new bridge](https://example.org/bridge). The budget was approved after a lengthy debate about the harbour.',
    ].join('\n'));
    expect((await inlineComment(moved.id))?.anchor).toMatchObject({ exact: 'the mayor thanked everyone for coming', placed: true });
    // The quote shown stays what the reader commented on; the mark follows the new wording.
    expect((await inlineComment(rewritten.id))?.anchor).toMatchObject({ exact: 'approved after a long debate about the harbour', placed: true });
    expect((await inlineComment(deleted.id))?.anchor).toMatchObject({ exact: 'and the mayor laughed', placed: false });
    const html = await page('?inline=1&all=1');
    expect(marks(html)).toContain('the mayor thanked everyone for coming');
    // Overlapping passages ("The budget was approved" on the harbour) share one mark.
    expect(marks(html).some((m) => m!.includes('approved after a lengthy debate about the harbour'))).toBe(true);
    expect(marks(html).join('|')).not.toContain('laughed');
    // The unplaced one is kept, with its quote, as about an earlier version.
    const li = new RegExp(`<li[^>]*id="comment-${deleted.id}"[^]*?</li>`).exec(html)?.[0] ?? '';
    expect(li).toContain('<blockquote>and the mayor laughed</blockquote>');
    expect(li).toContain('On an earlier version of this article');
    expect(articleBody(html)).not.toContain(`#comment-${deleted.id}"`);
  });

  it('places an anchor again when an edit brings its passage back', async () => {
    const c = (await post({ ...guest, body: 'Nine?', anchor: { exact: 'closed the meeting at nine' } })).json().comment;
    await edit('Nothing is left of the old text here.');
    expect((await inlineComment(c.id))?.anchor?.placed).toBe(false);
    expect(marks(await page())).toEqual([]);
    await edit('At last the mayor closed the meeting at nine, as promised.');
    expect((await inlineComment(c.id))?.anchor?.placed).toBe(true);
    expect(marks(await page())).toContain('closed the meeting at nine');
  });

  it.runIf(dialect === 'postgres')('places an anchor in the body that an edit in progress commits, not in the one it replaces', async () => {
    await edit('The harbour stores stay public.');
    // An edit of the article in progress: its new body written (with the event an edit emits), not committed yet.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => { commit = resolve; });
    let written!: () => void;
    const isWritten = new Promise<void>((resolve) => { written = resolve; });
    const editing = t.events.transaction(async ({ tx, emit }) => {
      await tx.updateTable('articles').set({ body_html: '<p>First a new opening. The harbour stores stay public.</p>' }).where('id', '=', article.id).execute();
      await emit('article.updated', { articleId: article.id, slug: article.slug }, `article:${article.id}`);
      written();
      await committing;
    });
    await isWritten;
    const posting = post({ ...guest, body: 'Agreed.', anchor: { exact: 'The harbour stores stay public' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await editing;
    const res = await posting;
    expect(res.statusCode, res.body).toBe(201);
    // Placed by the new body's offsets: the mark wraps the passage, not the new opening.
    expect(marks(await page())).toEqual(['The harbour stores stay public']);
  });

  it('accepts inline feedback from the plain HTML form (no JavaScript)', async () => {
    await edit('A short article. It has one sentence worth quoting, and another.');
    const res = await t.app.inject({
      method: 'POST', url: `/articles/${article.slug}/comments`, headers: { ...FORM, accept: 'text/html' },
      payload: form({ ...guest, body: 'From the form', anchorExact: 'one sentence worth quoting', anchorPrefix: 'It has ', anchorSuffix: ', and' }),
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = Number(/#comment-(\d+)/.exec(String(res.headers.location))?.[1]);
    expect((await inlineComment(id))?.anchor).toMatchObject({ exact: 'one sentence worth quoting', placed: true });
    // A quote that is not there: the page again, with the message beside the form and the quote kept.
    const bad = await t.app.inject({
      method: 'POST', url: `/articles/${article.slug}/comments`, headers: { ...FORM, accept: 'text/html' },
      payload: form({ ...guest, body: 'Lost', anchorExact: 'a sentence that never was' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('data-code="ANCHOR_NOT_FOUND"');
    expect(bad.body).toContain('<blockquote>a sentence that never was</blockquote>');
  });
});
