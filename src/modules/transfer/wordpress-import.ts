// `gazette import wordpress`: a WXR export brought in through the owning modules' services — authors as
// accounts without a password (accounts.importUser), attachments as images (images.store), posts and pages
// as articles with their dates and slugs (articles.importArticle), comments with their threads and statuses
// (comments.importComment), spam and published comments taught to the spam filter (learner.learnMany, the
// path `spam train` uses) — plus the old addresses as redirects. Each item is written in one transaction
// with its imported_items row, so a re-run (or a run after a crash) adds nothing twice.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Article, ImportedArticle } from '../articles/index.js';
import { slugify } from '../articles/index.js';
import { BODY_MAX } from '../comments/index.js';
import { decodeEntities, plainTextOfHtml } from './html-sanitise.js';
import { wordpressBodyToHtml } from './wp-content.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { mediaKey, rewriteMedia, type MediaSource } from './media.js';
import { count, newSummary, type ImportSummary, type Progress } from './progress.js';
import { addRedirects, findImported, importedOfKind, recordImported } from './transfer.repo.js';
import { readWxr, type WxrComment, type WxrItem } from './wxr-read.js';

export interface TransferPorts {
  db: Kysely<Database>;
  events: EventBus;
  clock: Clock;
  articles: { importArticle(a: ImportedArticle, uow?: UnitOfWork): Promise<Article>; getById(id: number): Promise<Article> };
  accounts: { importUser(u: { email: string; displayName: string; slug: string | null }): Promise<{ user: { id: number; display_name: string }; created: boolean }> };
  comments: {
    importComment(c: {
      articleId: number; parentId: number | null; authorName: string; authorEmail: string; body: string;
      status: 'published' | 'pending' | 'spam'; up: number; down: number; createdAt: string; editedAt: string | null; editedBy: string | null;
    }, uow?: UnitOfWork): Promise<number>;
  };
  images: {
    store(input: { data: Buffer; originalName: string; alt: string }): Promise<{ id: number; thumbUrl: string; fullUrl: string }>;
    refs(ids: number[]): Promise<Map<number, { thumbUrl: string; fullUrl: string }>>;
  };
  learner: { learnMany(rows: readonly { text: string; label: 'spam' | 'ham' }[], source: string): Promise<void> };
}

const TAG_MAX = 40;
const TAGS_MAX = 10;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The new address of an imported article or page. */
export const addressOf = (a: { kind: 'article' | 'page'; slug: string }) => `${a.kind === 'page' ? '/pages' : '/articles'}/${a.slug}`;

/** A tag's page: Gazette's tags are lower-case names. */
export const tagAddress = (name: string) => `/tags/${encodeURIComponent(name)}`;

export const tagOf = (name: string) => decodeEntities(name).trim().toLowerCase().slice(0, TAG_MAX);

/** The path (and query) of an old address, as a reader's request has it; undefined for another site's. */
function oldPath(url: string, siteUrl: string): string | undefined {
  try {
    const u = new URL(url, `${siteUrl}/`);
    const site = new URL(`${siteUrl}/`);
    if (u.host !== site.host) return undefined;
    const p = `${u.pathname}${u.search}`;
    return p === '/' || p === '' ? undefined : p;
  } catch { return undefined; }
}

/** The path of a site that lived in a folder ("https://old.example/blog" → "/blog"; '' at the root). */
function basePathOf(siteUrl: string): string {
  try { return new URL(`${siteUrl}/`).pathname.replace(/\/+$/, ''); } catch { return ''; }
}

/** What becomes of a WordPress post status here: an article status, or why it is skipped. */
function statusOf(item: WxrItem): { status: 'draft' | 'published' } | { skip: string } {
  // Gazette has no password-protected articles: such a post must not become public.
  if (item.password && ['publish', 'future', 'draft', 'pending', 'private'].includes(item.status)) return { status: 'draft' };
  switch (item.status) {
    case 'publish': case 'future': return { status: 'published' };
    case 'draft': case 'pending': case 'private': return { status: 'draft' };
    default: return { skip: `status "${item.status || 'none'}"` };
  }
}

