// The admin module as other modules see it: the sections list, the dashboard and the outbox pages.
export { ADMIN_SECTIONS } from './admin.sections.js';
export { registerDashboard } from './dashboard.page.js';
export { registerOutboxPages } from './outbox.pages.js';
