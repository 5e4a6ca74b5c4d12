// `gazette import disqus`: a Disqus export (<disqus> with <thread> and <post> elements) brought in as
// comments. A thread belongs to the published article its link names: an old address with a redirect here
// (a WordPress import made them), else /articles/<slug>, else the link's last path segment as the slug.
// Posts keep their parents, authors and dates; isSpam → spam (taught to the filter), isDeleted → skipped.
import { readDisqus, type DisqusPost } from './disqus-read.js';
import { plainTextOfHtml, decodeEntities } from './html-sanitise.js';
import { BODY_MAX } from '../comments/index.js';
import { count, newSummary, type ImportSummary } from './progress.js';
import { findImported, findRedirect, importedOfKind, recordImported } from './transfer.repo.js';
import { redirectCandidates } from './redirects.js';
import type { TransferPorts } from './wordpress-import.js';

export type DisqusPorts = TransferPorts & { articles: TransferPorts['articles'] & { getPublic(slug: string): Promise<{ id: number }> } };

function parentsFirst(posts: DisqusPost[]): DisqusPost[] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const out: DisqusPost[] = [];
  const seen = new Set<string>();
  const visit = (p: DisqusPost, path: Set<string>) => {
    if (seen.has(p.id) || path.has(p.id)) return;
    path.add(p.id);
    const parent = p.parentId ? byId.get(p.parentId) : undefined;
    if (parent) visit(parent, path);
    seen.add(p.id);
    out.push(p);
  };
  for (const p of posts) visit(p, new Set());
  return out;
}

export function createDisqusImport(ports: DisqusPorts) {
  const { db, events, clock } = ports;
  const now = () => clock().toISOString();

  async function articleFor(link: string): Promise<number | undefined> {
    let pathname: string;
    try { pathname = new URL(link).pathname; } catch { return undefined; }
    const redirected = await findRedirect(db, redirectCandidates(pathname));
    const target = redirected ?? pathname;
    const m = /^\/articles\/([^/]+)\/?$/.exec(target);
    const slug = m ? m[1]! : target.split('/').filter(Boolean).pop();
    if (!slug) return undefined;
    try { return (await ports.articles.getPublic(decodeURIComponent(slug))).id; } catch { return undefined; }
  }

  return async function importDisqus(xml: string): Promise<ImportSummary> {
    const data = readDisqus(xml);
    const summary = newSummary('disqus');
    const done = await importedOfKind(db, 'disqus', 'comment');
    const threadArticle = new Map<string, number | undefined>();
    for (const t of data.threads) {
      if (t.isDeleted) { threadArticle.set(t.id, undefined); summary.skipped.push({ kind: 'threads', id: t.id, reason: 'deleted on Disqus' }); continue; }
      // A thread matched once keeps its article (even if the article's address changes later).
      const known = await findImported(db, 'disqus', 'thread', t.id);
      const id = known ?? await articleFor(t.link);
      threadArticle.set(t.id, id);
      if (id === undefined) summary.skipped.push({ kind: 'threads', id: t.id, reason: `no published article here for ${t.link || '(no link)'}` });
      else if (known !== undefined) count(summary.existing, 'threads');
      else {
        await recordImported(db, 'disqus', 'thread', t.id, id, now());
        count(summary.created, 'threads');
      }
    }
    const localOf = new Map<string, number | null>();
    const parentOf = new Map(data.posts.map((p) => [p.id, p.parentId]));
    const learned: { text: string; label: 'spam' | 'ham' }[] = [];
    for (const p of parentsFirst(data.posts)) {
      const have = done.get(p.id);
      if (have !== undefined) { localOf.set(p.id, have); count(summary.existing, 'comments'); continue; }
      localOf.set(p.id, null);
      const articleId = threadArticle.get(p.threadId);
      if (articleId === undefined) { summary.skipped.push({ kind: 'comments', id: p.id, reason: 'its thread has no article here' }); continue; }
      if (p.isDeleted) { summary.skipped.push({ kind: 'comments', id: p.id, reason: 'deleted on Disqus' }); continue; }
      const body = plainTextOfHtml(p.message).slice(0, BODY_MAX);
      if (body === '') { summary.skipped.push({ kind: 'comments', id: p.id, reason: 'empty' }); continue; }
      let parent: number | null = null;
      for (let q = p.parentId, hops = 0; q && hops < 1000; q = parentOf.get(q) ?? '', hops++) {
        const local = localOf.get(q);
        if (local) { parent = local; break; }
      }
      const status = p.isSpam ? 'spam' as const : 'published' as const;
      const id = await events.transaction(async (uow) => {
        const created = await ports.comments.importComment({
          articleId, parentId: parent, authorName: (decodeEntities(p.authorName).trim() || 'Anonymous').slice(0, 80), authorEmail: p.authorEmail.slice(0, 254),
          body, status, up: 0, down: 0, createdAt: p.createdAt || now(), editedAt: null, editedBy: null,
        }, uow);
        await recordImported(uow.tx, 'disqus', 'comment', p.id, created, now());
        return created;
      });
      localOf.set(p.id, id);
      count(summary.created, 'comments');
      if (status === 'spam') count(summary.created, 'spam comments');
      learned.push({ text: body, label: status === 'spam' ? 'spam' : 'ham' });
    }
    if (learned.length > 0) await ports.learner.learnMany(learned, 'import:disqus');
    return summary;
  };
}
