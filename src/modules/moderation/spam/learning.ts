// The site's own spam filter: the shipped model plus everything this site's moderators taught it.
// Every labelled example is a row in spam_examples (append-only; for one comment the latest row
// counts). An instance learns its own decisions at once and picks up other instances' rows on refresh.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { Clock } from '../../../platform/clock.js';
import { type Label, loadDefaultModel, SpamClassifier } from './classifier.js';

export interface SpamLearner {
  classifier(): SpamClassifier;
  /** Teaches the filter one example and stores it (a new label for a comment replaces its old one). */
  learn(text: string, label: Label, source: string, commentId?: number | null): Promise<void>;
  /** Reads examples stored by other instances since the last look. */
  refresh(): Promise<void>;
  examples(): number;
}

export async function createSpamLearner(deps: { db: Kysely<Database>; clock: Clock }): Promise<SpamLearner> {
  const { db, clock } = deps;
  const site = SpamClassifier.onTopOf(loadDefaultModel());
  const byComment = new Map<number, { text: string; label: Label }>();
  let lastId = 0;
  let count = 0;

  function apply(row: { id: number; comment_id: number | null; text: string; label: Label }) {
    if (row.comment_id !== null) {
      const previous = byComment.get(row.comment_id);
      if (previous) site.untrain(previous.text, previous.label);
      byComment.set(row.comment_id, { text: row.text, label: row.label });
    }
    site.train(row.text, row.label);
    lastId = Math.max(lastId, row.id);
    count++;
  }

  async function refresh() {
    const rows = await db.selectFrom('spam_examples').select(['id', 'comment_id', 'text', 'label'])
      .where('id', '>', lastId).orderBy('id').execute();
    for (const r of rows) apply(r);
  }
  await refresh();

  return {
    classifier: () => site,
    async learn(text, label, source, commentId = null) {
      const previous = commentId !== null ? byComment.get(commentId) : undefined;
      if (previous && previous.label === label && previous.text === text) return;
      const row = await db.insertInto('spam_examples').values({
        comment_id: commentId, text, label, source, created_at: clock().toISOString(),
      }).returning('id').executeTakeFirstOrThrow();
      // Applies this row, and any other instance's rows written before it, in order.
      await refresh();
      if (lastId < row.id) throw new Error(`spam example ${row.id} was not read back`);
    },
    refresh,
    examples: () => count,
  };
}
