// "Notify of": who follows which discussion, the double opt-in, and the mails about new comments — batched
// per subscriber and article (at most one mail every N minutes) or gathered into a daily digest. Only
// published comments are mailed (the comments module announces one when it is posted published or approved
// later), never to the comment's own author. The only writer of the notification tables; every change of who
// follows an article is announced (notifications.events.ts), which is how each instance knows, without asking
// the database at each comment, whether anyone follows an article (kept-followed.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { DomainEvents, EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { JobRunner } from '../../platform/jobs/jobs.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { AppError } from '../../platform/http/errors.js';
import { idSigner } from '../../platform/secrets.js';
import type { Article, ArticlesService } from '../articles/index.js';
import type { CommentsService, Concerned } from '../comments/index.js';
import type { NotificationSettings } from '../settings/index.js';
import { confirmationMail, notificationMail, type ArticleSection, type MailedComment, type Reason } from './notification-mail.js';
import * as repo from './notifications.repo.js';
import { followingSubject } from './notifications.events.js';
import { createKeptFollowed } from './kept-followed.js';

export type Scope = repo.Scope;
export type Mode = repo.Mode;

export interface NotificationsDeps {
  db: Kysely<Database>;
  events: EventBus;
  jobs: JobRunner;
  clock: Clock;
  mailer: Mailer;
  comments: CommentsService;
  articles: ArticlesService;
  baseUrl: string;
  siteName: () => string;
  secret: string;
  settings: () => NotificationSettings;
  /** A mailbox that unsubscribes (List-Unsubscribe mailto), when the site runs one. */
  unsubscribeMailto?: string;
}

/** Someone following: a guest by address, or an account (its address, confirmed when verified). */
export interface Follower { email: string; userId: number | null; verified: boolean }

/** A subscription as its owner sees it. */
export interface SubscriptionView {
  id: number; articleId: number; title: string; url: string; scope: Scope; confirmed: boolean; unsubscribeUrl: string;
}

const FLUSH_JOB = 'notifications.flush';
const DIGEST_JOB = 'notifications.digest';
const FAN_OUT = 'notifications.fan-out';
const broader = (a: Scope, b: Scope): Scope => (a === 'all' || b === 'all' ? 'all' : 'replies');
const samePerson = (a: Concerned, b: { email: string; user_id: number | null }) =>
  a.email === b.email || (a.userId !== null && a.userId === b.user_id);

/** The next digest time: the digest hour (UTC) strictly after `now`. */
export function nextDigestAt(now: Date, hourUtc: number): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

