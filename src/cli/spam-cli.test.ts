// `npm run gazette -- spam train|eval` on a real database file, as a site owner would run it: a broken file
// through the entry point in a process of its own, the rest in this process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/helpers/test-app.js';
import { gazette, gazetteProcess } from '../../test/helpers/gazette-cli.js';
import { loadShippedModel } from '../modules/moderation/spam/shipped-model.js';
import { CONFIDENT_SPAM_THRESHOLD } from '../modules/settings/index.js';

/** The threshold the command's learner loads with the shipped model. */
const SHIPPED_THRESHOLD = loadShippedModel().threshold;

describe('spam train and eval commands', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  it('learns a labelled file, evaluates with the site threshold, and names the bad line of a broken file', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const env = { DATABASE_URL: db.url };
    // A site whose spammers write in a private jargon the shipped model has never seen: no word of it
    // is a strong sign of spam until the site has learned it from a few examples (classifier.ts,
    // evidence sufficiency).
    const rows = [
      ['"Zorblax quintessa merivale, zorblax!"', 'spam'], ['"Quintessa zorblax merivale"', 'spam'],
      ['"Merivale zorblax quintessa"', 'spam'], ['"zorblax merivale quintessa zorblax"', 'spam'],
      ['"The harbour vote is on Thursday"', 'ham'],
      ['"Thanks for the careful reporting on the harbour"', 'ham'], ['"I was at the meeting, it was packed"', 'ham'],
    ];
    const file = path.join(db.dir, 'history.csv');
    fs.writeFileSync(file, `CONTENT,CLASS\n${rows.map(([t, l]) => `${t},${l === 'spam' ? 1 : 0}`).join('\n')}\n`);
    const probe = path.join(db.dir, 'probe.csv');
    fs.writeFileSync(probe, 'text,label\n"zorblax quintessa merivale",spam\n"the harbour meeting was packed",ham\n');

    const before = await gazette(['spam', 'eval', '--json', '--file', probe], env);
    expect(before.code, before.stderr).toBe(0);
    const b = JSON.parse(before.stdout) as { verdicts: { line: number; spamProbability: number }[]; threshold: number };
    // before any training: the site holds from the shipped model's calibrated threshold (its default hold threshold)
    expect(b.threshold).toBe(SHIPPED_THRESHOLD);
    expect(b.verdicts.map((v) => v.line)).toEqual([2, 3]);

    const train = await gazette(['spam', 'train', '--file', file], env);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toContain('Learned 7 comments (4 spam, 3 ham)');
    // too few examples to calibrate on: the site keeps the default (never lower) as its hold threshold,
    // and marks spam only from the confident threshold (the hold band stays)
    expect(train.stdout).toContain(`Threshold for this site: ${SHIPPED_THRESHOLD} `);
    expect(train.stdout).toContain(`with comments from ${CONFIDENT_SPAM_THRESHOLD} marked spam`);
    // too few examples to choose on either: the site's classifier counts all ham-ward evidence
    expect(train.stdout).toContain('Ham-ward evidence counted: all of it');

    const after = await gazette(['spam', 'eval', '--json', '--file', probe], env);
    const a = JSON.parse(after.stdout) as typeof b & { precision: number; recall: number; f1: number; falsePositiveRate: number };
    expect(a.threshold).toBe(SHIPPED_THRESHOLD);
    expect(a.verdicts[0]!.spamProbability).toBeGreaterThan(b.verdicts[0]!.spamProbability);
    expect(a.verdicts[0]!.spamProbability).toBeGreaterThanOrEqual(SHIPPED_THRESHOLD);
    expect(a).toMatchObject({ precision: 1, recall: 1, f1: 1, falsePositiveRate: 0 });

    const text = await gazette(['spam', 'eval', '--file', probe], env);
    expect(text.stdout).toMatch(/precision\s+1\.000/);
    expect(text.stdout).toMatch(/false-positive rate\s+0\.0 %/);

    const bad = path.join(db.dir, 'bad.csv');
    fs.writeFileSync(bad, 'text,label\n"fine",ham\n"odd",maybe\n');
    const broken = gazetteProcess(['spam', 'train', '--file', bad], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('line 3: label must be spam, ham, 1 or 0');
    const noHeader = path.join(db.dir, 'noheader.csv');
    fs.writeFileSync(noHeader, 'words,kind\n"x",ham\n');
    expect((await gazette(['spam', 'eval', '--file', noHeader], env)).stderr).toContain('line 1: header has no text or CONTENT column');
    expect((await gazette(['spam', 'eval'], env)).code).toBe(2);
  });
});
