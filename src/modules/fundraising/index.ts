// The fundraising module as other modules see it: monthly campaigns, their API, pages and bar.
export { registerCampaignRoutes } from './campaigns.routes.js';
export { createCampaignsService, type Campaign, type CampaignsService } from './campaigns.service.js';
export { registerCampaignPages } from './pages/campaign-pages.js';
export { FundraisingBar } from './views/FundraisingBar.js';
