// What a moderator sees around a queued comment and how they narrow the queue: the reasons in plain words
// with the matched words highlighted, the comment a reply answers, the author's record (by e-mail address
// for guests, by account for readers who sign in), links shown as text; filters by article and by search
// kept in the address, in paging and after decisions; the "select all" box; the dashboard's count of
// comments waiting. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { moderationSuite, type Person } from './moderation.test-kit.js';

/** The markup of one queued comment on a queue page. */
function itemOf(html: string, id: number): string {
  const start = html.indexOf(`<li class="mod-item" id="c-${id}"`);
  expect(start, `comment #${id} is on the page`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<li class="mod-item"', start + 1);
  return html.slice(start, end === -1 ? html.indexOf('</ol>', start) : end);
}
const bodyOf = (item: string) => /<div class="mod-body comment-body" data-plain-body="true">([\s\S]*?)<\/div>/.exec(item)?.[1] ?? '';
const idsOn = (html: string) => [...html.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]));
const hrefOf = (html: string, rel: string) => new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

describe.each(dialects())('the moderation queue\'s context and filters on %s', (dialect) => {
  const kit = moderationSuite(dialect);
  const { clock, nextIp, guest, post, published, get, submit, decide, setModeration } = kit;
  let t: TestApp;
  let slug: string;
  let otherSlug: string;
  let mia: Person;
  let arthur: Person;
  beforeAll(() => { ({ t, slug, otherSlug, mia, arthur } = kit); });

  const held = async (body: string, opts: { who?: { authorName: string; authorEmail: string }; parentId?: number; slug?: string; as?: Person } = {}) => {
    const payload = { ...(opts.as ? {} : opts.who ?? guest()), body, ...(opts.parentId && { parentId: opts.parentId }) };
    const res = opts.as
      ? await t.app.inject({ method: 'POST', url: `/api/v1/articles/${opts.slug ?? slug}/comments`, payload, remoteAddress: nextIp(), headers: { cookie: opts.as.cookie, 'x-csrf-token': opts.as.csrf } })
      : await post(payload, { ip: nextIp(), slug: opts.slug });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().comment.id as number;
  };

  it('shows a reply\'s parent, the author\'s record, the reasons in plain words and the text with links as plain text', async () => {
    const who = guest();
    const first = await published('The council should publish the full repair budget for the harbour.', { who });
    clock.advance(60_000);
    const parent = await published('I think the <harbour> wall is fine & the money is better spent on the school roof.');
    await setModeration({ policy: 'all' });
    const rejected = await held('Another thought from the same reader about the budget.', { who });
    await decide(mia, [rejected], 'reject');
    clock.advance(60_000);
    const reply = await held('Read the report at https://example.org/harbour-report before you decide.', { who, parentId: parent });

    const html = (await get('/admin/moderation?queue=pending', mia)).body;
    const item = itemOf(html, reply);
    // The parent: its author and text, escaped.
    expect(item).toMatch(new RegExp(`<blockquote class="mod-parent" data-parent-id="${parent}">In reply to <strong>Reader \\d+</strong> \\(#${parent}\\): “I think the &lt;harbour> wall is fine &amp; the money`));
    // The author's record: the same e-mail address's comments by status, the first one's time.
    const firstAt = (await kit.row(first)).created_at;
    expect(item).toContain('<span data-history="published">1 published</span> · <span data-history="pending">1 held</span> · <span data-history="spam">0 spam</span> · <span data-history="rejected">1 rejected</span>');
    expect(item).toContain(`first seen <time datetime="${firstAt}"`);
    // The link is text: the address visible, nothing to click.
    const body = bodyOf(item);
    expect(body).toContain('https://example.org/harbour-report');
    expect(body).not.toContain('<a');
    // Reasons in words, never the filter's tokens.
    expect(item).toContain('<strong>Site policy</strong>: The site pre-moderates every comment');
    expect(item).not.toMatch(/__[a-z]|~[a-z]|spam probability/);
    // A comment that replies to nothing has no parent line.
    expect(itemOf((await get('/admin/moderation?queue=all', mia)).body, first)).not.toContain('data-parent-id');
    expect(await t.services.moderation.queue('pending').then((q) => q.items.find((c) => c.id === reply)?.parent?.id)).toBe(parent);
    // The JSON API gives the same context: the parent, the author's record, the reasons in words.
    const viaApi = (await kit.apiAs(mia, 'GET', '/api/v1/admin/moderation/queue?queue=pending')).json().items
      .find((c: { id: number }) => c.id === reply);
    expect(viaApi.parent).toMatchObject({ id: parent, deleted: false, excerpt: expect.stringContaining('I think the <harbour> wall') });
    expect(viaApi.authorRecord).toEqual({ published: 1, pending: 1, spam: 0, rejected: 1, firstSeen: firstAt });
    expect(viaApi.reasons).toContainEqual(expect.objectContaining({ label: 'Site policy', deciding: true, sentence: expect.stringContaining('pre-moderates every comment') }));
    expect(JSON.stringify(viaApi.reasons)).not.toMatch(/__[a-z]|~[a-z]/);
    await t.services.moderation.decide([reply], 'reject', callerFor('Mia Moderator'));
  });

  it('counts a signed-in reader\'s comments by account, and says when an author has no record', async () => {
    await setModeration({ policy: 'all' });
    const one = await held('A signed-in author writes about the ferry timetable.', { as: arthur });
    const two = await held('And again about the ferry, a second time.', { as: arthur });
    const items = (await t.services.moderation.queue('pending')).items;
    expect(items.find((c) => c.id === two)?.author).toMatchObject({ published: 0, pending: 2, spam: 0, rejected: 0 });
    const html = (await get('/admin/moderation?queue=pending', mia)).body;
    expect(itemOf(html, two)).toContain('<span data-history="pending">2 held</span>');
    // A comment of an author the site cannot tell (no account, e-mail or reader cookie) says so.
    const now = clock.now().toISOString();
    const [anon] = await t.db.db.insertInto('comments').values({
      article_id: items[0]!.article_id, parent_id: null, root_id: null, depth: 0, author_name: 'Nobody', author_email: '', reader_id: null,
      body: 'No identity at all.', body_html: '<p>No identity at all.</p>', status: 'pending', created_at: now, edited_at: null, edited_by: null,
    }).returning('id').execute();
    try {
      const page = (await get('/admin/moderation?queue=pending', mia)).body;
      expect(itemOf(page, anon!.id)).toContain('No earlier comments known for this author.');
      expect(itemOf(page, anon!.id)).not.toContain('class="mod-email"');
    } finally {
      await t.db.db.deleteFrom('comments').where('id', '=', anon!.id).execute();
    }
    await t.services.moderation.decide([one, two], 'reject', callerFor('Mia Moderator'));
  });

  it('highlights the words a reason names, escaped', async () => {
    await t.services.moderation.addBlock('phrase', 'miracle pills', callerFor('Mia Moderator'));
    try {
      const res = await post({ ...guest(), body: 'Buy <b>MIRACLE   pills</b> today, miracle cure & pills.' }, { ip: nextIp() });
      const id = res.json().comment.id as number;
      expect((await kit.row(id)).status).toBe('spam');
      const item = itemOf((await get('/admin/moderation?queue=spam', mia)).body, id);
      expect(item).toContain('<strong>Block list</strong>: Contains the blocked phrase “miracle pills”');
      expect(bodyOf(item)).toBe('<p>Buy &lt;b><mark>MIRACLE   pills</mark>&lt;/b> today, miracle cure &amp; pills.</p>');
    } finally {
      const entry = (await t.services.moderation.blockList()).find((e) => e.value === 'miracle pills');
      if (entry) await t.services.moderation.removeBlock(entry.id, callerFor('Mia Moderator'));
    }
  });

  it('filters by article and by search (any case, any script, % and _ as themselves), kept by decisions', async () => {
    await setModeration({ policy: 'all' });
    const here = await held('Zebrafinch sighting near the ÉCOLE gates, 100% sure.', { slug });
    const there = await held('Zebrafinch sighting at the other end of town.', { slug: otherSlug });
    const byName = await held('Nothing about birds.', { who: { authorName: 'Zebrafinch Watcher', authorEmail: 'watcher@example.org' }, slug: otherSlug });

    const search = await get('/admin/moderation?queue=pending&q=zebrafinch', mia);
    expect(idsOn(search.body).sort()).toEqual([here, there, byName].sort());
    expect(search.body).toContain('<input type="search" name="q" value="zebrafinch"');
    expect(idsOn((await get(`/admin/moderation?queue=pending&q=${encodeURIComponent('école')}`, mia)).body)).toEqual([here]);
    expect(idsOn((await get(`/admin/moderation?queue=pending&q=${encodeURIComponent('100%')}`, mia)).body)).toEqual([here]);
    expect(idsOn((await get(`/admin/moderation?queue=pending&q=${encodeURIComponent('100_')}`, mia)).body)).toEqual([]);

    const article = await get(`/admin/moderation?queue=pending&article=${otherSlug}&q=zebrafinch`, mia);
    expect(idsOn(article.body).sort()).toEqual([there, byName].sort());
    expect(article.body).toContain(`<option value="${otherSlug}" selected>Another article</option>`);
    expect(article.body).toContain('<a href="/admin/moderation?queue=pending">Clear filters</a>');
    // The bulk bar and each comment's buttons carry the filters back.
    expect(article.body).toContain(`<input type="hidden" name="article" value="${otherSlug}"/>`);
    expect(article.body).toContain('<input type="hidden" name="q" value="zebrafinch"/>');

    // The JSON API takes the same filters.
    const api = await kit.apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?queue=pending&article=${otherSlug}&q=ZEBRAFINCH`);
    expect(api.json().items.map((c: { id: number }) => c.id).sort()).toEqual([there, byName].sort());
    expect((await kit.apiAs(mia, 'GET', `/api/v1/admin/moderation/queue?q=${'x'.repeat(201)}`)).statusCode).toBe(400);

    const res = await submit('/admin/moderation/decide', mia, { ids: [there], action: 'approve', queue: 'pending', article: otherSlug, q: 'zebrafinch' });
    expect(res.headers.location).toBe(`/admin/moderation?queue=pending&article=${otherSlug}&q=zebrafinch&notice=approve&n=1`);
    const after = await kit.follow(res, mia);
    expect(idsOn(after.body)).toEqual([byName]);
    // An article nobody commented on, or a search nothing matches: an empty queue that says why.
    const none = await get('/admin/moderation?queue=pending&article=no-such-article', mia);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No comment in this queue matches the filters.');
    // A search too long to be one is no filter (the field allows 200 characters).
    expect((await get(`/admin/moderation?queue=pending&q=${'x'.repeat(300)}`, mia)).statusCode).toBe(200);
    // An invalid decision shows the same filtered queue with the error.
    const bad = await submit('/admin/moderation/decide', mia, { action: 'approve', queue: 'pending', article: otherSlug, q: 'zebrafinch' });
    expect(bad.statusCode).toBe(400);
    expect(idsOn(bad.body)).toEqual([byName]);
    await t.services.moderation.decide([here, byName], 'reject', callerFor('Mia Moderator'));
  });

  it('keeps the filters when paging', async () => {
    const now = clock.now().toISOString();
    const article = (await t.services.moderation.queue('all', { limit: 1 })).items[0]!.article_id;
    const inserted = await t.db.db.insertInto('comments').values(Array.from({ length: 53 }, (_, i) => ({
      article_id: article, parent_id: null, root_id: null, depth: 0, author_name: `Pager ${i}`, author_email: `pager${i}@example.org`,
      reader_id: null, body: `Quokka report ${i}`, body_html: `<p>Quokka report ${i}</p>`, status: 'pending' as const, created_at: now, edited_at: null, edited_by: null,
    }))).returning('id').execute();
    const ids = inserted.map((r) => r.id).sort((a, b) => b - a);
    try {
      const first = await get('/admin/moderation?queue=pending&q=quokka', mia);
      expect(idsOn(first.body)).toEqual(ids.slice(0, 50));
      const older = hrefOf(first.body, 'next');
      expect(older).toBe(`/admin/moderation?queue=pending&q=quokka&before=${ids[49]}`);
      const second = await get(older!, mia);
      expect(idsOn(second.body)).toEqual(ids.slice(50));
      expect(second.body).toContain('<a href="/admin/moderation?queue=pending&amp;q=quokka">Newest</a>');
      expect(second.body).toContain(`<input type="hidden" name="before" value="${ids[49]}"/>`);
    } finally {
      await t.db.db.deleteFrom('comments').where('id', 'in', ids).execute();
    }
  });

  it('offers "select all on this page" to the script, hidden without it', async () => {
    await setModeration({ policy: 'all' });
    const id = await held('One held comment so the bulk bar is there.');
    const html = (await get('/admin/moderation?queue=pending', mia)).body;
    expect(html).toContain('<label class="mod-select-all" hidden><input type="checkbox" data-select-all="true"/> Select all on this page</label>');
    await t.services.moderation.decide([id], 'reject', callerFor('Mia Moderator'));
  });

  it('shows on the dashboard how many comments wait, to those who moderate', async () => {
    await setModeration({ policy: 'all' });
    const id = await held('Waiting for a moderator on the dashboard.');
    const counts = await t.services.moderation.counts();
    expect(counts.pending).toBeGreaterThan(0);
    const dashboard = (await get('/admin', mia)).body;
    expect(dashboard).toContain(`<a href="/admin/moderation?queue=pending"><span data-status="pending">${counts.pending} held</span></a>`);
    expect(dashboard).toContain(`<a href="/admin/moderation?queue=reported"><span data-status="reported">${counts.reported} reported</span></a>`);
    expect((await get('/admin', arthur)).body).not.toContain('data-count="moderation"');
    await t.services.moderation.decide([id], 'reject', callerFor('Mia Moderator'));
  });
});
