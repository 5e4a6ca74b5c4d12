// `gazette seed --articles N [--comments M] [--append] [--authors K] [--years Y] [--seed S]`: a large made-up
// site in the configured database, for measuring (bench/scale.bench.ts). Articles and comments are written by
// their modules' bulk writers (articles.seedArticles, the comments module's seedComments) in batches, one
// transaction each, with everything derived kept (bylines, revisions, search rows, tag rows, month counts,
// threads); authors are accounts made by accounts.importUser. Content: seed-content.ts. A database that
// already has articles is refused unless --append: seeding adds invented content to whatever is there.
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import type { loadConfig } from '../config.js';
import type { SeedArticle } from '../modules/articles/index.js';
import { createCommentSeed, type SeedComment } from '../modules/comments/index.js';
import { afterBulkLoad } from '../platform/db/after-bulk-load.js';
import { commentShares, madeArticle, madeComment, personOf, randomOf } from './seed-content.js';
import type { CliIo } from './io.js';

type Usage = new (message: string) => Error;

const ARTICLE_BATCH = 1000;
const COMMENT_BATCH = 5000;
const DAY_MS = 86_400_000;

export interface SeedOptions { articles: number; comments: number; append: boolean; authors: number; years: number; seed: number }

function wholeNumber(raw: string | undefined, name: string, def: number | undefined, min: number, max: number, Usage: Usage): number {
  if (raw === undefined) {
    if (def === undefined) throw new Usage(`Missing --${name} <number>.`);
    return def;
  }
  const n = /^[0-9_]{1,12}$/.test(raw) ? Number(raw.replace(/_/g, '')) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Usage(`--${name}: a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}

export function seedOptions(args: string[], Usage: Usage): SeedOptions {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { articles: { type: 'string' }, comments: { type: 'string' }, append: { type: 'boolean' }, authors: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' } },
    }).values;
  } catch (err) {
    throw new Usage((err as Error).message);
  }
  return {
    articles: wholeNumber(v.articles as string | undefined, 'articles', undefined, 1, 10_000_000, Usage),
    comments: wholeNumber(v.comments as string | undefined, 'comments', 0, 0, 100_000_000, Usage),
    append: v.append === true,
    authors: wholeNumber(v.authors as string | undefined, 'authors', 40, 1, 1000, Usage),
    years: wholeNumber(v.years as string | undefined, 'years', 8, 1, 50, Usage),
    seed: wholeNumber(v.seed as string | undefined, 'seed', 1, 0, 2 ** 31, Usage),
  };
}

/** Progress on standard error: a line per step, at most every two seconds (and the last one). */
function progress(what: string, total: number, out: NodeJS.WritableStream) {
  const started = Date.now();
  let last = 0;
  return (done: number) => {
    const now = Date.now();
    if (done < total && now - last < 2000) return;
    last = now;
    const s = (now - started) / 1000;
    out.write(`seed: ${what} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${s.toFixed(1)} s, ${Math.round(done / Math.max(s, 0.001)).toLocaleString('en-US')}/s)\n`);
  };
}

export async function seedCommand(args: string[], config: ReturnType<typeof loadConfig>, Usage: Usage, io: CliIo): Promise<number> {
  const o = seedOptions(args, Usage);
  const gazette = await buildApp({ ...config, demoContent: false }, { logger: false, startJobs: false });
  try {
    const { articles, accounts } = gazette.services;
    const existing = await articles.articleRows();
    if (existing > 0 && !o.append) {
      io.stderr.write(`gazette: this database already has ${existing.toLocaleString('en-US')} articles or pages. Seeding adds made-up content: ` +
        `run it with --append to add it anyway, or point DATABASE_URL at an empty database.\n`);
      return 1;
    }
    const r = randomOf(o.seed);
    const started = Date.now();

    const authorIds: number[] = [];
    for (let k = 0; k < o.authors; k++) {
      const name = personOf(r);
      const { user } = await accounts.importUser({ email: `seed-author-${k + 1}@seed.invalid`, displayName: name, slug: `${name.toLowerCase().normalize('NFKD').replace(/[^a-z]+/g, '-')}-${k + 1}` });
      authorIds.push(user.id);
    }

    // Dates: spread evenly over the years up to now (ids grow with them, as on a real site); 2 % drafts,
    // 0.5 % scheduled within the next 30 days.
    const now = Date.now();
    const span = o.years * 365 * DAY_MS;
    const visible: { id: number; at: number }[] = [];
    const reportArticles = progress('articles', o.articles, io.stderr);
    for (let from = 0; from < o.articles; from += ARTICLE_BATCH) {
      const batch: SeedArticle[] = [];
      const times: (number | null)[] = [];
      for (let i = from; i < Math.min(o.articles, from + ARTICLE_BATCH); i++) {
        const made = madeArticle(r);
        const written = now - span + ((i + r.next()) / o.articles) * span;
        const roll = r.next();
        const at = roll < 0.02 ? null : roll < 0.025 ? now + r.next() * 30 * DAY_MS : written;
        times.push(at);
        const byline = r.next() < 0.1 ? [r.pick(authorIds), r.pick(authorIds)] : [r.pick(authorIds)];
        batch.push({
          ...made, authorIds: byline, status: at === null ? 'draft' : 'published',
          publishedAt: at === null ? null : new Date(at).toISOString(), createdAt: new Date(Math.min(written, now)).toISOString(),
        });
      }
      const ids = await articles.seedArticles(batch);
      ids.forEach((id, i) => { const at = times[i]; if (at !== null && at !== undefined && at <= now) visible.push({ id, at }); });
      reportArticles(Math.min(o.articles, from + ARTICLE_BATCH));
    }

    // Comments on visible articles: shares with a long tail; each comment some hours or days after the article
    // (never in the future); a third answer an earlier comment of the article, mostly a recent one.
    const seeder = createCommentSeed({ db: gazette.db.db, dialect: gazette.db.dialect });
    const shares = commentShares(r, visible.length, visible.length > 0 ? o.comments : 0);
    const reportComments = progress('comments', o.comments, io.stderr);
    let batch: SeedComment[] = [];
    let written = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await seeder.seedComments(batch);
      written += batch.length;
      batch = [];
      reportComments(written);
    };
    for (let a = 0; a < visible.length; a++) {
      const { id, at } = visible[a]!;
      const n = shares[a]!;
      if (n === 0) continue;
      const times = Array.from({ length: n }, () => Math.min(now, at + Math.pow(r.next(), 3) * 14 * DAY_MS)).sort((x, y) => x - y);
      const first = batch.length;
      for (let k = 0; k < n; k++) {
        const reply = k > 0 && r.next() < 0.35;
        const roll = r.next();
        const name = personOf(r);
        batch.push({
          articleId: id, replyTo: reply ? first + Math.max(0, k - 1 - Math.floor(Math.pow(r.next(), 2) * k)) : undefined,
          authorName: name, authorEmail: `reader-${r.int(1, 50_000)}@seed.invalid`, body: madeComment(r),
          status: roll < 0.95 ? 'published' : roll < 0.98 ? 'pending' : 'spam', createdAt: new Date(times[k]!).toISOString(),
        });
      }
      if (batch.length >= COMMENT_BATCH) await flush();
    }
    await flush();
    if (written === 0) reportComments(0);
    io.stderr.write('seed: updating the planner statistics …\n');
    await afterBulkLoad(gazette.db.db, gazette.db.dialect);
    io.stdout.write(`Seeded ${o.articles.toLocaleString('en-US')} articles (${visible.length.toLocaleString('en-US')} visible now) and ` +
      `${written.toLocaleString('en-US')} comments by ${o.authors} authors in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return 0;
  } finally {
    await gazette.close();
  }
}
