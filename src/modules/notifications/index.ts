// The notifications module as other modules see it: "Notify of" subscriptions, their mails and pages.
export { createNotificationsService, nextDigestAt, type NotificationsService } from './notifications.service.js';
export { registerNotificationPages } from './notifications.pages.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export { FollowDiscussion, type Following } from './views/FollowDiscussion.js';
