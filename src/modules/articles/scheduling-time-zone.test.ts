// Scheduling in the site's time zone: an admin sets the zone (checked), the editor reads and shows the publish
// date in it (a daylight-saving night included), reader pages show dates in it, and a scheduled article stays
// off the site until its time comes on the injected clock. On every dialect.
import { beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestApp } from '../../../test/helpers/test-app.js';
import { articleAdminSuite, type Session } from './articles.admin.test-kit.js';

describe.each(dialects())('scheduling in the site\'s time zone on %s', (dialect) => {
  const kit = articleAdminSuite(dialect);
  const { get, post, createVia, formOf, publicPage, home } = kit;
  let t: TestApp;
  let editor: Session;
  let owner: Session;
  beforeAll(async () => {
    ({ t, editor } = kit);
    owner = await kit.session('admin', 'Olga Owner');
  });
  const saveSettings = (timeZone: string) => post(owner, '/admin/settings', {
    siteName: 'The Test Gazette', siteDescription: '', commentsOpenByDefault: '1', commentEditWindowMinutes: 15, timeZone,
  });

  it('refuses a zone Intl does not know, beside the field, and keeps the current one', async () => {
    const res = await saveSettings('Mars/Olympus');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('IANA time zone name');
    expect(t.services.settings.get().timeZone).toBe('UTC');
    expect((await saveSettings('Europe/Berlin')).statusCode).toBe(303);
    expect(t.services.settings.get().timeZone).toBe('Europe/Berlin');
    expect((await get(owner, '/admin/settings')).body).toContain('value="Europe/Berlin"');
  });

  it('schedules at a wall-clock time in the zone, shows it back in the zone, and publishes it when the time comes', async () => {
    await t.services.settings.update({ timeZone: 'Europe/Berlin' });
    // The clock stands at 2026-03-14 12:00 UTC (13:00 in Berlin, winter time). 2026-03-29 03:30 Berlin is
    // summer time already (clocks went forward at 02:00): 01:30 UTC.
    const id = await createVia(editor, { title: 'Night of the clock change', slug: 'clock-change' });
    const res = await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), publishedAt: '2026-03-29T03:30', intent: 'schedule' });
    expect(res.statusCode).toBe(303);
    const a = await t.services.articles.getById(id);
    expect(a.publishedAt).toBe('2026-03-29T01:30:00.000Z');
    const page = (await get(editor, `/admin/articles/${id}?notice=scheduled`)).body;
    expect(page).toContain('name="publishedAt" value="2026-03-29T03:30"');
    expect(page).toContain('Publish date and time, in Europe/Berlin');
    expect(page).toMatch(/Scheduled for March 29, 2026(,| at) 3:30\sAM GMT\+2\./);

    // Hidden until its time on the injected clock, then on the site, dated in the site's zone.
    expect((await publicPage('clock-change')).statusCode).toBe(404);
    expect(await home()).not.toContain('clock-change');
    kit.clock.advance(Date.parse('2026-03-29T01:29:00Z') - kit.clock.now().getTime());
    expect((await publicPage('clock-change')).statusCode).toBe(404);
    kit.clock.advance(60_000);
    const live = await publicPage('clock-change');
    expect(live.statusCode).toBe(200);
    expect(live.body).toMatch(/<time datetime="2026-03-29T01:30:00.000Z" title="March 29, 2026(,| at) 3:30\sAM GMT\+2">March 29, 2026<\/time>/);
    expect(await home()).toContain('href="/articles/clock-change"');
  });

  it('shows a date near midnight on the day it is in the zone', async () => {
    await t.services.settings.update({ timeZone: 'America/New_York' });
    const id = await createVia(editor, { title: 'Late edition', slug: 'late-edition' });
    // 23:30 in New York on 1 March is 04:30 UTC on 2 March.
    await post(editor, `/admin/articles/${id}`, { ...(await formOf(editor, id)), publishedAt: '2026-03-01T23:30', intent: 'publish' });
    expect((await t.services.articles.getById(id)).publishedAt).toBe('2026-03-02T04:30:00.000Z');
    expect((await publicPage('late-edition')).body).toMatch(/<time datetime="2026-03-02T04:30:00.000Z" title="[^"]+">March 1, 2026<\/time>/);
    await t.services.settings.update({ timeZone: 'UTC' });
    expect((await publicPage('late-edition')).body).toMatch(/<time datetime="2026-03-02T04:30:00.000Z" title="[^"]+">March 2, 2026<\/time>/);
  });
});