export function createNotificationsService(deps: NotificationsDeps) {
  const { db, events, jobs, clock, mailer, comments, articles } = deps;
  const confirmLinks = idSigner(deps.secret, 'notification-confirm');
  const unsubscribeLinks = idSigner(deps.secret, 'notification-unsubscribe');
  const manageLinks = idSigner(deps.secret, 'notification-manage');
  const url = (path: string) => `${deps.baseUrl}${path}`;
  const articleUrl = (a: Article) => url(`/articles/${encodeURIComponent(a.slug)}`);
  const unsubscribeUrl = (subscriptionId: number) => url(`/notifications/unsubscribe/${unsubscribeLinks.token(subscriptionId)}`);
  const manageUrl = (subscriberId: number) => url(`/notifications/manage/${manageLinks.token(subscriberId)}`);
  const now = () => clock().toISOString();
  const followed = createKeptFollowed({ events, now: () => clock().getTime() });

  type Change = DomainEvents['notifications.following-changed']['change'];
  /** Announces changes of who follows which article (one statement for them all). */
  const announce = (uow: UnitOfWork, changes: { articleId: number; subscriberId: number; change: Change }[]) =>
    uow.emitMany(changes.map((c) => ({ type: 'notifications.following-changed' as const, payload: c, subject: followingSubject(c.articleId) })));
  const announceRemoved = (uow: UnitOfWork, removed: repo.Removed[]) =>
    announce(uow, removed.map((r) => ({ articleId: r.article_id, subscriberId: r.subscriber_id, change: 'unfollowed' as const })));
  /** Removes subscriptions with their waiting items, and announces it. */
  async function remove(uow: UnitOfWork, where: { id: number } | { subscriberId: number }): Promise<number> {
    const removed = await repo.deleteSubscriptions(uow.tx, where);
    await announceRemoved(uow, removed);
    return removed.length;
  }

  /** Follows an article (or widens what is followed); a new guest subscription waits for its confirmation mail. */
  async function subscribe(uow: UnitOfWork, who: Follower, article: Article, scope: Scope): Promise<repo.SubscriptionRow> {
    const { tx } = uow;
    const email = who.email.toLowerCase();
    const subscriber = await repo.subscriberFor(tx, email, who.userId, now());
    const { row, created } = await repo.subscriptionFor(tx, {
      subscriber_id: subscriber.id, article_id: article.id, scope, confirmed_at: who.verified ? now() : null, created_at: now(),
    });
    let current = row;
    let change: Change | undefined = created ? 'followed' : undefined;
    if (!created) {
      const patch = { scope: broader(row.scope, scope), ...(who.verified && row.confirmed_at === null && { confirmed_at: now() }) };
      if (patch.scope !== row.scope || patch.confirmed_at) {
        await repo.updateSubscription(tx, row.id, patch);
        change = patch.confirmed_at ? 'confirmed' : 'widened';
      }
      current = { ...row, ...patch };
    }
    if (change) await announce(uow, [{ articleId: article.id, subscriberId: subscriber.id, change }]);
    // One confirmation mail per address and article: asking again sends nothing more.
    if (current.confirmed_at === null && current.confirm_mailed_at === null) {
      await mailer.queue(tx, confirmationMail(email, deps.siteName(), article, current.scope, url(`/notifications/confirm/${confirmLinks.token(current.id)}`)));
      await repo.updateSubscription(tx, current.id, { confirm_mailed_at: now() });
      current = { ...current, confirm_mailed_at: now() };
    }
    return current;
  }

  /** Plans the mail of a subscription's waiting comments: now, or when its batching window ends. */
  async function plan(tx: UnitOfWork['tx'], s: repo.Following): Promise<void> {
    if (s.mode === 'daily') {
      const due = nextDigestAt(clock(), deps.settings().digestHourUtc);
      if (await repo.planDigest(tx, s.subscriber_id, due.toISOString())) await jobs.enqueue(tx, DIGEST_JOB, { subscriberId: s.subscriber_id }, { runAt: due });
      return;
    }
    const windowEnd = s.last_mailed_at ? Date.parse(s.last_mailed_at) + deps.settings().batchMinutes * 60_000 : 0;
    const due = new Date(Math.max(clock().getTime(), windowEnd));
    if (await repo.planFlush(tx, s.id, due.toISOString())) await jobs.enqueue(tx, FLUSH_JOB, { subscriptionId: s.id }, { runAt: due });
  }

  /** A comment readers can now see: every confirmed subscription it concerns gets it as a waiting item. */
  async function fanOut(commentId: number): Promise<void> {
    const audience = await comments.audienceOf(commentId);
    if (!audience || audience.status !== 'published') return; // held, removed or spam since: never mailed
    const following = await repo.confirmedOn(db, audience.articleId);
    await db.transaction().execute(async (tx) => {
      for (const s of following) {
        if (samePerson(audience.author, s)) continue; // never to the comment's own author
        const reason: Reason | undefined = audience.parent && samePerson(audience.parent, s) ? 'reply'
          : audience.mentioned.some((m) => samePerson(m, s)) ? 'mention'
            : s.scope === 'all' ? 'all' : undefined;
        if (!reason) continue;
        if (await repo.addItem(tx, { subscription_id: s.id, subscriber_id: s.subscriber_id, comment_id: commentId, reason, created_at: now() })) await plan(tx, s);
      }
    });
  }

  /** The waiting items as mail sections, one per article (comments no longer published are left out). */
  async function sectionsOf(items: repo.ItemRow[]): Promise<ArticleSection[]> {
    const shown = await comments.forMail(items.map((i) => i.comment_id));
    const reasonOf = new Map(items.map((i) => [i.comment_id, i.reason]));
    const byArticle = new Map<number, MailedComment[]>();
    for (const c of shown) {
      const list = byArticle.get(c.articleId) ?? [];
      list.push({ ...c, reason: reasonOf.get(c.id)!, url: url(`/comments/${c.id}`) });
      byArticle.set(c.articleId, list);
    }
    const sections: ArticleSection[] = [];
    for (const [articleId, list] of byArticle) {
      const article = await articles.getById(articleId).catch(() => undefined);
      if (article) sections.push({ title: article.title, url: articleUrl(article), comments: list });
    }
    return sections;
  }

  /**
   * Mails what waits: for one subscription (its batching window is over) or for a subscriber (the digest).
   * Items are claimed in the mail's transaction, so a retried or concurrent run never mails one twice.
   */
  async function deliver(scope: { subscriptionId: number } | { subscriberId: number }): Promise<void> {
    const digest = 'subscriberId' in scope;
    const subscription = digest ? undefined : await repo.subscriptionById(db, scope.subscriptionId);
    const subscriberId = digest ? scope.subscriberId : subscription?.subscriber_id;
    const subscriber = subscriberId === undefined ? undefined : await repo.subscriberById(db, subscriberId);
    if (!subscriber) return;
    const items = await repo.waitingItems(db, scope);
    const sections = await sectionsOf(items);
    await db.transaction().execute(async (tx) => {
      const claimed = new Set((await repo.claimItems(tx, items.map((i) => i.id), now())).map((i) => i.comment_id));
      const mailed = sections.map((s) => ({ ...s, comments: s.comments.filter((c) => claimed.has(c.id)) })).filter((s) => s.comments.length > 0);
      if (mailed.length > 0) {
        const links = {
          unsubscribe: digest ? url(`/notifications/manage/${manageLinks.token(subscriber.id)}/unsubscribe`) : unsubscribeUrl(subscription!.id),
          manage: manageUrl(subscriber.id), mailto: deps.unsubscribeMailto,
        };
        await mailer.queue(tx, notificationMail(subscriber.email, deps.siteName(), mailed, links, digest));
      }
      if (digest) await repo.digestDone(tx, subscriber.id);
      else await repo.updateSubscription(tx, subscription!.id, { flush_due_at: null, ...(mailed.length > 0 && { last_mailed_at: now() }) });
    });
    // Comments that arrived while this ran wait for the next window.
    if (!digest && (await repo.waitingItems(db, scope)).length > 0) {
      const s = await repo.confirmedById(db, subscription!.id);
      if (s) await db.transaction().execute((tx) => plan(tx, s));
    }
  }

  jobs.register(FLUSH_JOB, (payload) => deliver({ subscriptionId: (payload as { subscriptionId: number }).subscriptionId }));
  jobs.register(DIGEST_JOB, (payload) => deliver({ subscriberId: (payload as { subscriberId: number }).subscriberId }));
  // At least once, by the job runner: a comment published now, or approved by a moderator later.
  // A comment on an article nobody follows (most of them) queues no job: asked in the comment's own
  // transaction, so a subscription confirmed before it committed is seen; one confirmed after it is not,
  // and gets the comments published from then on.
  events.durable(FAN_OUT, ['comment.published'], (e) => fanOut(e.payload.commentId), {
    when: (e, { tx }) => followed.anyConfirmedOn(tx, e.payload.articleId),
  });
  // The comment form's "Notify of": the poster follows the discussion, in the comment's own transaction
  // (a comment classed as spam subscribes nobody: its address may be anyone's).
  events.onEmit('comment.created', async (e, uow) => {
    const { notify, status, commentId, articleId } = e.payload;
    if (!notify || status === 'spam') return;
    const audience = await comments.audienceOf(commentId, uow.tx);
    if (!audience) return;
    const article = await articles.getById(articleId, uow.tx);
    // A signed-in commenter's address is verified (unverified accounts cannot comment).
    await subscribe(uow, { ...audience.author, verified: audience.author.userId !== null }, article, notify);
  });

  // A deleted account's address follows nothing any more (in the deletion's transaction).
  events.onEmit('account.deleted', async (e, uow) => {
    await announceRemoved(uow, await repo.deleteSubscriberOfUser(uow.tx, e.payload.userId));
  });

  const viewsOf = async (subscriberId: number): Promise<SubscriptionView[]> => {
    const rows = await repo.subscriptionsOf(db, subscriberId);
    const out: SubscriptionView[] = [];
    for (const r of rows) {
      const article = await articles.getById(r.article_id).catch(() => undefined);
      if (!article) continue;
      out.push({ id: r.id, articleId: r.article_id, title: article.title, url: articleUrl(article), scope: r.scope, confirmed: r.confirmed_at !== null, unsubscribeUrl: unsubscribeUrl(r.id) });
    }
    return out;
  };

  return {
    /** An account follows an article (confirmed at once when its address is verified, else by mail). */
    async follow(who: Follower, article: Article, scope: Scope): Promise<{ scope: Scope; confirmed: boolean }> {
      const row = await events.transaction((uow) => subscribe(uow, who, article, scope));
      return { scope: row.scope, confirmed: row.confirmed_at !== null };
    },
    /** Stops following an article; false when there was nothing to stop. */
    async unfollow(email: string, articleId: number): Promise<boolean> {
      const subscriber = await repo.subscriberByEmail(db, email.toLowerCase());
      if (!subscriber) return false;
      const s = await repo.subscriptionOf(db, subscriber.id, articleId);
      return s ? (await events.transaction((uow) => remove(uow, { id: s.id }))) > 0 : false;
    },
    /** What an address follows on an article, if anything. */
    async followingOf(email: string, articleId: number): Promise<{ scope: Scope; confirmed: boolean } | undefined> {
      const subscriber = await repo.subscriberByEmail(db, email.toLowerCase());
      const s = subscriber && await repo.subscriptionOf(db, subscriber.id, articleId);
      return s ? { scope: s.scope, confirmed: s.confirmed_at !== null } : undefined;
    },

    /** The subscription a confirmation link names (undefined: not a link of ours, or unsubscribed since). */
    async pendingByToken(token: string) {
      const id = confirmLinks.idOf(token);
      const s = id === undefined ? undefined : await repo.subscriptionById(db, id);
      if (!s) return undefined;
      return { confirmed: s.confirmed_at !== null, scope: s.scope, article: await articles.getById(s.article_id), manageUrl: manageUrl(s.subscriber_id) };
    },
    async confirm(token: string): Promise<void> {
      const id = confirmLinks.idOf(token);
      const s = id === undefined ? undefined : await repo.subscriptionById(db, id);
      if (!s) throw new AppError(404, 'LINK_NOT_VALID', 'This confirmation link is not valid (or the subscription was cancelled)');
      if (s.confirmed_at !== null) return;
      await events.transaction(async (uow) => {
        await repo.updateSubscription(uow.tx, s.id, { confirmed_at: now() });
        await announce(uow, [{ articleId: s.article_id, subscriberId: s.subscriber_id, change: 'confirmed' }]);
      });
    },

    /** What an unsubscribe link names: the article, or undefined when already unsubscribed. 404 for a link not ours. */
    async unsubscribeTarget(token: string) {
      const id = unsubscribeLinks.idOf(token);
      if (id === undefined) throw new AppError(404, 'LINK_NOT_VALID', 'This unsubscribe link is not valid');
      const s = await repo.subscriptionById(db, id);
      return s && { article: await articles.getById(s.article_id).catch(() => undefined), manageUrl: manageUrl(s.subscriber_id) };
    },
    /** One-click unsubscribe (RFC 8058): no sign-in, the signed link is the proof. */
    async unsubscribe(token: string): Promise<void> {
      const id = unsubscribeLinks.idOf(token);
      if (id === undefined) throw new AppError(404, 'LINK_NOT_VALID', 'This unsubscribe link is not valid');
      await events.transaction((uow) => remove(uow, { id }));
    },

    /** The subscriber a manage link names; 404 for a link not ours. */
    async subscriberByToken(token: string) {
      const id = manageLinks.idOf(token);
      const subscriber = id === undefined ? undefined : await repo.subscriberById(db, id);
      if (!subscriber) throw new AppError(404, 'LINK_NOT_VALID', 'This link is not valid');
      return { id: subscriber.id, email: subscriber.email, mode: subscriber.mode, subscriptions: await viewsOf(subscriber.id), token };
    },
    /** The manage link of an account's address (its subscriptions page), creating the subscriber if need be. */
    async manageTokenOf(email: string, userId: number): Promise<string> {
      const s = await repo.subscriberFor(db, email.toLowerCase(), userId, now());
      return manageLinks.token(s.id);
    },
    async setMode(token: string, mode: Mode): Promise<void> {
      const { id } = await this.subscriberByToken(token);
      await repo.setMode(db, id, mode);
    },
    async unsubscribeAll(token: string): Promise<number> {
      const { id } = await this.subscriberByToken(token);
      return events.transaction((uow) => remove(uow, { subscriberId: id }));
    },
    /** What an account's address follows, for the account's data export. */
    async exportOf(userId: number) {
      const subscriber = await repo.subscriberOfUser(db, userId);
      if (!subscriber) return [];
      return (await viewsOf(subscriber.id)).map(({ title, url: address, scope, confirmed }) => ({ article: title, url: address, scope, confirmed, mode: subscriber.mode }));
    },
    /** An account's subscriptions (the API). */
    async listFor(email: string): Promise<SubscriptionView[]> {
      const s = await repo.subscriberByEmail(db, email.toLowerCase());
      return s ? viewsOf(s.id) : [];
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
