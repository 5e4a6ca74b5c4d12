// The site's own spam filter: the shipped model plus everything this site's moderators taught it.
// Every labelled example is a row in spam_examples (append-only; for one comment the latest row
// counts). An instance learns its own decisions at once and picks up other instances' rows on refresh.
//
// Training policy. A moderator's decision is by nature a correction (or a confirmation the filter
// needed), so it always counts. A batch (`spam train --file`, learnMany: rows whose source starts
// with "import:") is learned by train-on-error (SpamClassifier.trainOnError: only examples the
// filter gets wrong or is unsure of, up to 3 passes), so its many redundant easy examples cannot
// skew the counts. Rows are replayed in id order, so every instance arrives at the same counts.
// From the batches it learned, the learner also chooses how the site's classifier scores and calibrates
// its thresholds, by one k-fold cross-validation of those batches (siteVariant(): site-variant.ts): whether
// it counts all of a comment's ham-ward evidence or only its strongest tokens, the spam threshold (lowest
// in [shipped threshold, 0.99] with <= 1 % false positives on held-out ham; calibratedThreshold()) and the
// hold threshold (as the classifier stage decides: only ham that offers a way to act can be flagged below
// the confident threshold; down to 0.5; calibratedHoldThreshold()). `npm run gazette -- spam train` saves
// them as the site's moderation settings (the spam threshold with the confident threshold as its floor).
//
// The learner loads the shipped model (shipped-model.ts) and exposes its calibrated threshold as
// `defaultThreshold`: the composition root passes it on as the default of the moderation settings.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { Clock } from '../../../platform/clock.js';
import { type Label, SpamClassifier } from './classifier.js';
import { chooseSiteVariant, type SiteVariant } from './site-variant.js';
import { examplesSince, insertExample, insertExamples } from './examples.repo.js';
import { loadShippedModel } from './shipped-model.js';

export interface SpamLearner {
  /** The shipped model's calibrated spam threshold: a site's default spam and hold threshold. */
  readonly defaultThreshold: number;
  /** The site's classifier: the shipped model plus what the site learned. */
  classifier(): SpamClassifier;
  /** Teaches the filter one example and stores it (a new label for a comment replaces its old one). */
  learn(text: string, label: Label, source: string, commentId?: number | null): Promise<void>;
  /** Stores and learns many examples at once (a site's own labelled history). */
  learnMany(rows: readonly { text: string; label: Label }[], source: string): Promise<void>;
  /** Reads examples stored by other instances since the last look. */
  refresh(): Promise<void>;
  /** refresh(), at most every few seconds (called before each comment is checked). */
  refreshIfStale(maxAgeMs?: number): Promise<void>;
  /** Examples the filter has learned: one per comment (its latest label), plus those without a comment. */
  examples(): number;
  /**
   * The site's spam threshold calibrated on the batches it learned (calibrate.ts), for its chosen variant
   * (siteVariant()); defaultThreshold until a batch has been learned. Computed on first use after a change
   * (about 1 s per 1,000 examples).
   */
  calibratedThreshold(): number;
  /**
   * The site's hold threshold, calibrated on the same batches as the classifier stage decides
   * (holdThresholdFor: comments that offer a way to act may be held from as low as 0.5 when the site's
   * held-out ham allows it), for its chosen variant; defaultThreshold until a batch has been learned.
   */
  calibratedHoldThreshold(): number;
  /**
   * How the site's classifier should score (its ham-evidence limit) and both calibrated thresholds, chosen
   * by one cross-validation of the learned batches (site-variant.ts); `spam train` saves them as settings.
   * No limit and defaultThreshold until a batch has been learned.
   */
  siteVariant(): SiteVariant;
}

/** Rows of a batch import (learnMany), learned by train-on-error; everything else always counts. */
export function isBatchSource(source: string): boolean {
  return source.startsWith('import:');
}

type Row = { id: number; comment_id: number | null; text: string; label: Label; source: string };

