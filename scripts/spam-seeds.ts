// The hand-written seed comments of the shipped spam model: data/spam-seeds/spam.csv and ham.csv
// (header `topic,text`, RFC 4180 quoting, one comment per row). Row order matters: it picks each
// spam seed's disguise and its cross-validation fold (scripts/build-spam-model.ts).
import path from 'node:path';
import fs from 'node:fs';
import { CsvError, parseCsv } from '../src/modules/moderation/spam/csv.js';

export const SEEDS_DIR = path.resolve(import.meta.dirname, '..', 'data', 'spam-seeds');

export interface Seeds {
  spam: readonly string[];
  ham: readonly string[];
}

export interface SeedComment {
  topic: string;
  text: string;
}

/** The rows of one seed file, in file order; the text exactly as written (no trimming or decoding). */
export function parseSeedFile(input: string): SeedComment[] {
  const [header, ...records] = parseCsv(input);
  if (header?.fields.join(',') !== 'topic,text') throw new CsvError(header?.line ?? 1, 'the header must be "topic,text"');
  return records.map((r) => {
    if (r.fields.length !== 2) throw new CsvError(r.line, `expected 2 fields (topic,text), found ${r.fields.length}`);
    const [topic, text] = r.fields as [string, string];
    if (!text.trim()) throw new CsvError(r.line, 'empty comment');
    return { topic, text };
  });
}

export function readSeedFile(file: string): SeedComment[] {
  try {
    return parseSeedFile(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof CsvError) throw new CsvError(err.line, `${err.message.replace(/^line \d+: /, '')} (${file})`);
    throw err;
  }
}

export function readSeeds(dir = SEEDS_DIR): Seeds {
  const texts = (name: string) => readSeedFile(path.join(dir, name)).map((s) => s.text);
  return { spam: texts('spam.csv'), ham: texts('ham.csv') };
}
