// What the moderation module announces about its own records: the site's rules for who may comment (bans and
// the block list) changed. Every instance drops the rules it keeps in memory when it hears of it
// (kept-rules.ts); comments' own changes are the comments module's events.
declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'moderation.rules-changed': { change: 'ban' | 'lift-ban' | 'block' | 'unblock'; by: string };
  }
}

export const RULES_SUBJECT = 'moderation:rules';
