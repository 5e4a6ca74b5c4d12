// What the accounts module announces.
declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    /** In the deletion's transaction: modules holding the person's data keep it anonymous or remove it. */
    'account.deleted': { userId: number; comments: 'keep' | 'remove' };
    /** An author's page moved or changed (slug, bio, photo): bylines that link to it are stale. */
    'author.profile-changed': { userId: number; slug: string | null };
  }
}
export {};
