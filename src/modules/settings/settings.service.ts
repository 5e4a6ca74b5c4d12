// Site settings an admin changes at run time (kept in the settings table). Environment variables and
// the shipped spam model's threshold (passed in by the composition root) give the first values; reads
// are served from memory, so the hot path does no query. A save is announced (`settings.changed`, in its
// transaction): every instance and worker loads the settings again when the event reaches it; a refresh
// every few seconds remains as the fallback.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { SETTINGS_SUBJECT } from './settings.events.js';
import * as repo from './settings.repo.js';
import { menusSchema, defaultMenus } from './menus.schema.js';
import { isTimeZone } from '../../ui/time-zone.js';

/** How the moderation pipeline treats new comments; see src/modules/moderation/stages. */
export const moderationSettingsSchema = z.object({
  /** Pre-moderate: every comment, first-time commenters only, comments with links, or nothing. */
  policy: z.enum(['all', 'first-time', 'links', 'none']).default('none'),
  burstPerMinute: z.number().int().min(1).max(1000).default(5),
  perHour: z.number().int().min(1).max(10_000).default(30),
  minFillSeconds: z.number().int().min(0).max(600).default(3),
  duplicateWindowHours: z.number().int().min(0).max(24 * 30).default(24),
  maxLinks: z.number().int().min(0).max(50).default(3),
  holdFirstTimeLinks: z.boolean().default(true),
  /** Whether the statistical spam filter may decide (it still scores every comment for moderators). */
  useClassifier: z.boolean().default(true),
  /**
   * Spam probability at or above which a comment is marked spam, and held for review (no schema
   * default: they come from the model, see defaultModerationSettings). By default there is a hold
   * band: holdThreshold is the shipped spam model's calibrated threshold and spamThreshold the higher
   * CONFIDENT_SPAM_THRESHOLD, so only confident spam is binned and an uncertain comment waits for a
   * moderator (a legitimate comment the filter gets wrong is held rather than binned). The admin form
   * requires hold ≤ spam; should hold end up above spam, spam is checked first and wins.
   * `npm run gazette -- spam train` sets both to the site's calibrated threshold.
   */
  spamThreshold: z.number().min(0.5).max(1),
  holdThreshold: z.number().min(0.3).max(1),
  /**
   * How many of a comment's strongest ham-ward tokens the site's learned classifier counts (null: all).
   * Not on the settings form: `npm run gazette -- spam train` chooses it by cross-validation on the site's
   * learned comments, with the two thresholds (spam/site-variant.ts).
   */
  hamEvidenceLimit: z.number().int().min(1).max(100_000).nullable().default(null),
  reportsToHold: z.number().int().min(1).max(100).default(3),
});
export type ModerationSettings = z.output<typeof moderationSettingsSchema>;

/** The donation page: preset amounts, the largest card donation, the supporters list, other ways to give. */
export const donationSettingsSchema = z.object({
  /** Amounts offered as buttons, in the campaign currency's main unit. */
  presets: z.array(z.number().positive().max(1_000_000)).min(1).max(6).default([5, 10, 25, 50]),
  /** The largest card donation accepted, in the currency's main unit. */
  maxAmount: z.number().positive().max(1_000_000).default(10_000),
  /** A public list of recent supporters who gave their name and did not ask to stay anonymous. */
  showSupporters: z.boolean().default(false),
  /** Free text shown only when set. */
  bankTransfer: z.string().trim().max(2000).default(''),
  crypto: z.string().trim().max(2000).default(''),
  postal: z.string().trim().max(2000).default(''),
});
export type DonationSettings = z.output<typeof donationSettingsSchema>;