function commentStatusOf(c: WxrComment): 'published' | 'pending' | 'spam' | { skip: string } {
  if (c.type && c.type !== 'comment') return { skip: `${c.type} (not a reader's comment)` };
  switch (c.approved) {
    case '1': case 'approve': return 'published';
    case '0': case 'hold': return 'pending';
    case 'spam': return 'spam';
    default: return { skip: `status "${c.approved}"` };
  }
}

/** Old addresses of a post or page (WordPress's usual permalink forms and the post's own link). */
function oldAddressesOf(item: WxrItem, siteUrl: string): string[] {
  const paths = new Set<string>();
  const base = basePathOf(siteUrl);
  paths.add(item.type === 'page' ? `${base}/?page_id=${item.id}` : `${base}/?p=${item.id}`);
  const own = oldPath(item.link, siteUrl);
  if (own) paths.add(own);
  const guid = oldPath(item.guid, siteUrl);
  if (guid && guid.startsWith('/?')) paths.add(guid);
  if (item.type === 'post' && item.date && item.slug) {
    const [y, m, d] = item.date.slice(0, 10).split('-');
    paths.add(`${base}/${y}/${m}/${d}/${item.slug}/`);
    paths.add(`${base}/${y}/${m}/${item.slug}/`);
  }
  return [...paths];
}

/** Comments in an order where every parent comes before its replies (orphans last, as top-level ones). */
function parentsFirst(comments: WxrComment[]): WxrComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const out: WxrComment[] = [];
  const seen = new Set<string>();
  const visit = (c: WxrComment, path: Set<string>) => {
    if (seen.has(c.id) || path.has(c.id)) return;
    path.add(c.id);
    const parent = byId.get(c.parentId);
    if (parent) visit(parent, path);
    seen.add(c.id);
    out.push(c);
  };
  for (const c of comments) visit(c, new Set());
  return out;
}

export interface WordPressImportOptions { media?: MediaSource; progress?: Progress }

