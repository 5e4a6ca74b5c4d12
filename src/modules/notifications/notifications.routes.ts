// The API of subscriptions for signed-in readers: follow an article's discussion, leave it, list them.
// Guests subscribe through the comment form's "notify" (and confirm by mail).
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { AppError } from '../../platform/http/errors.js';
import { isVerified, type Caller } from '../accounts/index.js';
import type { ArticlesService } from '../articles/index.js';
import { slugParams } from '../articles/index.js';
import type { NotificationsService } from './notifications.service.js';

const scope = z.enum(['replies', 'all']);
const followInput = z.strictObject({ scope: scope.default('all') });
const subscriptionSchema = z.object({ scope, confirmed: z.boolean() });
const listedSchema = z.object({ articleId: z.number().int(), title: z.string(), url: z.string(), scope, confirmed: z.boolean() });

function accountOf(caller: Caller) {
  if (!caller.user) throw new AppError(401, 'SIGN_IN_REQUIRED', 'Sign in to follow discussions');
  return caller.user;
}

export function registerNotificationRoutes({ api, articles, notifications }: { api: ApiRegistry<Caller>; articles: ArticlesService; notifications: NotificationsService }) {
  api.add({
    method: 'POST', url: '/api/v1/articles/:slug/subscriptions', tag: 'notifications', status: 201,
    summary: 'Follow an article\'s discussion by e-mail (signed in): every new comment, or replies to one\'s comments; confirmed at once for a verified address, else by a mail',
    params: slugParams, body: followInput, response: z.object({ subscription: subscriptionSchema }), errors: [401, 404],
    handler: async ({ params, body, caller }) => {
      const user = accountOf(caller);
      const article = await articles.getPublic(params.slug);
      return { subscription: await notifications.follow({ email: user.email, userId: user.id, verified: isVerified(caller) }, article, body.scope) };
    },
  });
  api.add({
    method: 'DELETE', url: '/api/v1/articles/:slug/subscriptions', tag: 'notifications',
    summary: 'Stop following an article\'s discussion (signed in)',
    params: slugParams, response: z.object({ unsubscribed: z.boolean() }), errors: [401, 404],
    handler: async ({ params, caller }) => {
      const user = accountOf(caller);
      const article = await articles.getPublic(params.slug);
      return { unsubscribed: await notifications.unfollow(user.email, article.id) };
    },
  });
  api.add({
    method: 'GET', url: '/api/v1/subscriptions', tag: 'notifications',
    summary: 'The discussions the signed-in reader follows',
    response: z.object({ subscriptions: z.array(listedSchema) }), errors: [401],
    handler: async ({ caller }) => {
      const user = accountOf(caller);
      const list = await notifications.listFor(user.email);
      return { subscriptions: list.map(({ articleId, title, url, scope, confirmed }) => ({ articleId, title, url, scope, confirmed })) };
    },
  });
}