/** E-mail about discussions: how often one subscriber gets mail about one article, when the daily digest goes. */
export const notificationSettingsSchema = z.object({
  /** At most one mail per subscriber and article in this many minutes; later comments wait for it. */
  batchMinutes: z.number().int().min(0).max(24 * 60).default(15),
  /** The hour (UTC) of the daily digest for subscribers who chose it. */
  digestHourUtc: z.number().int().min(0).max(23).default(7),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

/** Feeds and search engines: whether feeds carry whole articles or excerpts, and robots.txt. */
export const discoverySettingsSchema = z.object({
  /** Feeds carry each article's full text (else its excerpt: the summary, or the start of the text). */
  feedFullContent: z.boolean().default(true),
  /** robots.txt as served; empty: the default (everything but the admin and the API, and the sitemap's address). */
  robotsTxt: z.string().max(5000).default(''),
});
export type DiscoverySettings = z.output<typeof discoverySettingsSchema>;

export const DEFAULT_COMMENT_PROMPT = 'Would love your thoughts, please comment.';

/** What the default settings take from the spam filter: the shipped model's calibrated threshold. */
export interface SpamFilterDefaults {
  spamThreshold: number;
}

/**
 * The default spam threshold: at or above this spam probability (or the shipped threshold, if higher) a
 * comment is binned; between the shipped threshold and this it is held for a moderator (the hold band).
 * On the benchmark's YouTube sets this sends every legitimate comment the shipped model flags to the
 * queue instead of the bin, and one in five of the spam it flags (docs/spam-filter.md).
 */
export const CONFIDENT_SPAM_THRESHOLD = 0.98;

/** Moderation as a site starts: the schema's defaults, holding from the shipped model's threshold, binning from the confident one. */
export function defaultModerationSettings(spam: SpamFilterDefaults): ModerationSettings {
  return moderationSettingsSchema.parse({
    spamThreshold: Math.max(spam.spamThreshold, CONFIDENT_SPAM_THRESHOLD),
    holdThreshold: spam.spamThreshold,
  });
}

/** The settings a site starts with, before an admin changes anything (from the environment and the spam model). */
export function initialSiteSettings(env: { siteName: string; commentEditWindowMs: number }, spam: SpamFilterDefaults): SiteSettings {
  return {
    siteName: env.siteName, siteDescription: '', logoImageId: null, commentsOpenByDefault: true,
    commentEditWindowMinutes: Math.round(env.commentEditWindowMs / 60_000), moderation: defaultModerationSettings(spam),
    donations: donationSettingsSchema.parse({}), commentPrompt: DEFAULT_COMMENT_PROMPT,
    notifications: notificationSettingsSchema.parse({}), discovery: discoverySettingsSchema.parse({}),
    menus: defaultMenus(),
    timeZone: 'UTC',
  };
}

export const siteSettingsSchema = z.object({
  moderation: moderationSettingsSchema,
  siteName: z.string().trim().min(1).max(80),
  siteDescription: z.string().trim().max(300),
  logoImageId: z.number().int().positive().nullable(),
  commentsOpenByDefault: z.boolean(),
  commentEditWindowMinutes: z.number().int().min(0).max(24 * 60),
  donations: donationSettingsSchema,
  /** The floating invitation to comment on article pages; empty: none. */
  commentPrompt: z.string().trim().max(120),
  notifications: notificationSettingsSchema,
  discovery: discoverySettingsSchema,
  /** The reader pages' header and footer menus. */
  menus: menusSchema,
  /**
   * The site's time zone (IANA name, checked with Intl): the editor's publish date is typed and shown in it, and
   * reader pages show dates in it. The notification digest's hour stays in UTC (notifications.digestHourUtc).
   */
  timeZone: z.string().trim().refine(isTimeZone, 'an IANA time zone name such as Europe/Berlin or America/New_York'),
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;

const KEY = 'site_settings';

/**
 * Stored settings over the defaults, the nested groups key by key: settings saved before a key existed lack
 * it, and the spam thresholds have no schema default (they come from the spam model).
 */
function overDefaults(stored: unknown, defaults: SiteSettings): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const out: Record<string, unknown> = { ...stored };
  for (const group of ['moderation', 'donations', 'notifications', 'discovery', 'menus'] as const) {
    const value = out[group];
    if (typeof value === 'object' && value !== null) out[group] = { ...defaults[group], ...value };
  }
  return out;
}

/**
 * Values kept under their own keys in the settings table (the cookie-signing secret, the first-run
 * set-up code): read from the database on every call, no defaults.
 */
export function createSettingValues(db: Kysely<Database>) {
  return {
    /**
     * A value that is created once and then only read: the first instance to ask creates it, every
     * other one reads that one.
     */
    async valueOnce(key: string, create: () => string): Promise<string> {
      const existing = await repo.readValue(db, key);
      if (existing !== undefined) return existing;
      await repo.insertValueIfAbsent(db, key, create());
      return (await repo.readValue(db, key))!;
    },
    value: (key: string) => repo.readValue(db, key),
    deleteValue: (key: string) => repo.deleteValue(db, key),
  };
}

/**
 * The settings with their keys in the schema's order, as update() saves them: the same values always give
 * the same fingerprint, whether they were just saved, loaded again or are still the defaults.
 */
const inSchemaOrder = (s: SiteSettings): SiteSettings =>
  Object.fromEntries(Object.keys(siteSettingsSchema.shape).map((k) => [k, s[k as keyof SiteSettings]])) as SiteSettings;

export function createSettingsService(deps: { db: Kysely<Database>; events: EventBus; defaults: SiteSettings; refreshMs?: number }) {
  const defaults = inSchemaOrder(deps.defaults);
  const { db, events } = deps;
  const refreshMs = deps.refreshMs ?? 5000;
  let current: SiteSettings = defaults;
  let fingerprint = JSON.stringify(defaults);
  let loadedAt = 0;
  let loading: Promise<void> | undefined;
  /** Another instance saved since the last load began: load again before the next read. */
  let changed = false;

  async function load(): Promise<void> {
    changed = false;
    const stored = await repo.readValue(db, KEY);
    const parsed = stored !== undefined ? siteSettingsSchema.partial().safeParse(overDefaults(JSON.parse(stored), defaults)) : undefined;
    current = inSchemaOrder({ ...defaults, ...(parsed?.success ? parsed.data : {}) });
    fingerprint = JSON.stringify(current);
    loadedAt = Date.now();
  }

  async function refresh(): Promise<SiteSettings> {
    if (changed || Date.now() - loadedAt >= refreshMs) {
      loading ??= load().finally(() => { loading = undefined; });
      await loading;
      // A change announced while that load was reading may not be in it.
      if (changed) {
        loading ??= load().finally(() => { loading = undefined; });
        await loading;
      }
    }
    return current;
  }

  // Saved elsewhere (another instance or worker): loaded again now, not at the next periodic refresh.
  events.on('settings.changed', async (e) => {
    if (e.origin === events.origin) return;
    changed = true;
    await refresh();
  });

  return {
    ...createSettingValues(db),
    /** The settings as last loaded; call refresh() at the start of a request to keep them fresh. */
    get: (): SiteSettings => current,
    /** Changes whenever any setting changes (part of rendered pages' cache keys). */
    fingerprint: (): string => fingerprint,
    /** Whether refresh() would read the settings again (a page answered from memory alone leaves it to one that awaits it). */
    due: (): boolean => changed || Date.now() - loadedAt >= refreshMs,
    refresh,
    /**
     * Saves a change. `alsoInTransaction` runs in the transaction of the save (a module's audit entry of
     * the change): both are stored, or neither.
     */
    async update(patch: Partial<SiteSettings>, alsoInTransaction?: (tx: Transaction<Database>) => Promise<void>): Promise<SiteSettings> {
      const next = siteSettingsSchema.parse({ ...current, ...patch });
      const value = JSON.stringify(next);
      const keys = Object.keys(patch).filter((k) => JSON.stringify(next[k as keyof SiteSettings]) !== JSON.stringify(current[k as keyof SiteSettings]));
      await events.transaction(async ({ tx, emit }) => {
        await repo.writeValue(tx, KEY, value);
        await alsoInTransaction?.(tx);
        await emit('settings.changed', { keys }, SETTINGS_SUBJECT);
      });
      current = inSchemaOrder(next);
      fingerprint = JSON.stringify(current);
      loadedAt = Date.now();
      return next;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
