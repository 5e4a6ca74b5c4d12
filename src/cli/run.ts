// The gazette command's work (gazette.ts, its entry point, documents the commands): runGazette(argv, io) runs
// one command with the given streams and environment and returns its exit code, so a test can run a command
// in its own process as well as through the entry point.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../platform/db/database.js';
import { migrateToLatest } from '../migrations/index.js';
import { systemClock } from '../platform/clock.js';
import { AppError } from '../platform/http/errors.js';
import { createJobRunner } from '../platform/jobs/jobs.js';
import { createMailer } from '../platform/mail/mailer.js';
import { createEventBus } from '../platform/events/event-bus.js';
import { createAccountsService, PASSWORD_MIN } from '../modules/accounts/index.js';
import { createFirstRun } from '../modules/accounts/index.js';
import { countActive } from '../modules/accounts/index.js';
import { CONFIDENT_SPAM_THRESHOLD, createSettingsService, createSettingValues, initialSiteSettings } from '../modules/settings/index.js';
import { createSpamLearner } from '../modules/moderation/index.js';
import { CsvError, readLabelled } from '../modules/moderation/index.js';
import { classifierStops, evaluate } from '../modules/moderation/index.js';
import { backupCommand, exportCommand, importCommand } from './transfer-commands.js';
import { seedCommand } from './seed-command.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: npm run gazette -- <command>

