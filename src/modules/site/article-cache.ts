// The shared cache of article pages and their key. The key names everything a page shows: the article's
// version and newest event, the campaign's state, the settings (by a short token: settings-token.ts) and
// the view (sort, all comments, inline feedback only). The ordinary route and the fast lane build it the same way.
import { PageCache } from '../../platform/http/page-cache.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { PageHead } from './page-heads.js';
import { settingsToken } from './settings-token.js';

export interface ArticleView { sort: string; all?: boolean; inline?: boolean }

/** Cached pages of one article start with this (see the evictions below). */
const keyPrefix = (articleId: number) => `a${articleId}:`;

export function createArticleCache(deps: { events: EventBus; fingerprint: () => string; onLookup?: (result: 'hit' | 'miss') => void }) {
  const cache = new PageCache({ onLookup: deps.onLookup });
  const tokenOfSettings = settingsToken(deps.fingerprint);

  // A change to an article's discussion makes its cached pages stale (their key changes with the newest event):
  // drop them now instead of holding them until they expire.
  for (const type of ['comment.created', 'comment.edited', 'comment.deleted', 'comment.status-changed', 'comment.voted'] as const) {
    deps.events.on(type, (e) => { cache.evictPrefix(keyPrefix(e.payload.articleId)); });
  }
  for (const type of ['article.updated', 'article.published', 'article.unpublished'] as const) {
    deps.events.on(type, (e) => { cache.evictPrefix(keyPrefix(e.payload.articleId)); });
  }
  // An author's page moved: bylines on any cached article page may link to the old address (rare: drop all).
  deps.events.on('author.profile-changed', () => { cache.evictPrefix('a'); });

  // Keys built once per head (page-heads.ts gives out the same object while nothing changed), view and settings.
  const built = new WeakMap<PageHead, { token: number; keys: Map<string, string> }>();
  return {
    cache,
    keyOf(head: PageHead, view: ArticleView): string {
      const token = tokenOfSettings();
      let memo = built.get(head);
      if (!memo || memo.token !== token) built.set(head, (memo = { token, keys: new Map() }));
      const viewKey = `${view.sort}|${view.all ? 1 : 0}|${view.inline ? 1 : 0}`;
      let key = memo.keys.get(viewKey);
      if (key === undefined) {
        key = `${keyPrefix(head.id)}${head.version}:${head.lastEvent}|${head.campaignKey}|${token}|${viewKey}`;
        memo.keys.set(viewKey, key);
      }
      return key;
    },
  };
}

export type ArticleCache = ReturnType<typeof createArticleCache>;
