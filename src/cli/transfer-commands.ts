// `gazette import wordpress|disqus`, `gazette export`, `gazette backup|restore` (the transfer module's
// commands; run.ts dispatches here). The imports build the whole app without listening (no job runner:
// the server's runner delivers what they queue), so they write through the same services as the site.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { MAX_IMAGE_BYTES } from '../modules/articles/index.js';
import { BackupError, backupDatabase, formatSummary, mediaSource, progressBar, restoreDatabase, XmlError } from '../modules/transfer/index.js';
import type { CliIo } from './io.js';

/** A mistake of the person typing the command (exit code 2); run.ts passes its own class in. */
type Usage = new (message: string) => Error;

function options<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T, Usage: Usage) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options: spec }).values as { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };
  } catch (err) {
    throw new Usage((err as Error).message);
  }
}

function readFile(file: string | undefined, Usage: Usage): string {
  if (!file) throw new Usage('Missing --file <export.xml>.');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Usage(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function importCommand(args: string[], config: ReturnType<typeof loadConfig>, Usage: Usage, io: CliIo): Promise<number> {
  const [source, ...rest] = args;
  if (source !== 'wordpress' && source !== 'disqus') throw new Usage(`Unknown import source "${source ?? ''}" (wordpress or disqus).`);
  const values = options(rest, { file: { type: 'string' }, 'media-from': { type: 'string' } }, Usage);
  const xml = readFile(values.file, Usage);
  const mediaFrom = values['media-from'];
  if (source === 'disqus' && mediaFrom !== undefined) throw new Usage('--media-from is for WordPress imports.');
  if (mediaFrom !== undefined && !/^https?:\/\//i.test(mediaFrom) && !fs.existsSync(mediaFrom)) throw new Usage(`--media-from ${mediaFrom}: no such folder (or give an http(s) address).`);
  const gazette = await buildApp({ ...config, demoContent: false }, { logger: false, startJobs: false });
  try {
    const summary = source === 'disqus'
      ? await gazette.services.transfer.importDisqus(xml)
      : await gazette.services.transfer.importWordPress(xml, {
        media: mediaFrom ? mediaSource(mediaFrom, MAX_IMAGE_BYTES) : undefined,
        progress: progressBar(io.stderr),
      });
    io.stdout.write(formatSummary(summary));
    return 0;
  } catch (err) {
    if (err instanceof XmlError) throw new Usage(`${values.file}: ${err.message}`);
    throw err;
  } finally {
    await gazette.close();
  }
}

export async function exportCommand(args: string[], config: ReturnType<typeof loadConfig>, Usage: Usage, io: CliIo): Promise<number> {
  const values = options(args, { file: { type: 'string' } }, Usage);
  const gazette = await buildApp({ ...config, demoContent: false }, { logger: false, startJobs: false });
  try {
    const xml = await gazette.services.transfer.exportWxr({ name: gazette.services.settings.get().siteName, baseUrl: config.baseUrl });
    if (values.file) {
      fs.writeFileSync(values.file, xml, { mode: 0o600 });
      io.stderr.write(`Wrote ${values.file} (${xml.length} characters). It holds commenters' e-mail addresses: keep it private.\n`);
    } else {
      io.stdout.write(xml);
    }
    return 0;
  } finally {
    await gazette.close();
  }
}

/** backup --file <x> | restore --file <x> [--force] (modules/transfer/backup.ts says what each does). */
export async function backupCommand(which: 'backup' | 'restore', args: string[], config: ReturnType<typeof loadConfig>, Usage: Usage, io: CliIo): Promise<number> {
  const values = options(args, { file: { type: 'string' }, force: { type: 'boolean' } }, Usage);
  if (!values.file) throw new Usage(`Missing --file <${which === 'backup' ? 'new backup file' : 'backup file'}>.`);
  if (which === 'backup' && values.force) throw new Usage('--force is for restore.');
  try {
    if (which === 'backup') {
      await backupDatabase(config.databaseUrl, values.file);
      io.stdout.write(`Backed up the database to ${values.file}. Uploaded images are in ${config.mediaDir}: copy that folder too.\n`);
    } else {
      await restoreDatabase(config.databaseUrl, values.file, { force: values.force });
      io.stdout.write(`Restored the database from ${values.file}. Start the server: it brings an older backup up to the current schema.\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      io.stderr.write(`gazette: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
