// What the article page's cache key needs, kept in memory so that a cached page costs no query: per slug the
// article's id, version, kind, status and publication time (visibility is worked out against the clock on
// every request, so a scheduled article appears on time) and its newest event id; per month the campaign's
// state. Read from the database once (site.repo.ts), then kept until a domain event about the subject
// arrives — after commit, on every instance: this one's at once, other instances' within the event bus's
// poll (NOTIFY on PostgreSQL) — which drops it, so the next request reads it again. A comment's event (a post,
// a vote, a moderator's decision) changes only the article's newest event id: that is taken from the event
// itself, without a read.
//
// A read racing an event: whatever a read returns is stored only when no event about an article (or the
// campaign) was delivered while it ran; otherwise it serves its own request and is read again next time.
// As a safety net for a change made without an event (by hand in the database), an entry is also read
// again after `maxAgeMs`.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { articleHeadBySlug, campaignKeyOf, type ArticleHeadRow } from './site.repo.js';

export interface PageHead {
  id: number;
  version: number;
  lastEvent: number;
  visible: boolean;
  kind: 'article' | 'page';
  /** The month's campaign state (null: no campaign). */
  campaignKey: string | null;
}

interface KnownArticle extends ArticleHeadRow {
  slug: string; publishedMs: number; loadedAt: number;
  /** The head last given out (the same object while nothing changed: callers may memoise on it). */
  given?: PageHead;
}
interface KnownCampaign { month: string; key: string | null; loadedAt: number }

export interface PageHeadsOptions {
  db: Kysely<Database>;
  events: EventBus;
  clock: Clock;
  /** Read again after this long even without an event (default 30 s). */
  maxAgeMs?: number;
  /** Articles kept (the longest known go first; default 10,000). */
  maxArticles?: number;
}

const ARTICLE_SUBJECT = 'article:';
const CAMPAIGN_SUBJECT = 'campaign:';

export function createPageHeads(opts: PageHeadsOptions) {
  const { db, clock } = opts;
  const maxAgeMs = opts.maxAgeMs ?? 30_000;
  const maxArticles = opts.maxArticles ?? 10_000;
  const bySlug = new Map<string, KnownArticle>();
  const slugOfId = new Map<number, string>();
  let campaign: KnownCampaign | undefined;
  // Counts the events delivered: a read that saw it change may be stale and is not kept.
  let articleEpoch = 0;
  let campaignEpoch = 0;

  function forgetArticle(id: number) {
    const slug = slugOfId.get(id);
    if (slug === undefined) return;
    slugOfId.delete(id);
    if (bySlug.get(slug)?.id === id) bySlug.delete(slug);
  }

  /** Moves a known article's newest event on to `eventId`; false when the article is not known. */
  function advanceArticle(id: number, eventId: number): boolean {
    const slug = slugOfId.get(id);
    const a = slug === undefined ? undefined : bySlug.get(slug);
    if (!a || a.id !== id) return false;
    if (eventId > a.lastEvent) { a.lastEvent = eventId; a.given = undefined; }
    return true;
  }

  opts.events.onAny((e) => {
    const subject = e.subject;
    if (subject === null) return;
    if (subject.startsWith(ARTICLE_SUBJECT)) {
      articleEpoch++;
      const id = Number(subject.slice(ARTICLE_SUBJECT.length));
      // A comment's event changes nothing of the head but the article's newest event: taken from the event.
      if (e.type.startsWith('comment.') && advanceArticle(id, e.id)) return;
      forgetArticle(id);
    } else if (subject.startsWith(CAMPAIGN_SUBJECT)) {
      campaignEpoch++;
      campaign = undefined;
    }
  });

  // The month of a time, worked out again only when the time leaves the month last asked about.
  let month = { start: 0, end: 0, name: '' };
  const monthOf = (now: Date) => {
    const ms = now.getTime();
    if (ms < month.start || ms >= month.end) {
      const y = now.getUTCFullYear();
      const m = now.getUTCMonth();
      month = { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1), name: now.toISOString().slice(0, 7) };
    }
    return month.name;
  };

  function headOf(a: KnownArticle, campaignKey: string | null, now: Date): PageHead {
    const visible = a.status === 'published' && a.publishedAt !== null && a.publishedMs <= now.getTime();
    const given = a.given;
    if (given && given.visible === visible && given.campaignKey === campaignKey) return given;
    return (a.given = { id: a.id, version: a.version, lastEvent: a.lastEvent, kind: a.kind, campaignKey, visible });
  }

  function knownArticle(slug: string, nowMs: number): KnownArticle | undefined {
    const a = bySlug.get(slug);
    return a && nowMs - a.loadedAt < maxAgeMs ? a : undefined;
  }

  function knownCampaign(now: Date): KnownCampaign | undefined {
    const c = campaign;
    return c && c.month === monthOf(now) && now.getTime() - c.loadedAt < maxAgeMs ? c : undefined;
  }

  async function loadArticle(slug: string, now: Date): Promise<KnownArticle | undefined> {
    const epoch = articleEpoch;
    const row = await articleHeadBySlug(db, slug);
    if (!row) return undefined;
    const known: KnownArticle = { ...row, slug, publishedMs: row.publishedAt === null ? NaN : Date.parse(row.publishedAt), loadedAt: now.getTime() };
    if (epoch === articleEpoch) {
      forgetArticle(row.id);
      bySlug.delete(slug);
      bySlug.set(slug, known);
      slugOfId.set(row.id, slug);
      while (bySlug.size > maxArticles) {
        const oldest = bySlug.values().next().value!;
        bySlug.delete(oldest.slug);
        slugOfId.delete(oldest.id);
      }
    }
    return known;
  }

  async function loadCampaign(now: Date): Promise<KnownCampaign> {
    const epoch = campaignEpoch;
    const month = monthOf(now);
    const known = { month, key: await campaignKeyOf(db, month), loadedAt: now.getTime() };
    if (epoch === campaignEpoch) campaign = known;
    return known;
  }

  return {
    /** From memory alone: the head, or undefined when the article or the campaign is not known (ask head()). */
    peek(slug: string, now = clock()): PageHead | undefined {
      const a = knownArticle(slug, now.getTime());
      const c = a && knownCampaign(now);
      return c && headOf(a!, c.key, now);
    },
    /** From memory, or read from the database; undefined when no article has the slug. */
    async head(slug: string, now = clock()): Promise<PageHead | undefined> {
      const a = knownArticle(slug, now.getTime()) ?? await loadArticle(slug, now);
      if (!a) return undefined;
      const c = knownCampaign(now) ?? await loadCampaign(now);
      return headOf(a, c.key, now);
    },
    /** Articles known in memory (tests, metrics). */
    get size() { return bySlug.size; },
  };
}

export type PageHeads = ReturnType<typeof createPageHeads>;
