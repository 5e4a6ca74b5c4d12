import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

/** Short reactions ("+1", "thanks!") are legitimately repeated; only longer texts count as duplicates. */
export const DUPLICATE_MIN_LENGTH = 20;

export const duplicates: Stage<StageContext> = {
  name: 'duplicates',
  async run(c) {
    if (c.normalised.text.replace(/\s+/g, '').length < DUPLICATE_MIN_LENGTH) return undefined;
    // A text already judged spam (by a moderator or the filter) is spam again, whenever it was posted.
    const spam = await c.earlierSpam();
    if (spam) {
      const what = spam.count === 1 ? 'an earlier spam comment' : `${spam.count} earlier spam comments`;
      return { decision: { verdict: 'spam', stage: 'duplicates', reason: `matches ${what} (the latest: comment #${spam.latestId})` } };
    }
    if (c.settings.duplicateWindowHours === 0) return undefined;
    const dup = await c.duplicateOf();
    if (!dup) return undefined;
    const minutes = Math.max(1, Math.round((c.now.getTime() - Date.parse(dup.createdAt)) / 60_000));
    return { decision: { verdict: 'spam', stage: 'duplicates', reason: `the same text was posted ${minutes} min ago (comment #${dup.id})` } };
  },
};