Commands:
  create-admin --email <e-mail> [--name <name>]
      Create an admin account. The password is read from GAZETTE_ADMIN_PASSWORD,
      or asked for on the terminal (at least ${PASSWORD_MIN} characters).

  setup-url
      Print the address that creates the first admin (with the one-time set-up
      code the server logs at start).

  spam train --file <labelled.csv>
      Teach this site's spam filter a labelled history, and set the site's spam and
      hold thresholds to the threshold calibrated on it (at most 1 % of legitimate
      comments flagged in cross-validation; never below the shipped default).
  spam eval --file <labelled.csv> [--json]
      Measure this site's spam filter at the site's spam threshold: precision, recall,
      F1, false-positive rate (--json: the figures plus one verdict per row).

  The CSV has a header row; the text column is "text" or "CONTENT", the label column
  "label" or "CLASS", with spam/ham or 1/0.

  import wordpress --file <export.xml> [--media-from <folder or base URL>]
      Bring in a WordPress export (Tools → Export): posts, pages, tags, authors
      (without passwords), comments, and the images found under --media-from (a copy
      of wp-content/uploads, or the old site's address). Old addresses answer 301.
      Running it again adds nothing twice.
  import disqus --file <export.xml>
      Bring in a Disqus export's comments (threads matched to articles by their
      address; spam flagged, deleted ones skipped).
  export [--file <out.xml>]
      Write the site as a WordPress export (WXR 1.2): articles, pages, tags, authors
      and comments (with commenters' e-mail addresses: keep the file private).

  backup --file <new file>
      Copy the whole database: SQLite's online backup (the server may keep running),
      or pg_dump for PostgreSQL. Uploaded images (MEDIA_DIR) are not in it: copy them too.
  restore --file <backup> [--force]
      Replace the database with a backup. Stop the server first; a database that holds
      a site is replaced only with --force.

  seed --articles <N> [--comments <M>] [--append] [--authors <K>] [--years <Y>] [--seed <S>]
      Fill the database with a made-up site for measuring: N articles over Y years
      (default 8) by K authors (default 40), M comments spread over them with a long
      tail, a third of them replies. Refuses a database that has articles unless
      --append. The same --seed (default 1) makes the same site.

Configuration (DATABASE_URL, ...) comes from the same environment variables as the server.
`;

const PASSWORD_MAX = 200;

/** A mistake of the person typing the command: exit code 2. */
class UsageError extends Error {}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string, io: CliIo): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY) {
    return Promise.reject(new UsageError('No password: set GAZETTE_ADMIN_PASSWORD or run the command in a terminal to be asked for one.'));
  }
  stderr.write(question);
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (err) reject(err); else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new Error('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env.GAZETTE_ADMIN_PASSWORD;
  const password = fromEnv ? fromEnv : await promptHidden('Password for the new admin: ', io);
  if (password.length < PASSWORD_MIN) throw new UsageError(`The password must be at least ${PASSWORD_MIN} characters long.`);
  if (password.length > PASSWORD_MAX) throw new UsageError(`The password must be at most ${PASSWORD_MAX} characters long.`);
  if (!fromEnv && (await promptHidden('Repeat the password: ', io)) !== password) throw new UsageError('The two passwords are not the same.');
  return password;
}

async function createAdmin(args: string[], io: CliIo): Promise<number> {
  let values: { email?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args, allowPositionals: false, strict: true,
      options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.email) throw new UsageError('Missing --email <e-mail>.');
  // Deliberately lenient (an intranet address such as admin@newsroom is fine): one @, no spaces.
  const email = values.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new UsageError(`"${values.email}" is not a valid e-mail address.`);
  const name = (values.name ?? email.split('@')[0]!).trim();
  if (name.length < 1 || name.length > 80) throw new UsageError('The name must be 1 to 80 characters long.');

  const config = configOrUsage(io.env);
  const password = await readPassword(io);

  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db);
    // Creating an account sends no mail; the service needs a mailer all the same. Queued mail would be
    // delivered by the server's job runner, so this one is never started and has no transport.
    const jobs = createJobRunner({ db: db.db, dialect: db.dialect, clock: systemClock });
    const mailer = createMailer({
      db: db.db, jobs, clock: systemClock, smtpUrl: undefined, from: config.mailFrom,
      retryForMs: config.mailRetryForMs, messageIdHost: new URL(config.baseUrl).hostname,
    });
    const events = createEventBus({ db, clock: systemClock, jobs });
    const accounts = createAccountsService({ db: db.db, events, clock: systemClock, mailer, baseUrl: config.baseUrl, siteName: () => config.siteName });
    const user = await accounts.createUser({ email, password, displayName: name, role: 'admin' });
    await firstRunOf(db, config, accounts).complete();
    io.stdout.write(`Created admin "${user.display_name}" <${user.email}>. Sign in at ${config.baseUrl}/login\n`);
    return 0;
  } finally {
    await db.close();
  }
}

function firstRunOf(db: ReturnType<typeof createDb>, config: ReturnType<typeof loadConfig>, accounts: { countAdmins(): Promise<number> }) {
  return createFirstRun({ values: createSettingValues(db.db), countAdmins: () => accounts.countAdmins(), baseUrl: config.baseUrl });
}

async function setupUrl(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError(`setup-url takes no arguments (got "${args.join(' ')}").`);
  const config = configOrUsage(io.env);
  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const url = await firstRunOf(db, config, { countAdmins: () => countActive(db.db, 'admin') }).setupUrl();
    if (!url) {
      io.stderr.write(`gazette: this site already has an admin; sign in at ${config.baseUrl}/login\n`);
      return 1;
    }
    io.stdout.write(`${url}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

function configOrUsage(env: CliIo['env']) {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

async function spam(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'train' && sub !== 'eval') throw new UsageError(`Unknown spam command "${sub ?? ''}" (train or eval).`);
  let values: { file?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, strict: true, options: { file: { type: 'string' }, json: { type: 'boolean' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.file) throw new UsageError('Missing --file <labelled.csv>.');
  if (values.json && sub === 'train') throw new UsageError('--json is for spam eval.');
  let rows;
  try {
    rows = readLabelled(values.file);
  } catch (err) {
    if (err instanceof CsvError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError((err as Error).message);
    throw err;
  }
  if (rows.length === 0) throw new UsageError(`${values.file} has no rows after the header.`);
  const config = configOrUsage(io.env);
  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const learner = await createSpamLearner({ db: db.db, clock: systemClock });
    // The save is announced like the admin page's: running servers load the new thresholds at once.
    const events = createEventBus({ db, clock: systemClock, jobs: createJobRunner({ db: db.db, dialect: db.dialect, clock: systemClock }) });
    const settings = createSettingsService({ db: db.db, events, defaults: initialSiteSettings(config, { spamThreshold: learner.defaultThreshold }) });
    if (sub === 'train') {
      await learner.learnMany(rows, `import:${path.basename(values.file)}`);
      const spamRows = rows.filter((r) => r.label === 'spam').length;
      io.stdout.write(`Learned ${rows.length} comments (${spamRows} spam, ${rows.length - spamRows} ham); the filter now knows ${learner.examples()} site examples.\n`);
      // The site's thresholds, calibrated on every batch it has learned (≤ 1 % held-out false
      // positives): binned only from the confident threshold up (or the calibrated one, never below the
      // shipped default, if higher: the hold band of the defaults stays); held for a moderator from the
      // hold threshold, calibrated as the classifier stage decides (comments that offer a way to act).
      const variant = learner.siteVariant();
      const threshold = Math.max(learner.defaultThreshold, variant.threshold);
      const spamThreshold = Math.max(threshold, CONFIDENT_SPAM_THRESHOLD);
      const holdThreshold = Math.min(spamThreshold, variant.holdThreshold);
      const { hamEvidenceLimit } = variant;
      const current = await settings.refresh();
      await settings.update({ moderation: { ...current.moderation, spamThreshold, holdThreshold, hamEvidenceLimit } });
      io.stdout.write(`Threshold for this site: ${holdThreshold} (calibrated on its learned examples; shipped default ${learner.defaultThreshold}); saved as the moderation hold threshold, with comments from ${spamThreshold} marked spam.\n`);
      io.stdout.write(`Ham-ward evidence counted: ${hamEvidenceLimit === null ? 'all of it' : `the ${hamEvidenceLimit} strongest tokens`} (chosen by cross-validation on the learned examples).\n`);
      return 0;
    }
    const moderation = (await settings.refresh()).moderation;
    const threshold = moderation.holdThreshold;
    const site = { score: (text: string) => learner.classifier().score(text, 0, { hamEvidenceLimit: moderation.hamEvidenceLimit }) };
    const e = evaluate(site, rows, threshold, (text, p) => classifierStops(text, p, moderation));
    if (values.json) {
      io.stdout.write(JSON.stringify({
        file: values.file, rows: rows.length, threshold, precision: e.precision, recall: e.recall, f1: e.f1,
        falsePositiveRate: e.falsePositiveRate, accuracy: e.accuracy, confusion: e.confusion,
        verdicts: e.verdicts.map((v, i) => ({ line: rows[i]!.line, label: v.label, predicted: v.predicted, spamProbability: Number(v.spamProbability.toFixed(6)) })),
      }, null, 2) + '\n');
      return 0;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    io.stdout.write([
      `${values.file}: ${rows.length} comments, hold threshold ${threshold}`,
      `precision            ${e.precision.toFixed(3)}`,
      `recall               ${e.recall.toFixed(3)}`,
      `F1                   ${e.f1.toFixed(3)}`,
      `false-positive rate  ${pct(e.falsePositiveRate)}  (${e.confusion.fp} of ${e.confusion.fp + e.confusion.tn} legitimate comments flagged)`,
      `missed spam          ${e.confusion.fn} of ${e.confusion.tp + e.confusion.fn}`,
      '',
    ].join('\n'));
    return 0;
  } finally {
    await db.close();
  }
}

/** Runs the command `argv` names (`gazette.ts` passes the process's arguments, streams and environment); returns the exit code. */
export async function runGazette(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create-admin':
        return await createAdmin(rest, io);
      case 'setup-url':
        return await setupUrl(rest, io);
      case 'spam':
        return await spam(rest, io);
      case 'import':
        return await importCommand(rest, configOrUsage(io.env), UsageError, io);
      case 'export':
        return await exportCommand(rest, configOrUsage(io.env), UsageError, io);
      case 'backup': case 'restore':
        return await backupCommand(command, rest, configOrUsage(io.env), UsageError, io);
      case 'seed':
        return await seedCommand(rest, configOrUsage(io.env), UsageError, io);
      case 'help': case '--help': case '-h':
        io.stdout.write(USAGE);
        return 0;
      case undefined:
        io.stderr.write(USAGE);
        return 2;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`gazette: ${err.message}\nRun "npm run gazette -- help" for usage.\n`);
      return 2;
    }
    if (err instanceof AppError) {
      io.stderr.write(`gazette: ${err.message}.\n`);
      return 1;
    }
    io.stderr.write(`gazette: ${command} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

