// Feeds and discovery: RSS 2.0 and Atom feeds (the site, a tag, an author, an article's comments), the
// sitemap index with its article sitemaps and the Google News sitemap, and robots.txt. Public, declared in
// the page registry, answered with validators (ETag, Last-Modified) and 304s.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { idText } from '../../platform/http/input.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { Caller } from '../accounts/index.js';
import type { ArticlesService } from '../articles/index.js';
import { publicPathOf, textOfHtml } from '../articles/index.js';
import type { CommentsService } from '../comments/index.js';
import type { SettingsService } from '../settings/index.js';
import { sendDocument } from './conditional.js';
import * as repo from './discovery.repo.js';
import { atomDocument, rssDocument, type FeedChannel, type FeedItem } from './feeds.js';
import { articleLeadImage, excerptOf } from './lead-image.js';
import { newsSitemap, sitemapIndex, urlSet } from './sitemaps.js';

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

/** Items in a feed. */
const FEED_ITEMS = 20;
/** Threads read for an article's comments feed (their comments, newest first, make its items). */
const COMMENT_THREADS = 100;
/** Articles searched for an author's feed (their byline is matched in the newest this many). */
const AUTHOR_SCAN = 1000;
/** The Google News sitemap: articles of the last 48 hours, at most 1,000 (Google's limit). */
const NEWS_WINDOW_MS = 48 * 3_600_000;
const NEWS_MAX = 1000;
/** The Atom feed's `updated` when it has no entry yet. */
const EPOCH = '1970-01-01T00:00:00.000Z';

/** The slug of a byline, for the per-author feed's address (/authors/ada-reporter/feed). */
export function authorSlug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

const newest = (times: (string | undefined)[]) => times.filter((t): t is string => typeof t === 'string').sort().at(-1);
type LeadOf = NonNullable<Awaited<ReturnType<ArticlesService['leadsOf']>> extends Map<number, infer L> ? L : never>;

export interface DiscoveryDeps {
  pages: PageRegistry<Caller>;
  db: Kysely<Database>;
  clock: Clock;
  baseUrl: string;
  settings: SettingsService;
  articles: ArticlesService;
  comments: CommentsService;
  /** URLs per article sitemap (50,000 by the protocol). */
  sitemapUrlsPerFile: number;
  /** The account whose author page has this slug (the accounts module's author profiles). */
  authorBySlug?: (slug: string) => Promise<{ id: number; name: string } | undefined>;
}

