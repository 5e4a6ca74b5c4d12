// Which changes purge which surrogate keys at the CDN or reverse proxy (the keys the site's pages carry:
// see platform/http/cdn-headers.ts). Listeners run after commit; only this instance's own events purge,
// so N instances send one purge per change, not N.
import type { EventBus } from '../../platform/events/event-bus.js';
import { SITE_KEY } from '../../platform/http/cdn-headers.js';
import type { Purger } from '../../platform/http/cdn-purge.js';

export const articleKey = (id: number) => `article-${id}`;
export const pageKey = (id: number) => `page-${id}`;
export const LISTING_KEY = 'listing';

export function wireCdnPurges(deps: { events: EventBus; purger: Purger }): void {
  const { events, purger } = deps;
  const own = (origin: string) => origin === events.origin;
  // A comment is on its article's page and in its comments feed (listings' comment counts catch up within s-maxage).
  for (const type of ['comment.created', 'comment.published', 'comment.edited', 'comment.deleted', 'comment.status-changed', 'comment.voted'] as const) {
    events.on(type, (e) => { if (own(e.origin)) purger.purge([articleKey(e.payload.articleId)]); });
  }
  // An article (or static page: same table) is on its own page and in the listings and feeds.
  for (const type of ['article.updated', 'article.published', 'article.unpublished'] as const) {
    events.on(type, (e) => { if (own(e.origin)) purger.purge([articleKey(e.payload.articleId), pageKey(e.payload.articleId), LISTING_KEY]); });
  }
  // A byline's address or name is on every article page; the fundraising bar is on every page (README: "CDN and reverse proxy").
  events.on('author.profile-changed', (e) => { if (own(e.origin)) purger.purge([SITE_KEY]); });
  events.on('campaign.changed', (e) => { if (own(e.origin)) purger.purge([SITE_KEY]); });
  // The site's name, menus, logo… are on every page.
  events.on('settings.changed', (e) => { if (own(e.origin)) purger.purge([SITE_KEY]); });
}
