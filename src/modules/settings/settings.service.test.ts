// Site settings in the database: a site starts from the defaults (environment, and the spam model's
// threshold passed in), and settings stored before a key existed still load, the missing keys taking
// the defaults.
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/schema.js';
import { dialects, freshDatabase } from '../../../test/helpers/test-app.js';
import { createDb, type Db } from '../../platform/db/database.js';
import { migrateToLatest } from '../../migrations/index.js';
import { createEventBus, type EventBus } from '../../platform/events/event-bus.js';
import { createJobRunner } from '../../platform/jobs/jobs.js';
import { systemClock } from '../../platform/clock.js';
import { CONFIDENT_SPAM_THRESHOLD, createSettingsService, defaultModerationSettings, initialSiteSettings } from './settings.service.js';

describe.each(dialects())('site settings on %s', (dialect) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    db = createDb(fresh.url);
    await migrateToLatest(db);
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  /** The event bus of one instance (its own origin), as app.ts gives the settings service. */
  const busOf = (): EventBus => createEventBus({ db, clock: systemClock, jobs: createJobRunner({ db: db.db, dialect: db.dialect, clock: systemClock }) });
  const spamThreshold = 0.912;
  const defaults = initialSiteSettings({ siteName: 'The Test Gazette', commentEditWindowMs: 15 * 60_000 }, { spamThreshold });
  const store = async (value: unknown) => {
    await db.db.deleteFrom('settings').where('key', '=', 'site_settings').execute();
    await db.db.insertInto('settings').values({ key: 'site_settings', value: JSON.stringify(value) }).execute();
  };
  const loaded = async () => createSettingsService({ db: db.db, events: busOf(), defaults, refreshMs: 0 }).refresh();

  it("starts holding at the spam model's threshold and binning at the confident one, the rest from the schema", async () => {
    expect(defaults.moderation).toEqual(defaultModerationSettings({ spamThreshold }));
    expect(defaults.moderation).toMatchObject({ spamThreshold: Math.max(spamThreshold, CONFIDENT_SPAM_THRESHOLD), holdThreshold: spamThreshold, policy: 'none', reportsToHold: 3 });
    expect(await loaded()).toEqual(defaults);
  });

  it('loads settings saved without the thresholds (or other newer keys): those take the defaults', async () => {
    await store({ siteName: 'Older Gazette', moderation: { policy: 'all', maxLinks: 1 } });
    const s = await loaded();
    expect(s.siteName).toBe('Older Gazette');
    expect(s.commentEditWindowMinutes).toBe(15);
    expect(s.moderation).toEqual({ ...defaults.moderation, policy: 'all', maxLinks: 1 });
    await store({ siteName: 'Older Gazette' });
    expect((await loaded()).moderation).toEqual(defaults.moderation);
  });

  it('keeps thresholds that were saved', async () => {
    await store({ moderation: { spamThreshold: 0.95, holdThreshold: 0.7 } });
    expect((await loaded()).moderation).toEqual({ ...defaults.moderation, spamThreshold: 0.95, holdThreshold: 0.7 });
  });

  it('saves what update() is given, and another instance loads the same', async () => {
    await db.db.deleteFrom('settings').where('key', '=', 'site_settings').execute();
    const service = createSettingsService({ db: db.db, events: busOf(), defaults, refreshMs: 0 });
    await service.refresh();
    const moderation = { ...service.get().moderation, holdThreshold: 0.6 };
    await service.update({ siteName: 'Renamed', moderation });
    expect(await loaded()).toEqual({ ...defaults, siteName: 'Renamed', moderation });
  });

  it('keeps the fingerprint when it reloads what it saved (a refresh changes nothing, not even the key order)', async () => {
    await db.db.deleteFrom('settings').where('key', '=', 'site_settings').execute();
    const service = createSettingsService({ db: db.db, events: busOf(), defaults, refreshMs: 0 });
    await service.update({ siteName: 'Saved', moderation: { ...defaults.moderation, maxLinks: 1 } });
    const saved = { fingerprint: service.fingerprint(), settings: JSON.stringify(service.get()) };
    await service.refresh();
    expect({ fingerprint: service.fingerprint(), settings: JSON.stringify(service.get()) }).toEqual(saved);
  });

  it('keeps the fingerprint when saved settings are loaded again: only a change of a value changes it', async () => {
    await db.db.deleteFrom('settings').where('key', '=', 'site_settings').execute();
    const service = createSettingsService({ db: db.db, events: busOf(), defaults, refreshMs: 0 });
    const initial = service.fingerprint();
    await service.refresh();
    expect(service.fingerprint()).toBe(initial);
    await service.update({ siteName: 'Renamed once more' });
    const saved = service.fingerprint();
    expect(saved).not.toBe(initial);
    // Before, a reload put the keys in another order: a new fingerprint (cache key) and a different JSON for the same values.
    await service.refresh();
    expect(service.fingerprint()).toBe(saved);
    expect(JSON.stringify(service.get())).toBe(saved);
    await service.update({ siteName: defaults.siteName });
    expect(service.fingerprint()).toBe(initial);
  });

  it('saves a change and what runs with it (an audit entry) together, or neither', async () => {
    await store({ siteName: 'Before the change' });
    const service = createSettingsService({ db: db.db, events: busOf(), defaults, refreshMs: 0 });
    await service.refresh();
    const audit = (detail: string) => db.db.selectFrom('moderation_log').select('detail').where('detail', '=', detail).execute();
    const logIn = (detail: string) => async (tx: Transaction<Database>) => {
      await tx.insertInto('moderation_log').values({ actor: 'Ada', action: 'settings', comment_id: null, detail, created_at: new Date().toISOString() }).execute();
    };
    await service.update({ siteName: 'Changed with its entry' }, logIn('entry one'));
    expect(await audit('entry one')).toHaveLength(1);
    expect((await loaded()).siteName).toBe('Changed with its entry');

    const failing = async (tx: Transaction<Database>) => { await logIn('entry two')(tx); throw new Error('the audit entry could not be written'); };
    await expect(service.update({ siteName: 'Changed without an entry' }, failing)).rejects.toThrow('could not be written');
    expect(await audit('entry two')).toEqual([]);
    expect((await loaded()).siteName).toBe('Changed with its entry');
    expect(service.get().siteName).toBe('Changed with its entry');
  });

  it('announces a save, and another instance loads the settings when the event reaches it, not at its next refresh', async () => {
    await db.db.deleteFrom('settings').where('key', '=', 'site_settings').execute();
    const [busA, busB] = [busOf(), busOf()];
    await busA.start();
    await busB.start();
    try {
      const hour = 3600_000; // the periodic refresh never comes during the test
      const a = createSettingsService({ db: db.db, events: busA, defaults, refreshMs: hour });
      const b = createSettingsService({ db: db.db, events: busB, defaults, refreshMs: hour });
      await a.refresh();
      await b.refresh();
      const before = b.fingerprint();
      const menus = { ...defaults.menus, header: [{ label: 'Elections', url: '/tags/elections' }] };
      await a.update({ siteName: 'Announced', menus });
      expect(b.get().siteName).toBe(defaults.siteName);
      await busB.catchUp(); // what NOTIFY, the cluster's nudge or the poll would do
      expect(b.get().siteName).toBe('Announced');
      expect(b.get().menus).toEqual(menus);
      expect(b.fingerprint()).toBe(a.fingerprint());
      expect(b.fingerprint()).not.toBe(before);
      const [event] = (await busA.history('settings', 0, 10)).slice(-1);
      expect(event).toMatchObject({ type: 'settings.changed', payload: { keys: ['siteName', 'menus'] } });
    } finally {
      await busA.stop();
      await busB.stop();
    }
  });
});
