// GET / and GET /articles/:slug: server-rendered, complete without JavaScript, cached by exact key.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Assets } from '../../platform/http/assets.js';
import { sendCachedPage } from './send-cached.js';
import { cdnKeys } from '../../platform/http/cdn-headers.js';
import type { LaneHandler } from '../../platform/http/fast-lane.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import { can, hasSession, isVerified, type Caller } from '../accounts/index.js';
import type { Clock } from '../../platform/clock.js';
import type { ArticlesService } from '../articles/index.js';
import { PaginationHead, pageNumberOf, type ListingService } from '../articles/index.js';
import type { Campaign, CampaignsService } from '../fundraising/index.js';
import type { CommentsService } from '../comments/index.js';
import type { ArticlePageState } from '../comments/index.js';
import type { Viewer } from '../comments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { formText, idText } from '../../platform/http/input.js';
import { articlePageHtml, articlePagePieces, homePageHtml, readerPageHtml, type SiteContext } from './site.render.js';
import { sendStreamedPage, STREAM_FROM_COMMENTS } from './article-page-stream.js';
import { Fragment, type ComponentChildren, type VNode } from 'preact';
import { countNodes, THREADS_PER_PAGE } from '../comments/index.js';
import { createPageHeads, type PageHead } from './page-heads.js';
import { createArticleCache } from './article-cache.js';
import { createArticleFastPath } from './article-fast-path.js';
import { createListingCache } from './listing-cache.js';
import { FollowDiscussion, type Following } from '../notifications/index.js';
import { h } from 'preact';
import { ArticleHead, HomeHead, ListingHead } from './seo.js';

const pageQuery = z.object({
  sort: z.enum(['newest', 'oldest', 'votes']).catch('newest').default('newest'),
  all: formText.transform((v) => v === '1'),
  replyTo: idText.optional().catch(undefined),
  edit: idText.optional().catch(undefined),
  report: idText.optional().catch(undefined),
  reported: idText.optional().catch(undefined),
  /** The "Inline Feedbacks" filter: only comments on a passage. */
  inline: formText.transform((v) => v === '1' || v === 'true'),
});

/** The signed-in person looking at a page (their pages are personal and never cached). */
export interface PageViewer extends Viewer { userId: number; canAdmin: boolean }

export function viewerOf(c: Caller): PageViewer | undefined {
  if (!hasSession(c) || !c.user) return undefined;
  return { userId: c.user.id, name: c.name, csrf: c.csrf!, verified: isVerified(c), canAdmin: can(c, 'admin.access') };
}

export interface SiteDeps {
  db: Kysely<Database>;
  events: EventBus;
  settings: SettingsService;
  assets: Assets;
  clock: Clock;
  articles: ArticlesService;
  /** The reader's listings a page at a time (home, tags, archive). */
  listing: ListingService;
  campaigns: CampaignsService;
  comments: CommentsService;
  /** The site logo, when one is set (optional: pages without it show the name alone). */
  logoOf?: () => Promise<{ url: string; width?: number; height?: number } | undefined>;
  /** What a signed-in reader's address follows on an article (the "Follow this discussion" form). */
  followingOf?: (email: string, articleId: number) => Promise<Following | undefined>;
  /** The site's public address (canonical links, Open Graph, JSON-LD). */
  baseUrl: string;
  /** Told of every lookup in the shared page cache (the metrics' hit and miss counter). */
  onCacheLookup?: (result: 'hit' | 'miss') => void;
  /** Longest a listing page is served from memory (LISTING_CACHE_SECONDS; default 60 s, 0: never). */
  listingCacheMs?: number;
  /**
   * For the fast lane (cached article pages for requests without cookies, answered before Fastify): the
   * headers a shareable page naming these CDN keys gets (security and CDN headers), and a callback told of
   * each answer (the metrics' request counter). Without it there is no fast path.
   */
  fastLane?: { sharedHeaders: (keys: string[]) => Record<string, string>; onResponse?: (status: number, ms: number) => void };
}

/** Threads on the article page when one comment's form must be on it (reply, edit, report), or `?all=1`. */
const ALL_THREADS = 1000;
/** A listing's ?page= (checked by pageNumberOf: 400 INVALID_PAGE unless a whole number ≥ 1). */
export const listingQuery = z.object({ page: formText });

