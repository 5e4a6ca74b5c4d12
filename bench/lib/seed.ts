// Seeds the article page bench through Gazette's HTTP API, timing every write: one ~1,000-word article,
// this month's campaign, 200 comments (134 top-level, 66 replies, held ones approved as a moderator would)
// and 300 votes.
import { expectStatus, request } from './http.js';
import { articleMarkdown, commentBody, fmt, rng, sentence, summarise, wordCount } from './util.js';

export const TOP_LEVEL = 134;
export const REPLIES = 66;
export const VOTES = 300;

const log = (msg: string) => console.log(`• ${msg}`);

export interface Seeded {
  slug: string;
  month: string;
  articleWords: number;
  total: number;
  held: number;
  postMs: number[];
  topMs: number[];
  replyMs: number[];
  voteMs: number[];
  /** Comments each page should show, according to the JSON API (threads plus nested replies). */
  expectedShown: { default: number; all: number };
}

export async function seed(base: string, token: string): Promise<Seeded> {
  const r = rng(20261123);
  const admin = { authorization: `Bearer ${token}` };
  const bodyMarkdown = articleMarkdown(r, 1000);
  const created = await request(`${base}/api/v1/admin/articles`, {
    method: 'POST', headers: admin,
    json: {
      title: 'Harbour ferry budget: what the council decided, line by line',
      summary: sentence(r, 15, 25),
      bodyMarkdown,
      authorName: 'Bench Reporter',
      tags: ['council', 'transport', 'budget'],
      status: 'published',
    },
  });
  expectStatus(created, 201, 'create article');
  const slug = (JSON.parse(created.text) as { article: { slug: string } }).article.slug;
  const month = new Date().toISOString().slice(0, 7);
  const campaign = await request(`${base}/api/v1/admin/campaigns`, {
    method: 'POST', headers: admin, json: { month, goalMinor: 500000, currency: 'USD' },
  });
  expectStatus(campaign, 201, 'create campaign');
  // The amount raised comes from the donations ledger: one donation recorded by hand.
  const donation = await request(`${base}/api/v1/admin/donations`, {
    method: 'POST', headers: admin, json: { method: 'bank_transfer', amount: 12345, currency: 'USD' },
  });
  expectStatus(donation, 201, 'record a donation');
  log(`article /articles/${slug} (${wordCount(bodyMarkdown)} words of Markdown), campaign ${month}`);

  const names = ['Ana', 'Bo', 'Chidi', 'Dana', 'Eero', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mo', 'Nia'];
  const topIds: number[] = [];
  const replyIds: number[] = [];
  const postMs: number[] = [];
  const topMs: number[] = [];
  const replyMs: number[] = [];
  const total = TOP_LEVEL + REPLIES;
  const held: number[] = []; // comments the moderation pipeline held: approved below, as a moderator would
  for (let i = 0; i < total; i++) {
    // Every third post is a reply (66 of 200): 70 % to one of the 30 latest top-level comments, 30 % to
    // one of the 20 latest replies (nested). Recent threads get the replies, as in a live discussion, so
    // the first page (newest 20 threads) carries replies too.
    const isReply = i % 3 === 2 && replyIds.length + 1 <= REPLIES && topIds.length > 0;
    const parentId = !isReply ? undefined
      : replyIds.length > 0 && r.next() < 0.3 ? r.pick(replyIds.slice(-20)) : r.pick(topIds.slice(-30));
    const name = r.pick(names);
    const res = await request(`${base}/api/v1/articles/${slug}/comments`, {
      method: 'POST',
      // A documentation address (TEST-NET-3) per reader; only a header, no traffic goes there.
      headers: { 'x-forwarded-for': `203.0.113.${i % 250}` },
      json: { authorName: `${name} ${String.fromCharCode(65 + r.int(0, 25))}.`, authorEmail: `${name.toLowerCase()}.${i}@example.org`, body: commentBody(r), ...(parentId !== undefined && { parentId }) },
    });
    expectStatus(res, 201, `post comment ${i + 1}`);
    const posted = (JSON.parse(res.text) as { comment: { id: number; status: string } }).comment;
    const id = posted.id;
    if (posted.status !== 'published') {
      // Held by the moderation pipeline: approved at once, as a moderator would, so replies can follow.
      held.push(id);
      const approved = await request(`${base}/api/v1/admin/moderation/decide`, { method: 'POST', headers: admin, json: { ids: [id], action: 'approve' } });
      expectStatus(approved, 200, `approve held comment ${id}`);
    }
    postMs.push(res.ms);
    (isReply ? replyMs : topMs).push(res.ms);
    (isReply ? replyIds : topIds).push(id);
  }
  if (topIds.length !== TOP_LEVEL || replyIds.length !== REPLIES) throw new Error(`seeded ${topIds.length} top-level and ${replyIds.length} replies`);
  if (held.length > 0) log(`moderation held ${held.length} of ${total} generated comments; a moderator approved them`);
  const allIds = [...topIds, ...replyIds];
  const voteMs: number[] = [];
  for (let i = 0; i < VOTES; i++) {
    // No cookie: every vote is a new reader, and from its own network (votes are limited per network and
    // minute; TEST-NET-2 addresses, only a header). Skew towards early comments so "Most voted" differs.
    const id = allIds[Math.floor(allIds.length * r.next() ** 2)]!;
    const res = await request(`${base}/api/v1/comments/${id}/vote`, { method: 'POST', headers: { 'x-forwarded-for': `198.51.100.${i % 250}` }, json: { value: 1 } });
    expectStatus(res, 200, `vote ${i + 1}`);
    voteMs.push(res.ms);
  }
  const postStats = summarise(postMs);
  const voteStats = summarise(voteMs);
  log(`posted ${total} comments (${TOP_LEVEL} top-level, ${REPLIES} replies): p50 ${fmt(postStats.p50, 2)} ms, p99 ${fmt(postStats.p99, 2)} ms; ${VOTES} votes: p50 ${fmt(voteStats.p50, 2)} ms`);
  const listed = await request(`${base}/api/v1/articles/${slug}/comments?limit=1`);
  expectStatus(listed, 200, 'list comments');
  const apiTotal = (JSON.parse(listed.text) as { total: number }).total;
  if (apiTotal !== total) throw new Error(`API reports ${apiTotal} comments, expected ${total}`);
  // What the pages should show, according to the JSON API (threads plus nested replies).
  type Thread = { replies: Thread[] };
  const countNodes = (ts: Thread[]): number => ts.reduce((n, t) => n + 1 + countNodes(t.replies), 0);
  const firstPage = await request(`${base}/api/v1/articles/${slug}/comments?limit=20`);
  expectStatus(firstPage, 200, 'list first page of comments');
  const expectedShown = { default: countNodes((JSON.parse(firstPage.text) as { comments: Thread[] }).comments), all: total };
  return {
    slug, month, articleWords: wordCount(bodyMarkdown), total, held: held.length, postMs, topMs, replyMs, voteMs, expectedShown,
  };
}
