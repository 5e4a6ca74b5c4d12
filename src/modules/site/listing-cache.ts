// Listing pages (home, a tag, the archive, an archive month, an author) rendered for readers without a session,
// kept in memory: a busy home page costs a lookup instead of its queries and rendering.
//
// What a listing shows changes with articles, bylines, published comments (the counts), the month's campaign
// (the bar) and the settings. Every domain event but those of what no listing shows (a vote or an edit of a
// comment, the moderation rules, a discussion's followers) drops every kept page, on every instance (events
// reach each one after commit), and a page is not kept when such an event arrived while it was being rendered. The settings are in the key (settings-token.ts, for a
// change seen by the 5 s refresh alone), and so is the month (the campaign bar follows the calendar). What
// changes without an event: a scheduled article appears at its time — a page is kept until the next
// scheduled publication at most — and anything written to the database by hand, which LISTING_CACHE_SECONDS
// bounds (60 s by default; 0 renders every request).
//
// The search page has a cache of its own (a search a reader types cannot push the listings out), answered
// private: kept here, never by a browser or a CDN.
//
// Keys are built by the routes from the parts of the address they read (path, tag, page number), never from
// the raw URL: unknown query parameters cannot fill the cache with copies.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { cdnKeys } from '../../platform/http/cdn-headers.js';
import type { EventBus, EventType } from '../../platform/events/event-bus.js';
import { PageCache } from '../../platform/http/page-cache.js';
import { sendCachedPage } from './send-cached.js';
import { settingsToken } from './settings-token.js';

/** Events that change nothing a listing shows. */
const UNSEEN_BY_LISTINGS: ReadonlySet<EventType> = new Set<EventType>([
  'comment.voted', 'comment.edited', 'moderation.rules-changed', 'notifications.following-changed',
]);

export interface ListingCacheDeps {
  events: EventBus;
  clock: Clock;
  /** The settings' fingerprint (settings.fingerprint()). */
  fingerprint: () => string;
  /** When the next scheduled article becomes visible (milliseconds), or null. */
  nextPublication: () => Promise<number | null>;
  /** Longest a page is kept (0: no cache). */
  ttlMs: number;
  onLookup?: (result: 'hit' | 'miss') => void;
  /** false: pages answered `private, no-store`, without CDN keys (search results). Default true. */
  shared?: boolean;
}

export function createListingCache(deps: ListingCacheDeps) {
  const cache = new PageCache({ ttlMs: deps.ttlMs, maxEntries: 300, maxBytes: 16 * 1024 * 1024, onLookup: deps.onLookup });
  const tokenOfSettings = settingsToken(deps.fingerprint);
  // Counts the events that change listings: a render that saw it move may show the state before and is not kept.
  let epoch = 0;
  deps.events.onAny((e) => {
    if (UNSEEN_BY_LISTINGS.has(e.type)) return;
    epoch++;
    cache.clear();
  });

  // The next scheduled publication as read at an epoch (read again when the epoch moves or the time has come).
  let next: { epoch: number; at: number } | undefined;
  async function keptUntil(nowMs: number): Promise<number> {
    if (next && next.epoch === epoch && next.at > nowMs) return next.at;
    const at = epoch;
    const found = (await deps.nextPublication()) ?? Infinity;
    next = { epoch: at, at: found };
    return found;
  }

  return {
    /**
     * Answers a listing page. `personal` (a reader with a session sees their own header): rendered for them
     * and never stored. Otherwise shareable (CDN keys), and served from memory by `key` — the page's address
     * as the route understood it — or rendered and kept.
     */
    async send(req: FastifyRequest, reply: FastifyReply, opts: { personal: boolean; key: string }, render: () => Promise<string>) {
      reply.type('text/html; charset=utf-8');
      if (opts.personal) return reply.header('cache-control', 'private, no-store').send(await render());
      // Kept here, never by a browser or a shared cache (what people search for is theirs): search pages.
      const cacheControl = deps.shared === false ? 'private, no-store' : 'no-cache';
      if (deps.shared !== false) cdnKeys(reply, 'listing');
      if (deps.ttlMs === 0) return reply.header('cache-control', cacheControl).send(await render());
      const now = deps.clock();
      const key = `${tokenOfSettings()}|${now.toISOString().slice(0, 7)}|${opts.key}`;
      const cached = cache.get(key, now.getTime());
      if (cached) return sendCachedPage(cache, req, reply, cached, 'hit', cacheControl);
      const startedAt = epoch;
      const html = await render();
      const until = await keptUntil(now.getTime());
      if (startedAt !== epoch) return reply.header('cache-control', cacheControl).send(html);
      const page = cache.set(key, html, now.getTime(), until);
      cache.precompress(page);
      return sendCachedPage(cache, req, reply, page, 'miss', cacheControl);
    },
    /** Pages kept (tests, metrics). */
    get size() { return cache.size; },
  };
}

export type ListingCache = ReturnType<typeof createListingCache>;
