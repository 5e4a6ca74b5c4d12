// Backup and restore of the whole database: SQLite's online backup taken while the app runs, restored over a
// changed site (refused without force), and PostgreSQL through pg_dump / pg_restore on the local server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, createArticle, dialects, freshDatabase, type TestApp } from '../../../test/helpers/test-app.js';
import { BackupError, backupDatabase, restoreDatabase } from './backup.js';

const slugs = async (t: TestApp) => (await t.db.db.selectFrom('articles').select('slug').orderBy('slug').execute()).map((r) => r.slug);

describe('backup and restore (sqlite)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => { for (const t of apps) { await t.close(); await t.dropDatabase(); } });

  it('backs up a running site, refuses to restore over a site without force, and restores it with force', async () => {
    const t = await buildTestApp({ dialect: 'sqlite' });
    apps.push(t);
    await createArticle(t, { title: 'Kept', slug: 'kept' });
    const file = path.join(path.dirname(t.config.mediaDir), 'site.backup');
    await backupDatabase(t.databaseUrl, file); // while the app holds the database open
    await expect(backupDatabase(t.databaseUrl, file)).rejects.toThrow(/exists already/);
    await createArticle(t, { title: 'Written after the backup', slug: 'later' });
    expect(await slugs(t)).toEqual(['kept', 'later']);
    await t.close();

    await expect(restoreDatabase(t.databaseUrl, file)).rejects.toThrow(BackupError);
    await restoreDatabase(t.databaseUrl, file, { force: true });
    const again = await buildTestApp({ dialect: 'sqlite', env: { DATABASE_URL: t.databaseUrl } });
    apps.push(again);
    expect(await slugs(again)).toEqual(['kept']);
    expect((await again.app.inject({ method: 'GET', url: '/articles/kept' })).statusCode).toBe(200);
  });

  it('restores into an empty place without force, and refuses a file that is not a Gazette database', async () => {
    const t = await buildTestApp({ dialect: 'sqlite' });
    apps.push(t);
    await createArticle(t, { title: 'Moved', slug: 'moved' });
    const dir = path.dirname(t.config.mediaDir);
    const file = path.join(dir, 'moved.backup');
    await backupDatabase(t.databaseUrl, file);
    const empty = await freshDatabase('sqlite');
    await restoreDatabase(empty.url, file);
    const moved = await buildTestApp({ dialect: 'sqlite', env: { DATABASE_URL: empty.url } });
    apps.push(moved);
    expect(await slugs(moved)).toEqual(['moved']);
    await empty.drop();

    const junk = path.join(dir, 'junk.backup');
    fs.writeFileSync(junk, 'not a database at all, just some text that is long enough to be read');
    await expect(restoreDatabase(t.databaseUrl, junk, { force: true })).rejects.toThrow(/not a SQLite database|cannot be restored/);
    await expect(restoreDatabase(t.databaseUrl, path.join(dir, 'missing'), { force: true })).rejects.toThrow(/no backup/);
  });
});

describe.skipIf(!dialects().includes('postgres'))('backup and restore (postgres, pg_dump and pg_restore)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => { for (const t of apps) { await t.close(); await t.dropDatabase(); } });

  it('dumps a site and restores it into another database; a database with a site needs force', async () => {
    const t = await buildTestApp({ dialect: 'postgres' });
    apps.push(t);
    await createArticle(t, { title: 'On PostgreSQL', slug: 'on-postgres' });
    const file = path.join(path.dirname(t.config.mediaDir), 'pg.backup');
    await backupDatabase(t.databaseUrl, file);
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    const other = await buildTestApp({ dialect: 'postgres' });
    apps.push(other);
    await createArticle(other, { title: 'Replaced', slug: 'replaced' });
    await expect(restoreDatabase(other.databaseUrl, file)).rejects.toThrow(/--force/);
    await other.close();
    await restoreDatabase(other.databaseUrl, file, { force: true });
    const restored = await buildTestApp({ dialect: 'postgres', env: { DATABASE_URL: other.databaseUrl } });
    apps.push(restored);
    expect(await slugs(restored)).toEqual(['on-postgres']);
  });
});
