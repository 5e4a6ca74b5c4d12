// `npm run gazette -- import wordpress / export / backup / restore` on a real database file, as a site owner would
// run them: the first import through the entry point in a process of its own, the rest in this process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/helpers/test-app.js';
import { gazette, gazetteProcess } from '../../test/helpers/gazette-cli.js';

const FIXTURE = 'test/fixtures/wordpress/harbour-gazette.xml';

describe('import wordpress command', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  it('imports a WXR file with a summary, adds nothing the second time, exports, backs up and restores, and answers bad usage with exit code 2', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const env = { DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media') };

    const run = gazetteProcess(['import', 'wordpress', '--file', FIXTURE], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/posts\s+3 new/);
    expect(run.stdout).toMatch(/comments\s+6 new/);
    expect(run.stdout).toContain('image: no --media-from given (1: 30)');
    expect(run.stdout).toContain('posts: status "trash" (1: 13)');
    expect(run.stderr).toBe(''); // no progress bar when stderr is not a terminal

    const again = await gazette(['import', 'wordpress', '--file', FIXTURE], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/posts\s+0 new, 3 already here/);
    expect(again.stdout).toMatch(/comments\s+0 new, 6 already here/);

    const disqus = await gazette(['import', 'disqus', '--file', 'test/fixtures/disqus/harbour-comments.xml'], env);
    expect(disqus.code, disqus.stderr).toBe(0);
    expect(disqus.stdout).toMatch(/Imported from Disqus:\n {2}threads\s+1 new/); // market-2 is not here: the slug "market" was free
    expect(disqus.stdout).toMatch(/comments\s+5 new/);

    const notXml = path.join(db.dir, 'notes.xml');
    fs.writeFileSync(notXml, '<notes><note>hi</note></notes>');
    const bad = await gazette(['import', 'wordpress', '--file', notXml], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Not a WordPress export');
    expect(await gazette(['import', 'wordpress'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Missing --file') });
    expect((await gazette(['import', 'wordpress', '--file', path.join(db.dir, 'nope.xml')], env)).code).toBe(2);
    expect((await gazette(['import', 'blogger', '--file', FIXTURE], env)).code).toBe(2);

    // Out again: an export file, a backup, a restore that needs --force over a site
    const out = path.join(db.dir, 'site.xml');
    const exported = await gazette(['export', '--file', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<wp:post_name><![CDATA[ferry-vote]]></wp:post_name>');
    const backupFile = path.join(db.dir, 'site.backup');
    const backup = await gazette(['backup', '--file', backupFile], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('copy that folder too');
    expect(await gazette(['backup', '--file', backupFile], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
    expect(await gazette(['restore', '--file', backupFile], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('--force') });
    expect((await gazette(['restore', '--file', backupFile, '--force'], env)).code).toBe(0);
    expect((await gazette(['restore'], env)).code).toBe(2);
  }, 180_000);
});
