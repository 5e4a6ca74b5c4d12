// Real comments for the shipped spam model, read from ../shared/spam-data (SPAM_DATA_DIR overrides it;
// the raw files are never copied into the repository, only the built model is committed):
//  - news ham: civil-comments-toxic-spans.csv (Civil Comments, CC0): ~16k reader comments from news
//    sites, many rude and political, about money, taxes and pay, so these words stop counting as spam;
//  - chat spam: tg-spam-samples-early.txt (tg-spam project, MIT, © 2023 Umputun): the English work-from-
//    home, crypto and "earn $$$ in 2 days" messages.
// The other files are held out to measure the model (bench/spam.bench.ts): the other Civil Comments
// sets (autolabel, scored, sociosim) and tg-spam-samples.txt; training rows that also occur in those
// (same letters and digits) are left out, so a held-out figure is never measured on a training row.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseCsv } from '../src/modules/moderation/spam/csv.js';

export const SPAM_DATA_DIR = process.env.SPAM_DATA_DIR ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'spam-data');

export const NEWS_HAM_TRAIN = 'news-ham/civil-comments-toxic-spans.csv';
export const CHAT_SPAM_TRAIN = 'chat-spam/tg-spam-samples-early.txt';
/** Held out: never trained on (bench/spam.bench.ts measures them). */
export const NEWS_HAM_HELD_OUT = ['news-ham/civil-comments-autolabel-test.csv', 'news-ham/civil-comments-autolabel-seed.csv', 'news-ham/civil-comments-scored.csv', 'news-ham/civil-comments-sociosim.jsonl.gz'];
export const CHAT_SPAM_HELD_OUT = ['chat-spam/tg-spam-samples.txt'];

/** Letters and digits only, lower case: two texts with the same key are the same comment. */
export const dedupeKey = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Mostly Latin letters (the model's normaliser and lexicon are English). */
export const isEnglishLike = (s: string): boolean => {
  const latin = (s.match(/[a-z]/gi) ?? []).length;
  const all = (s.match(/\p{L}/gu) ?? []).length;
  return all > 20 && latin / all > 0.9;
};

function column(file: string, name: string): string[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const i = header?.fields.indexOf(name) ?? -1;
  if (i < 0) throw new Error(`${file}: no column ${name}`);
  return rows.map((r) => r.fields[i] ?? '').filter((t) => t.trim());
}

/** The texts of one source file (CSV column, JSON lines or one message per line). */
export function readSource(rel: string, dir = SPAM_DATA_DIR): string[] {
  const file = path.join(dir, rel);
  if (rel.endsWith('toxic-spans.csv')) return column(file, 'comment_text');
  if (rel.includes('autolabel')) return column(file, 'example');
  if (rel.endsWith('scored.csv')) return column(file, 'text');
  if (rel.endsWith('.jsonl.gz')) {
    return zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
  }
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
}

/** Distinct texts (by dedupeKey) not in `exclude`, in file order; adds their keys to `exclude`. */
export function distinct(texts: readonly string[], exclude: Set<string>): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const k = dedupeKey(t);
    if (!k || exclude.has(k)) continue;
    exclude.add(k);
    out.push(t);
  }
  return out;
}

export interface CommentSources {
  newsHam: string[];
  chatSpam: string[];
}

/** The training comments (see the header), or a clear error when the data folder is missing. */
export function loadCommentSources(dir = SPAM_DATA_DIR): CommentSources {
  if (!fs.existsSync(path.join(dir, NEWS_HAM_TRAIN)) || !fs.existsSync(path.join(dir, CHAT_SPAM_TRAIN))) {
    throw new Error(`The model build reads ${NEWS_HAM_TRAIN} and ${CHAT_SPAM_TRAIN} from ${dir} (set SPAM_DATA_DIR).`);
  }
  const heldOut = new Set<string>();
  for (const rel of [...NEWS_HAM_HELD_OUT, ...CHAT_SPAM_HELD_OUT]) {
    if (fs.existsSync(path.join(dir, rel))) for (const t of readSource(rel, dir)) heldOut.add(dedupeKey(t));
  }
  return {
    newsHam: distinct(readSource(NEWS_HAM_TRAIN, dir), new Set(heldOut)),
    chatSpam: distinct(readSource(CHAT_SPAM_TRAIN, dir).filter(isEnglishLike), new Set(heldOut)),
  };
}
