// The site module as other modules see it: the reader-facing pages composed from the other modules.
export { createSiteLogo } from './site-logo.js';
export { errorPageHtml } from './site.render.js';
export { createSitePages } from './site.routes.js';
export { registerAuthorPages } from './author.page.js';