export async function createSpamLearner(deps: { db: Kysely<Database>; clock: Clock }): Promise<SpamLearner> {
  const { db, clock } = deps;
  const shipped = loadShippedModel();
  const site = SpamClassifier.onTopOf(shipped.classifier);
  const byComment = new Map<number, { id: number; text: string; label: Label }>();
  const applied = new Set<number>();
  let lastId = 0;
  let count = 0;
  let refreshedAt = 0;
  const batchExamples: { text: string; label: Label }[] = [];
  let variant: SiteVariant | undefined;

  /** A run of rows of the same batch: learned together by train-on-error. */
  function applyBatch(rows: Row[]) {
    const fresh = rows.filter((r) => !applied.has(r.id));
    for (const r of fresh) { applied.add(r.id); lastId = Math.max(lastId, r.id); count++; }
    if (!fresh.length) return;
    site.trainOnError(fresh);
    batchExamples.push(...fresh.map((r) => ({ text: r.text, label: r.label })));
    variant = undefined;
  }

  function apply(row: Row) {
    // Overlapping refreshes, and the look-back below, read some rows twice: each is applied once.
    if (applied.has(row.id)) return;
    applied.add(row.id);
    lastId = Math.max(lastId, row.id);
    let replaces = false;
    if (row.comment_id !== null) {
      const previous = byComment.get(row.comment_id);
      // A row that arrives late (its transaction committed after a newer one) never overrides the newer label.
      if (previous && previous.id > row.id) return;
      if (previous) { site.untrain(previous.text, previous.label); replaces = true; }
      byComment.set(row.comment_id, { id: row.id, text: row.text, label: row.label });
    }
    site.train(row.text, row.label);
    // A new label for a comment replaces its old one: the number of examples stays the same.
    if (!replaces) count++;
  }

  // Ids come from a sequence but transactions commit in any order: a row with a lower id can become
  // visible after a higher one was read. Rows of the last few minutes are therefore read again.
  const LOOK_BACK_MS = 5 * 60_000;
  async function refresh() {
    refreshedAt = Date.now();
    const since = new Date(clock().getTime() - LOOK_BACK_MS).toISOString();
    const rows = await examplesSince(db, lastId, since);
    for (let i = 0; i < rows.length;) {
      const r = rows[i]!;
      if (r.comment_id === null && isBatchSource(r.source)) {
        let j = i + 1;
        while (j < rows.length && rows[j]!.comment_id === null && rows[j]!.source === r.source) j++;
        applyBatch(rows.slice(i, j));
        i = j;
      } else {
        apply(r);
        i++;
      }
    }
  }
  await refresh();

  function siteVariant(): SiteVariant {
    if (!batchExamples.length) return { hamEvidenceLimit: null, threshold: shipped.threshold, holdThreshold: shipped.threshold };
    if (!variant) {
      const { hamEvidenceLimit, threshold, holdThreshold } = chooseSiteVariant(shipped.classifier, batchExamples);
      variant = { hamEvidenceLimit, threshold, holdThreshold };
    }
    return variant;
  }

  return {
    defaultThreshold: shipped.threshold,
    classifier: () => site,
    async learn(text, label, source, commentId = null) {
      const previous = commentId !== null ? byComment.get(commentId) : undefined;
      if (previous && previous.label === label && previous.text === text) return;
      const row = await insertExample(db, { comment_id: commentId, text, label, source, created_at: clock().toISOString() });
      // Applies this row, and any other instance's rows written before it, in order.
      await refresh();
      if (!applied.has(row.id)) throw new Error(`spam example ${row.id} was not read back`);
    },
    async learnMany(rows, source) {
      const at = clock().toISOString();
      await insertExamples(db, rows.map((r) => ({ comment_id: null, text: r.text, label: r.label, source, created_at: at })));
      await refresh();
    },
    refresh,
    async refreshIfStale(maxAgeMs = 5000) {
      if (Date.now() - refreshedAt >= maxAgeMs) await refresh();
    },
    examples: () => count,
    calibratedThreshold: () => siteVariant().threshold,
    calibratedHoldThreshold: () => siteVariant().holdThreshold,
    siteVariant,
  };
}
