// The pages of the notification mails' links (no sign-in: the signed link is the proof), the one-click
// unsubscribe POST of RFC 8058, an account's subscriptions, and the article page's "Follow" form.
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { PageRegistry } from '../../platform/http/pages.js';
import { AppError } from '../../platform/http/errors.js';
import { formText } from '../../platform/http/input.js';
import { isVerified, type Caller } from '../accounts/index.js';
import type { ArticlesService } from '../articles/index.js';
import type { NotificationsService } from './notifications.service.js';
import { ConfirmPage, ManagePage, UnsubscribePage } from './views/NotificationPages.js';

export interface NotificationPagesDeps {
  pages: PageRegistry<Caller>;
  notifications: NotificationsService;
  articles: ArticlesService;
  /** A page in the site's reader layout. */
  readerPage: (caller: Caller, title: string, content: VNode) => Promise<string>;
}

const tokenParams = z.object({ token: z.string().max(60) });
const backForm = z.object({ back: formText });
const modeForm = z.object({ mode: z.enum(['immediate', 'daily'], { message: 'Choose how often' }) });
const followForm = z.object({ scope: z.enum(['all', 'replies', 'none'], { message: 'Choose what to follow' }) });
const NOTICES: Record<string, string> = { saved: 'Saved.', unsubscribed: 'Unsubscribed.' };

export function registerNotificationPages({ pages, notifications, articles, readerPage }: NotificationPagesDeps) {
  const html = async (reply: FastifyReply, caller: Caller, title: string, content: VNode) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer')
      .send(await readerPage(caller, title, content));
  const manageAddress = (token: string, notice?: string) => `/notifications/manage/${token}${notice ? `?notice=${notice}` : ''}`;
  const pathOf = (url: string) => new URL(url).pathname;

  const confirmPage = async (reply: FastifyReply, caller: Caller, token: string) => {
    const s = await notifications.pendingByToken(token);
    if (!s) throw new AppError(404, 'LINK_NOT_VALID', 'This confirmation link is not valid (or the subscription was cancelled)');
    return html(reply, caller, s.confirmed ? 'Subscribed' : 'Confirm your subscription', <ConfirmPage
      title={s.article.title} articleUrl={`/articles/${encodeURIComponent(s.article.slug)}`} scope={s.scope}
      confirmed={s.confirmed} manageUrl={pathOf(s.manageUrl)} csrf={caller.csrf} />);
  };
  pages.add({
    method: 'GET', url: '/notifications/confirm/:token', access: 'public', params: tokenParams,
    handler: ({ reply, caller, params }) => confirmPage(reply, caller, params.token),
  });
  pages.add({
    method: 'POST', url: '/notifications/confirm/:token', access: 'public', params: tokenParams,
    handler: async ({ reply, caller, params }) => {
      await notifications.confirm(params.token);
      return confirmPage(reply, caller, params.token);
    },
  });

  type Target = Awaited<ReturnType<NotificationsService['unsubscribeTarget']>>;
  const unsubscribePage = async (reply: FastifyReply, caller: Caller, target: Target, done: boolean) => {
    const article = target?.article;
    return html(reply, caller, 'Unsubscribe', <UnsubscribePage done={done || target === undefined} title={article?.title}
      articleUrl={article && `/articles/${encodeURIComponent(article.slug)}`} manageUrl={target && pathOf(target.manageUrl)} csrf={caller.csrf} />);
  };
  pages.add({
    method: 'GET', url: '/notifications/unsubscribe/:token', access: 'public', params: tokenParams,
    handler: async ({ reply, caller, params }) => unsubscribePage(reply, caller, await notifications.unsubscribeTarget(params.token), false),
  });
  // RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" here (form-encoded or multipart) without
  // cookies; the reader's own button posts the same form. Either way it answers 200 (or 303 back to a list).
  pages.add({
    method: 'POST', url: '/notifications/unsubscribe/:token', access: 'public', params: tokenParams, form: backForm.partial(),
    handler: async ({ reply, caller, params, form }) => {
      const target = await notifications.unsubscribeTarget(params.token);
      await notifications.unsubscribe(params.token);
      if (form.back === 'manage' && target) return reply.redirect(`${pathOf(target.manageUrl)}?notice=unsubscribed`, 303);
      return unsubscribePage(reply, caller, target, true);
    },
  });

  const manageQuery = z.object({ notice: formText.optional().catch(undefined) });
  pages.add({
    method: 'GET', url: '/notifications/manage/:token', access: 'public', params: tokenParams, query: manageQuery,
    handler: async ({ reply, caller, params, query }) => {
      const s = await notifications.subscriberByToken(params.token);
      return html(reply, caller, 'Your subscriptions', <ManagePage email={s.email} mode={s.mode} subscriptions={s.subscriptions} token={s.token}
        notice={query.notice ? NOTICES[query.notice] : undefined} csrf={caller.csrf} />);
    },
  });
  pages.add({
    method: 'POST', url: '/notifications/manage/:token/mode', access: 'public', params: tokenParams, form: modeForm,
    handler: async ({ reply, params, form }) => {
      await notifications.setMode(params.token, form.mode);
      return reply.redirect(manageAddress(params.token, 'saved'), 303);
    },
  });
  // Also the one-click address of the daily digest (it covers every discussion of the address).
  pages.add({
    method: 'POST', url: '/notifications/manage/:token/unsubscribe', access: 'public', params: tokenParams, form: backForm.partial(),
    handler: async ({ reply, caller, params, form }) => {
      await notifications.unsubscribeAll(params.token);
      if (form.back === 'manage') return reply.redirect(manageAddress(params.token, 'unsubscribed'), 303);
      return html(reply, caller, 'Unsubscribed', <UnsubscribePage done manageUrl={manageAddress(params.token)} />);
    },
  });

  // A signed-in reader's subscriptions: the same page as the mails' link, for their account's address.
  pages.add({
    method: 'GET', url: '/account/notifications', access: 'signed-in',
    handler: async ({ reply, caller }) => reply.redirect(manageAddress(await notifications.manageTokenOf(caller.user!.email, caller.user!.id)), 303),
  });
  // The article page's "Follow this discussion" for signed-in readers (without commenting).
  pages.add({
    method: 'POST', url: '/articles/:slug/subscription', access: 'signed-in', params: z.object({ slug: z.string().max(200) }), form: followForm,
    handler: async ({ reply, caller, params, form }) => {
      const article = await articles.getPublic(params.slug);
      const user = caller.user!;
      if (form.scope === 'none') await notifications.unfollow(user.email, article.id);
      else await notifications.follow({ email: user.email, userId: user.id, verified: isVerified(caller) }, article, form.scope);
      return reply.redirect(`/articles/${encodeURIComponent(article.slug)}#follow`, 303);
    },
  });
}
