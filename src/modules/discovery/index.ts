// The discovery module as other modules see it: feeds, sitemaps, robots.txt, and the tags pages put in their <head>.
export { authorSlug, registerDiscovery } from './discovery.routes.js';
export { articleLeadImage, excerptOf, leadImageOf, type LeadImage } from './lead-image.js';
