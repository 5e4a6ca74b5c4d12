// What the notifications module announces about its own records: who follows an article changed (a
// subscription made, widened, confirmed or removed). Subject `following:article:<id>`, so that what is kept
// about an article's followers (kept-followed.ts) is dropped on every instance; no page shows followers, and
// page caches ignore these events. Payloads name no address.
declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'notifications.following-changed': { articleId: number; subscriberId: number; change: 'followed' | 'widened' | 'confirmed' | 'unfollowed' };
  }
}

export const FOLLOWING_SUBJECT = 'following:article:';
export const followingSubject = (articleId: number) => `${FOLLOWING_SUBJECT}${articleId}`;