export function registerDiscovery(deps: DiscoveryDeps) {
  const { pages, db, clock, baseUrl, settings } = deps;
  const abs = (path: string) => `${baseUrl}${path}`;
  const articleUrl = (slug: string) => abs(`/articles/${encodeURIComponent(slug)}`);
  const now = () => clock().toISOString();

  /** Feed articles with their chosen lead images (one query per feed). */
  async function withLeads(list: repo.FeedArticle[]) {
    const leads = await deps.articles.leadsOf(list);
    return list.map((a) => ({ ...a, lead: leads.get(a.id) }));
  }

  function itemOf(a: repo.FeedArticle & { lead?: LeadOf }, full: boolean): FeedItem {
    const url = articleUrl(a.slug);
    return {
      id: url, link: url, title: a.title, author: a.authorName, published: a.publishedAt,
      updated: newest([a.updatedAt, a.publishedAt])!, excerpt: excerptOf(a.summary, a.bodyHtml),
      contentHtml: full ? a.bodyHtml : undefined, categories: a.tags, image: articleLeadImage(a, baseUrl),
    };
  }

  function channelOf(title: string, description: string, link: string, self: string, items: FeedItem[]): FeedChannel {
    return { title, description, link, self, updated: newest(items.map((i) => i.updated)) };
  }

  async function siteItems(tag?: string): Promise<FeedItem[]> {
    const full = settings.get().discovery.feedFullContent;
    return (await withLeads(await repo.feedArticles(db, now(), { limit: FEED_ITEMS, tag }))).map((a) => itemOf(a, full));
  }

  const tagParams = z.object({ tag: z.string().trim().toLowerCase().min(1).max(40) });
  const authorParams = z.object({ author: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80) });
  const slugParams = z.object({ slug: z.string().min(1).max(200) });

  pages.add({
    method: 'GET', url: '/feed', access: 'public',
    handler: async ({ req, reply }) => {
      const { siteName, siteDescription } = settings.get();
      const items = await siteItems();
      return sendDocument(req, reply, rssDocument(channelOf(siteName, siteDescription, abs('/'), abs('/feed'), items), items), RSS_TYPE, newest(items.map((i) => i.updated)));
    },
  });

  pages.add({
    method: 'GET', url: '/feed.atom', access: 'public',
    handler: async ({ req, reply }) => {
      const { siteName, siteDescription } = settings.get();
      const items = await siteItems();
      return sendDocument(req, reply, atomDocument(channelOf(siteName, siteDescription, abs('/'), abs('/feed.atom'), items), items, EPOCH), ATOM_TYPE, newest(items.map((i) => i.updated)));
    },
  });

  pages.add({
    method: 'GET', url: '/tags/:tag/feed', access: 'public', params: tagParams,
    handler: async ({ req, reply, params }) => {
      const { siteName } = settings.get();
      const items = await siteItems(params.tag);
      const self = abs(`/tags/${encodeURIComponent(params.tag)}/feed`);
      const channel = channelOf(`${siteName}: ${params.tag}`, `Articles tagged “${params.tag}” on ${siteName}`, abs('/'), self, items);
      return sendDocument(req, reply, rssDocument(channel, items), RSS_TYPE, channel.updated);
    },
  });

  pages.add({
    method: 'GET', url: '/authors/:author/feed', access: 'public', params: authorParams,
    handler: async ({ req, reply, params }) => {
      const { siteName, discovery } = settings.get();
      // An author's account (its articles through the byline's links); else a byline without an account,
      // matched by its text as before.
      const account = await deps.authorBySlug?.(params.author);
      const linked = account && (await deps.articles.publishedByAuthor(account.id, { limit: FEED_ITEMS, offset: 0 })).articles
        .map((a): repo.FeedArticle => ({ ...a, publishedAt: a.publishedAt! }));
      const theirs = linked && linked.length > 0 ? linked : (await repo.feedArticles(db, now(), { limit: AUTHOR_SCAN }))
        .filter((a) => authorSlug(a.authorName) === params.author).slice(0, FEED_ITEMS);
      if (theirs.length === 0) throw new AppError(404, 'AUTHOR_NOT_FOUND', 'No published article by this author');
      const items = (await withLeads(theirs)).map((a) => itemOf(a, discovery.feedFullContent));
      const name = linked && linked.length > 0 ? account.name : theirs[0]!.authorName;
      const channel = channelOf(`${siteName}: ${name}`, `Articles by ${name} on ${siteName}`, abs('/'), abs(`/authors/${params.author}/feed`), items);
      return sendDocument(req, reply, rssDocument(channel, items), RSS_TYPE, channel.updated);
    },
  });

  pages.add({
    method: 'GET', url: '/articles/:slug/comments/feed', access: 'public', params: slugParams,
    handler: async ({ req, reply, params }) => {
      const article = await deps.articles.getPublic(params.slug);
      // The shared view (no caller): published comments and placeholders of deleted ones, never an e-mail. The
      // newest threads with their replies, newest comment first (a new reply to a thread older than these
      // COMMENT_THREADS is left out).
      const page = await deps.comments.list(article, { sort: 'newest', limit: COMMENT_THREADS });
      type Node = (typeof page.comments)[number];
      const flat: Node[] = [];
      const walk = (n: Node) => { flat.push(n); n.replies.forEach(walk); };
      page.comments.forEach(walk);
      const url = articleUrl(article.slug);
      const items: FeedItem[] = flat.filter((c) => c.status === 'published' && c.bodyHtml)
        .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1))
        .slice(0, FEED_ITEMS)
        .map((c) => ({
          id: `${url}#comment-${c.id}`, link: `${url}#comment-${c.id}`, title: `Comment by ${c.authorName} on “${article.title}”`,
          author: c.authorName, published: c.createdAt, updated: newest([c.createdAt, c.editedAt ?? undefined])!,
          excerpt: textOfHtml(c.bodyHtml), contentHtml: c.bodyHtml, categories: [],
        }));
      const channel = channelOf(`Comments on “${article.title}”`, `The discussion of “${article.title}” on ${settings.get().siteName}`, url, abs(`/articles/${encodeURIComponent(article.slug)}/comments/feed`), items);
      return sendDocument(req, reply, rssDocument(channel, items), RSS_TYPE, channel.updated, [`article-${article.id}`]);
    },
  });

  const perFile = deps.sitemapUrlsPerFile;

  pages.add({
    method: 'GET', url: '/sitemap.xml', access: 'public',
    handler: async ({ req, reply }) => {
      const at = now();
      const files = Math.max(1, Math.ceil((await repo.countPublished(db, at)) / perFile));
      const entries: { loc: string; lastmod?: string }[] = [];
      for (let i = 0; i < files; i++) {
        entries.push({ loc: abs(`/sitemaps/articles/${i + 1}`), lastmod: await repo.sitemapPageLastmod(db, at, i * perFile, perFile) });
      }
      const news = await repo.publishedSince(db, at, new Date(clock().getTime() - NEWS_WINDOW_MS).toISOString(), 1);
      entries.push({ loc: abs('/sitemaps/news.xml'), lastmod: news[0] && newest([news[0].publishedAt, news[0].updatedAt]) });
      return sendDocument(req, reply, sitemapIndex(entries), XML_TYPE, newest(entries.map((e) => e.lastmod)));
    },
  });

  pages.add({
    method: 'GET', url: '/sitemaps/articles/:page', access: 'public', params: z.object({ page: idText }),
    handler: async ({ req, reply, params }) => {
      const at = now();
      const offset = (params.page - 1) * perFile;
      const entries = await repo.sitemapPage(db, at, offset, perFile);
      // The first file always exists (the index names it even for a site with no article yet); a later one only while it has articles.
      if (entries.length === 0 && params.page > 1) throw new AppError(404, 'SITEMAP_NOT_FOUND', 'No such sitemap');
      const urls = entries.map((e) => ({ loc: abs(publicPathOf(e)), lastmod: newest([e.updatedAt, e.publishedAt]) }));
      return sendDocument(req, reply, urlSet(urls), XML_TYPE, newest(urls.map((u) => u.lastmod)));
    },
  });

  pages.add({
    method: 'GET', url: '/sitemaps/news.xml', access: 'public',
    handler: async ({ req, reply }) => {
      const at = now();
      const recent = await repo.publishedSince(db, at, new Date(clock().getTime() - NEWS_WINDOW_MS).toISOString(), NEWS_MAX);
      const body = newsSitemap({ name: settings.get().siteName, language: 'en' },
        recent.map((e) => ({ loc: articleUrl(e.slug), title: e.title, published: e.publishedAt })));
      return sendDocument(req, reply, body, XML_TYPE, newest(recent.map((e) => newest([e.updatedAt, e.publishedAt]))));
    },
  });

  pages.add({
    method: 'GET', url: '/robots.txt', access: 'public',
    handler: async ({ req, reply }) => {
      const custom = settings.get().discovery.robotsTxt.trim();
      const body = custom ? `${custom}\n` : defaultRobots(baseUrl);
      return sendDocument(req, reply, body, 'text/plain; charset=utf-8');
    },
  });
}

/** robots.txt until an admin writes their own: the reader pages open, the admin and the API closed, the sitemap named. */
export function defaultRobots(baseUrl: string): string {
  return ['User-agent: *', 'Disallow: /admin', 'Disallow: /api/', 'Disallow: /account', 'Allow: /', '', `Sitemap: ${baseUrl}/sitemap.xml`, ''].join('\n');
}