export function createSitePages(deps: SiteDeps) {
  const { articles, campaigns, comments, clock } = deps;
  // What a page's freshness depends on, in memory (dropped by domain events), and the pages themselves.
  const heads = createPageHeads({ db: deps.db, events: deps.events, clock });
  const articleCache = createArticleCache({ events: deps.events, fingerprint: () => deps.settings.fingerprint(), onLookup: deps.onCacheLookup });
  const { cache } = articleCache;
  const listings = createListingCache({
    events: deps.events, clock, fingerprint: () => deps.settings.fingerprint(), onLookup: deps.onCacheLookup,
    nextPublication: () => deps.listing.nextPublication(), ttlMs: deps.listingCacheMs ?? 60_000,
  });
  const searches = createListingCache({
    events: deps.events, clock, fingerprint: () => deps.settings.fingerprint(), onLookup: deps.onCacheLookup,
    nextPublication: () => deps.listing.nextPublication(), ttlMs: deps.listingCacheMs ?? 60_000, shared: false,
  });
  const fastLane = deps.fastLane;
  const fastPath: LaneHandler | undefined = fastLane && createArticleFastPath({
    heads, articles: articleCache, clock,
    settingsFresh: () => !deps.settings.due(),
    sharedHeaders: (articleId) => fastLane.sharedHeaders([`article-${articleId}`]),
    onResponse: fastLane.onResponse,
  });

  // Shareable pages being rendered, by cache key: a request for a page another request is rendering waits for
  // that render and is answered from the cache (ten readers opening a 10,000-comment page at once cost one render).
  const rendering = new Map<string, Promise<void>>();
  function renderingOnce(key: string): () => void {
    let done!: () => void;
    rendering.set(key, new Promise<void>((resolve) => { done = resolve; }));
    let over = false;
    return () => {
      if (over) return;
      over = true;
      rendering.delete(key);
      done();
    };
  }

  /** Renders the article page; the shared cache serves it unless the reader sees something of their own. */
  async function showArticle(req: FastifyRequest, reply: FastifyReply, caller: Caller, slug: string, state: ArticlePageState, status = 200) {
    // What the page's freshness depends on: from memory (page-heads.ts), read from the database when not known.
    const head = await heads.head(slug);
    if (!head || !head.visible) throw new AppError(404, 'ARTICLE_NOT_FOUND', 'Article not found');
    // A static page has its own address; its discussion machinery does not exist.
    if (head.kind === 'page') return reply.redirect(`/pages/${encodeURIComponent(slug)}`, 301);
    const viewer = viewerOf(caller);
    // A guest with a held or still editable comment here sees their own page (told from memory); a caller with
    // an account but no session (an API token) is asked the database, as before.
    const editable = !caller.readerId || viewer ? false
      : caller.user ? (await comments.personalFor(head.id, caller)).length > 0 : await comments.hasOwnInSight(head.id, caller.readerId);
    const personal = viewer !== undefined || editable || state.replyTo !== undefined || state.edit !== undefined || state.report !== undefined || state.reported !== undefined || state.error !== undefined;
    const key = articleCache.keyOf(head, state);
    reply.code(status).type('text/html; charset=utf-8');
    if (!personal) {
      cdnKeys(reply, `article-${head.id}`);
      const cached = cache.get(key);
      if (cached) return sendCachedPage(cache, req, reply, cached, 'hit');
      const other = rendering.get(key);
      if (other) {
        await other;
        const kept = cache.get(key);
        if (kept) return sendCachedPage(cache, req, reply, kept, 'hit');
        // not kept (an event came during that render): this request renders the page itself
      }
    }
    const rendered = personal || rendering.has(key) ? undefined : renderingOnce(key);
    try {
      return await renderArticle(req, reply, caller, slug, state, { head, viewer, editable, personal, key }, rendered);
    } finally {
      // A streamed page tells its end itself (rendered is then called again: once is enough).
      if (!streaming.has(reply)) rendered?.();
    }
  }

  const streaming = new WeakSet<FastifyReply>();

  async function renderArticle(req: FastifyRequest, reply: FastifyReply, caller: Caller, slug: string, state: ArticlePageState,
    at: { head: PageHead; viewer: ReturnType<typeof viewerOf>; editable: boolean; personal: boolean; key: string }, rendered: (() => void) | undefined) {
    const { head, viewer, editable, personal, key } = at;
    // The threads are read with the article, not after it: the head knows its id (fewer round trips in turn).
    const [article, campaign, logo, marker, page] = await Promise.all([articles.getPublic(slug), campaigns.current(), deps.logoOf?.(), comments.passageMarker(head.id, slug), comments.list({ id: head.id }, {
      sort: state.sort,
      // A reply or edit form (and its error) belongs to one comment, which may be beyond the first page.
      limit: state.all || state.replyTo !== undefined || state.edit !== undefined || state.report !== undefined ? ALL_THREADS : THREADS_PER_PAGE,
      caller: personal ? caller : undefined,
      inline: state.inline,
    })]);
    const settings = deps.settings.get();
    // Passages with inline feedback are marked in the body (the marks link to the inline filter).
    const marked = { ...article, bodyHtml: marker(article.bodyHtml) };
    const seo = h(ArticleHead, { site: { siteName: settings.siteName, baseUrl: deps.baseUrl, logoUrl: logo?.url }, article });
    const render = page.comments.length > THREADS_PER_PAGE && countNodes(page.comments) > STREAM_FROM_COMMENTS ? articlePagePieces : articlePageHtml;
    const html = render({ siteName: settings.siteName, timeZone: settings.timeZone, assets: deps.assets, campaign, viewer, logo, head: seo, menus: settings.menus }, marked, {
      slug: article.slug,
      total: page.total,
      sort: state.sort,
      threads: page.comments,
      nextCursor: page.nextCursor,
      now: clock().toISOString(),
      replyTo: state.replyTo ?? null,
      editing: state.edit ?? null,
      reporting: state.report ?? null,
      reported: state.reported !== undefined ? [state.reported] : undefined,
      values: state.values,
      error: state.error,
      showingAll: state.all,
      inline: state.inline,
      viewer: viewer && { name: viewer.name, csrf: viewer.csrf, verified: viewer.verified },
      closed: !(article.commentsOpen ?? settings.commentsOpenByDefault),
      // Read before the comments: an event after it is in the page or comes through the live stream.
      liveFrom: head.lastEvent,
    }, editable ? '' : settings.commentPrompt, // a reader whose comment is in sight has commented
    viewer && caller.user && deps.followingOf ? h(FollowDiscussion, { slug: article.slug, csrf: viewer.csrf, following: await deps.followingOf(caller.user.email, article.id) }) : undefined);
    if (typeof html !== 'string') {
      // A page of many comments goes out as it is rendered (article-page-stream.ts); a shareable one is kept.
      reply.header('x-page-cache', personal ? 'personal' : 'miss').header('cache-control', personal ? 'private, no-store' : 'no-cache');
      if (rendered) streaming.add(reply);
      return sendStreamedPage(req, reply, html, {
        keep: personal ? undefined : (parts) => { cache.precompress(cache.set(key, parts)); },
        onError: (err) => req.log.error({ err }, 'a streamed article page failed after its answer began'),
        ...(rendered && { onClose: rendered }),
      });
    }
    if (!personal) {
      const page = cache.set(key, html);
      cache.precompress(page); // brotli and gzip once this answer is out (the fast lane serves only ready bytes)
      return sendCachedPage(cache, req, reply, page, 'miss');
    }
    return reply.header('x-page-cache', 'personal').header('cache-control', 'private, no-store').send(html);
  }

  function register(pages: PageRegistry<Caller>) {
    pages.add({
      method: 'GET', url: '/', access: 'public', query: listingQuery,
      handler: ({ req, reply, caller, query }) => {
        const viewer = viewerOf(caller);
        const page = pageNumberOf(query.page);
        return listings.send(req, reply, { personal: viewer !== undefined, key: `/?page=${page}` }, async () => {
          const [listed, campaign, logo] = await Promise.all([deps.listing.page({}, page), campaigns.current(), deps.logoOf?.()]);
          const commentCounts = await comments.publishedCounts(listed.articles.map((a) => a.id));
          const { siteName, siteDescription, menus, timeZone } = deps.settings.get();
          const paging = { basePath: '/', page, hasNext: listed.hasNext };
          const site = { siteName, baseUrl: deps.baseUrl, logoUrl: logo?.url };
          const head = h(Fragment, null,
            page === 1 ? h(HomeHead, { site, description: siteDescription }) : h(ListingHead, { site, path: `/?page=${page}`, title: `${siteName}, page ${page}` }),
            h(PaginationHead, paging));
          return homePageHtml({ siteName, timeZone, assets: deps.assets, campaign, viewer, logo, head, menus }, listed.articles, siteDescription, { commentCounts, paging });
        });
      },
    });
    pages.add({
      method: 'GET', url: '/articles/:slug', access: 'public', params: z.object({ slug: z.string() }), query: pageQuery,
      handler: ({ req, reply, caller, params, query: q }) =>
        showArticle(req, reply, caller, params.slug, { sort: q.sort, all: q.all, inline: q.inline, replyTo: q.replyTo, edit: q.edit, report: q.report, reported: q.reported }),
    });
  }

  /**
   * A reader page of another module (the donation pages) in the site's layout, for this caller; `known` passes
   * on the month's campaign when the page has read it already.
   */
  async function readerPage(caller: Caller, title: string, content: VNode, known?: { campaign: Campaign | undefined }, head?: VNode): Promise<string> {
    const [campaign, logo] = await Promise.all([known ? known.campaign : campaigns.current(), deps.logoOf?.()]);
    return readerPageHtml({ siteName: deps.settings.get().siteName, assets: deps.assets, campaign, viewer: viewerOf(caller), logo, menus: deps.settings.get().menus, head }, title, content);
  }

  /** The site context of a reader page for this caller, with the page's own <head> additions (`head` gets the logo's URL). */
  async function contextFor(caller: Caller, head?: (logoUrl: string | undefined) => ComponentChildren): Promise<SiteContext> {
    const [campaign, logo] = await Promise.all([campaigns.current(), deps.logoOf?.()]);
    const { siteName, menus } = deps.settings.get();
    return { siteName, assets: deps.assets, campaign, viewer: viewerOf(caller), logo, menus, head: head?.(logo?.url) };
  }

  return { register, showArticle, readerPage, contextFor, fastPath, listings, searches };
}