export function createWordPressImport(ports: TransferPorts) {
  const { db, events, clock } = ports;
  const now = () => clock().toISOString();

  return async function importWordPress(xml: string, opts: WordPressImportOptions = {}): Promise<ImportSummary> {
    const wxr = readWxr(xml);
    const summary = newSummary('wordpress');
    const ext = (id: string) => `${wxr.siteUrl}#${id}`;
    const progress = opts.progress ?? { start() {}, tick() {}, done() {} };

    // Authors → accounts without a password.
    const userOf = new Map<string, { id: number; name: string }>();
    for (const a of wxr.authors) {
      if (!a.login) continue;
      const known = await findImported(db, 'wordpress', 'user', ext(a.login));
      const email = a.email && /^[^\s@]+@[^\s@]+$/.test(a.email) ? a.email : `${slugify(a.login)}@wordpress-import.invalid`;
      const wantedSlug = slugify(a.login);
      const { user, created } = await ports.accounts.importUser({ email, displayName: decodeEntities(a.displayName || a.login), slug: SLUG.test(wantedSlug) ? wantedSlug : null });
      if (known === undefined) await recordImported(db, 'wordpress', 'user', ext(a.login), user.id, now());
      count(known === undefined && created ? summary.created : summary.existing, 'users');
      userOf.set(a.login, { id: user.id, name: user.display_name });
    }

    // Attachments → images (when their files can be reached).
    const attachments = wxr.items.filter((i) => i.type === 'attachment');
    const imageIdOf = new Map<string, number>();
    const known = await importedOfKind(db, 'wordpress', 'attachment');
    progress.start(attachments.length, 'images');
    for (const item of attachments) {
      progress.tick();
      const have = known.get(ext(item.id));
      if (have !== undefined) { imageIdOf.set(item.id, have); count(summary.existing, 'images'); continue; }
      if (!opts.media) { summary.skipped.push({ kind: 'image', id: item.id, reason: 'no --media-from given' }); continue; }
      if (!item.attachmentUrl) { summary.skipped.push({ kind: 'image', id: item.id, reason: 'no file address' }); continue; }
      const got = await opts.media(item.attachmentUrl);
      if ('error' in got) { summary.skipped.push({ kind: 'image', id: item.id, reason: got.error }); continue; }
      try {
        const image = await ports.images.store({ data: got.data, originalName: got.name, alt: decodeEntities(item.title).slice(0, 200) });
        await recordImported(db, 'wordpress', 'attachment', ext(item.id), image.id, now());
        imageIdOf.set(item.id, image.id);
        count(summary.created, 'images');
      } catch (err) {
        summary.skipped.push({ kind: 'image', id: item.id, reason: `not an image Gazette takes (${(err as Error).message})` });
      }
    }
    progress.done();
    const captionOf = new Map(attachments.map((a) => [a.id, plainTextOfHtml(a.excerpt).replace(/\s+/g, ' ').slice(0, 300)]));
    const leadCaptionOf = (id: string | undefined) => (id !== undefined && imageIdOf.has(id) ? captionOf.get(id) ?? '' : '');
    const refs = await ports.images.refs([...imageIdOf.values()]);
    const mediaByKey = new Map<string, { thumbUrl: string; fullUrl: string }>();
    for (const item of attachments) {
      const ref = refs.get(imageIdOf.get(item.id) ?? -1);
      if (ref && item.attachmentUrl) mediaByKey.set(mediaKey(item.attachmentUrl), ref);
    }

    // Tags: categories and tags by their WordPress slug, for the old category and tag addresses.
    const base = basePathOf(wxr.siteUrl);
    const redirects: { from: string; to: string }[] = [{ from: `${base}/feed/`, to: '/feed' }, { from: `${base}/?feed=rss2`, to: '/feed' }];
    for (const t of wxr.terms) {
      if (!t.slug || !t.name || (t.kind === 'category' && t.slug === 'uncategorized')) continue;
      redirects.push({ from: `${base}/${t.kind === 'category' ? 'category' : 'tag'}/${t.slug}/`, to: tagAddress(tagOf(t.name)) });
    }

    // Posts and pages → articles, then their comments.
    const posts = wxr.items.filter((i) => i.type !== 'attachment');
    const learned: { text: string; label: 'spam' | 'ham' }[] = [];
    const done = await importedOfKind(db, 'wordpress', 'post');
    const doneComments = await importedOfKind(db, 'wordpress', 'comment');
    progress.start(posts.length, 'posts and pages');
    for (const item of posts) {
      progress.tick();
      const kind = item.type === 'page' ? 'pages' : 'posts';
      if (item.type !== 'post' && item.type !== 'page') { summary.skipped.push({ kind: 'item', id: item.id, reason: `post type "${item.type}"` }); continue; }
      const st = statusOf(item);
      if ('skip' in st) { summary.skipped.push({ kind, id: item.id, reason: st.skip }); continue; }
      let article: { id: number; kind: 'article' | 'page'; slug: string } | undefined;
      const articleId = done.get(ext(item.id));
      if (articleId !== undefined) {
        count(summary.existing, kind);
        article = await ports.articles.getById(articleId);
      } else {
        const title = decodeEntities(item.title).replace(/\s+/g, ' ').trim().slice(0, 200) || '(untitled)';
        const bodyHtml = rewriteMedia(wordpressBodyToHtml(item.content), (key) => mediaByKey.get(key));
        const decodedSlug = (() => { try { return decodeURIComponent(item.slug); } catch { return item.slug; } })();
        const wanted = SLUG.test(decodedSlug) && decodedSlug.length <= 120 ? decodedSlug : slugify(decodedSlug || title);
        const author = userOf.get(item.creator);
        const tags = [...new Set(item.terms.filter((t) => !(t.kind === 'category' && t.slug === 'uncategorized')).map((t) => tagOf(t.name)).filter((t) => t !== ''))];
        if (tags.length > TAGS_MAX) summary.skipped.push({ kind: 'tags', id: item.id, reason: `more than ${TAGS_MAX} tags on one article (the first ${TAGS_MAX} kept)` });
        const thumb = item.meta.get('_thumbnail_id');
        const date = item.date || now();
        const a = await events.transaction(async (uow) => {
          const created = await ports.articles.importArticle({
            slug: wanted, title, summary: plainTextOfHtml(item.excerpt).replace(/\s+/g, ' ').slice(0, 500),
            bodyHtml, bodyMarkdown: htmlToMarkdown(bodyHtml) || ' ',
            authorName: (author?.name ?? item.creator) || 'Unknown', authorIds: author ? [author.id] : [],
            tags: tags.slice(0, TAGS_MAX), kind: item.type === 'page' ? 'page' : 'article', status: st.status,
            publishedAt: st.status === 'published' ? date : null, createdAt: date, updatedAt: date,
            commentsOpen: item.commentStatus === 'closed' ? false : item.commentStatus === 'open' ? true : null,
            // WordPress keeps an image's caption as its attachment's excerpt.
            leadImageId: thumb ? imageIdOf.get(thumb) ?? null : null, leadCaption: leadCaptionOf(thumb),
          }, uow);
          await recordImported(uow.tx, 'wordpress', 'post', ext(item.id), created.id, now());
          return created;
        });
        if (a.slug !== wanted) summary.renamed.push({ from: wanted, to: a.slug });
        if (item.status === 'private') summary.skipped.push({ kind, id: item.id, reason: 'private on WordPress: imported as a draft' });
        else if (item.password) summary.skipped.push({ kind, id: item.id, reason: 'password-protected on WordPress: imported as a draft' });
        count(summary.created, kind);
        article = a;
      }
      if (!article) continue;
      if (st.status === 'published') for (const from of oldAddressesOf(item, wxr.siteUrl)) redirects.push({ from, to: addressOf(article) });
      if (article.kind === 'page') {
        // Pages have no discussion here.
        for (const c of item.comments) if (!doneComments.has(ext(`comment-${c.id}`))) summary.skipped.push({ kind: 'comments', id: c.id, reason: 'on a page (pages have no comments here)' });
        continue;
      }
      await importComments(item, article.id, { summary, learned, ext, done: doneComments });
    }
    progress.done();

    // An old address keeps the target it was first given (a re-run changes none).
    const added = await addRedirects(db, redirects, now());
    count(summary.created, 'redirects', added);
    count(summary.existing, 'redirects', new Set(redirects.map((r) => r.from)).size - added);

    // The filter learns the site's spam and the comments it published (train-on-error, as `spam train` does).
    if (learned.length > 0) await ports.learner.learnMany(learned, 'import:wordpress');
    return summary;
  };

  async function importComments(item: WxrItem, articleId: number, run: {
    summary: ImportSummary; learned: { text: string; label: 'spam' | 'ham' }[]; ext: (id: string) => string; done: Map<string, number>;
  }) {
    const { summary, learned, ext, done } = run;
    const localOf = new Map<string, number | null>();
    const parentOf = new Map(item.comments.map((c) => [c.id, c.parentId]));
    for (const c of parentsFirst(item.comments)) {
      const have = done.get(ext(`comment-${c.id}`));
      if (have !== undefined) { localOf.set(c.id, have); count(summary.existing, 'comments'); continue; }
      const status = commentStatusOf(c);
      if (typeof status !== 'string') { localOf.set(c.id, null); summary.skipped.push({ kind: 'comments', id: c.id, reason: status.skip }); continue; }
      const body = plainTextOfHtml(c.content).slice(0, BODY_MAX);
      if (body === '') { localOf.set(c.id, null); summary.skipped.push({ kind: 'comments', id: c.id, reason: 'empty' }); continue; }
      // A reply whose parent was skipped answers the nearest ancestor that came in (or starts a thread).
      let parent: number | null = null;
      for (let p = c.parentId, hops = 0; p && p !== '0' && hops < 1000; p = parentOf.get(p) ?? '0', hops++) {
        const local = localOf.get(p);
        if (local) { parent = local; break; }
      }
      const id = await events.transaction(async (uow) => {
        const created = await ports.comments.importComment({
          articleId, parentId: parent, authorName: (decodeEntities(c.author).trim() || 'Anonymous').slice(0, 80), authorEmail: c.email.slice(0, 254),
          body, status, up: 0, down: 0, createdAt: c.date || now(), editedAt: null, editedBy: null,
        }, uow);
        await recordImported(uow.tx, 'wordpress', 'comment', ext(`comment-${c.id}`), created, now());
        return created;
      });
      localOf.set(c.id, id);
      count(summary.created, 'comments');
      if (status === 'spam') count(summary.created, 'spam comments');
      if (status !== 'pending') learned.push({ text: body, label: status === 'spam' ? 'spam' : 'ham' });
    }
  }
}
