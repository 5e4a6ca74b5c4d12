// The cached article page for a request without cookies, answered in the fast lane (platform/http/fast-lane.ts)
// before Fastify: a GET of /articles/:slug with at most the view's own query parameters (sort, all, inline),
// no cookie and no credentials, whose page head is known in memory (page-heads.ts) and whose page is in the
// cache with its bytes ready in the encoding asked for. The headers — the same as the ordinary route sends for
// that answer (security headers, the CDN's, ETag of the encoding, Vary, Content-Type) — are built once per
// cached page and encoding. Anything else returns false and the ordinary route answers (and fills the cache).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../platform/clock.js';
import { etagMatches, negotiateEncoding, type Encoding } from '../../platform/http/compression.js';
import type { LaneHandler } from '../../platform/http/fast-lane.js';
import type { CachedPage } from '../../platform/http/page-cache.js';
import { bodyLength, endWith, type PageBody } from '../../platform/http/page-body.js';
import type { ArticleCache, ArticleView } from './article-cache.js';
import type { PageHeads } from './page-heads.js';

const PREFIX = '/articles/';
/** Slugs as the articles module allows them (a longer or other one goes the ordinary way). */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG = 200;

/** The query parameters of the shared views, each allowed once, exactly as the page's own links write them. */
const PARAMS: Record<string, (v: ArticleView) => void> = {
  'sort=newest': (v) => { v.sort = 'newest'; },
  'sort=oldest': (v) => { v.sort = 'oldest'; },
  'sort=votes': (v) => { v.sort = 'votes'; },
  'all=1': (v) => { v.all = true; },
  'inline=1': (v) => { v.inline = true; },
  'inline=true': (v) => { v.inline = true; },
};

/** The slug and view of a URL the fast lane may answer; undefined for anything else. */
export function fastArticleUrl(url: string): { slug: string; view: ArticleView } | undefined {
  if (!url.startsWith(PREFIX)) return undefined;
  const q = url.indexOf('?');
  const slug = url.slice(PREFIX.length, q < 0 ? undefined : q);
  if (slug.length > MAX_SLUG || !SLUG.test(slug)) return undefined;
  const view: ArticleView = { sort: 'newest', all: false, inline: false };
  if (q >= 0) {
    const seen = new Set<string>();
    for (const part of url.slice(q + 1).split('&')) {
      const set = PARAMS[part];
      const name = part.slice(0, part.indexOf('='));
      if (!set || seen.has(name)) return undefined;
      seen.add(name);
      set(view);
    }
  }
  return { slug, view };
}

export interface ArticleFastPathDeps {
  heads: PageHeads;
  articles: ArticleCache;
  clock: Clock;
  /** False while the settings are due to be read again (the ordinary route awaits that). */
  settingsFresh: () => boolean;
  /** The headers of a shareable page naming these CDN keys: security headers and the CDN's caching headers. */
  sharedHeaders: (articleId: number) => Record<string, string>;
  /** Told of each answer (the metrics' request counter). */
  onResponse?: (status: number, ms: number) => void;
}

interface Prebuilt { ok: Record<string, string | number>; notModified: Record<string, string>; etag: string }

export function createArticleFastPath(deps: ArticleFastPathDeps): LaneHandler {
  const { heads, articles, clock } = deps;
  const { cache } = articles;
  // Accept-Encoding values repeat (one per browser): negotiated once each, a bounded number kept.
  const negotiated = new Map<string, Encoding>();
  const encodingOf = (header: string | undefined): Encoding => {
    if (header === undefined) return 'identity';
    let e = negotiated.get(header);
    if (e === undefined) {
      e = negotiateEncoding(header);
      if (negotiated.size >= 64) negotiated.clear();
      negotiated.set(header, e);
    }
    return e;
  };

  const prebuilt = (page: CachedPage, articleId: number, encoding: Encoding, body: PageBody): Prebuilt =>
    cache.memo(page, `fast:${encoding}`, () => {
      const etag = cache.etagOf(page, encoding);
      const common = {
        ...deps.sharedHeaders(articleId),
        'content-type': 'text/html; charset=utf-8', 'x-page-cache': 'hit', etag, vary: 'Accept-Encoding',
      };
      return {
        etag,
        notModified: common,
        ok: { ...common, ...(encoding !== 'identity' && { 'content-encoding': encoding }), 'content-length': bodyLength(body) },
      };
    });

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false;
    const { headers } = req;
    if (headers.cookie !== undefined || headers.authorization !== undefined) return false;
    const target = fastArticleUrl(req.url ?? '');
    if (!target || !deps.settingsFresh()) return false;
    const started = performance.now();
    const head = heads.peek(target.slug, clock());
    if (!head || !head.visible || head.kind !== 'article') return false;
    const accept = headers['accept-encoding'];
    const encoding = encodingOf(Array.isArray(accept) ? accept.join(',') : accept);
    // Not cached, or still being compressed: the ordinary route renders it, or waits for the compression.
    const found = cache.readyHit(articles.keyOf(head, target.view), encoding);
    if (!found) return false;
    const { page, body } = found;
    const pre = prebuilt(page, head.id, encoding, body);
    let status = 200;
    if (etagMatches(headers['if-none-match'], pre.etag)) {
      status = 304;
      res.writeHead(304, pre.notModified);
      res.end();
    } else {
      res.writeHead(200, pre.ok);
      endWith(res, body);
    }
    deps.onResponse?.(status, performance.now() - started);
    return true;
  };
}
