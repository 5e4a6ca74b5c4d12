// What the settings module announces: the site settings were saved (which groups changed). Every instance
// loads the settings again when it hears of it (settings.service.ts); the CDN purge of every page follows it.
declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'settings.changed': { keys: string[] };
  }
}

export const SETTINGS_SUBJECT = 'settings';
