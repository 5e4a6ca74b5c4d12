// The fundraising module as other modules see it: monthly campaigns and the bar, the donations ledger fed by
// Stripe and by hand, the reader's /support pages and the admin's donation pages.
export { registerCampaignRoutes } from './campaigns.routes.js';
export { createCampaignsService, type Campaign, type CampaignsService } from './campaigns.service.js';
export { registerCampaignPages } from './pages/campaign-pages.js';
export { FundraisingBar } from './views/FundraisingBar.js';
export { createDonationsService, type DonationsService } from './donations.service.js';
export { createDonationCheckout } from './donation-checkout.js';
export { registerDonationRoutes } from './donations.routes.js';
export { registerSupportPages } from './pages/support-pages.js';
export { registerDonationAdminPages } from './pages/donation-admin-pages.js';
export { createStripeGateway, type StripeGateway } from './stripe/stripe-gateway.js';
export { registerStripeWebhook, STRIPE_WEBHOOK_PATH } from './stripe/stripe-webhook.js';
export { HANDLED_STRIPE_EVENTS } from './stripe/stripe-events.js';
