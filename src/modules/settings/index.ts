// The settings module as other modules see it: the site's settings and their page.
export { registerSettingsPages } from './pages/settings-pages.js';
export { CONFIDENT_SPAM_THRESHOLD, createSettingValues, createSettingsService, discoverySettingsSchema, donationSettingsSchema, initialSiteSettings, moderationSettingsSchema, notificationSettingsSchema, type DiscoverySettings, type DonationSettings, type ModerationSettings, type NotificationSettings, type SettingsService } from './settings.service.js';
export { registerMenuPages } from './pages/menus-pages.js';
export { isMenuUrl, menusSchema, type Menus } from './menus.schema.js';
