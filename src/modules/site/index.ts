// The site module as other modules see it: the reader-facing pages composed from the other modules.
export { createSiteLogo } from './site-logo.js';
export { errorPageHtml } from './site.render.js';
export { createSitePages, viewerOf } from './site.routes.js';
export { registerListingPages } from './listing.routes.js';
export { registerStaticPages } from './static-pages.routes.js';
export { reservedSlugs, FUTURE_SEGMENTS } from './reserved-slugs.js';
export { registerAuthorPages } from './author.page.js';
export { wireCdnPurges } from './cdn-purges.js';
