// The moderation pipeline: every new or edited comment passes through an ordered list of small
// stages. Each stage looks at a narrow context and returns nothing, or a verdict with a reason.
// The first verdict wins; the decision records which stage decided and why, plus the notes of
// the stages before it (e.g. the spam score), so a moderator can always see *why*. A stage may also
// ask for a hold instead of deciding: the comment is held for review (pending) unless a later stage
// decides something else (a ban still refuses it, the spam filter may still mark it spam).

export type Verdict = 'published' | 'pending' | 'spam' | 'rejected';

export interface Decision {
  verdict: Verdict;
  stage: string;
  reason: string;
  /** For 'rejected': the HTTP status and stable code the poster gets (429 for rate limits). */
  status?: number;
  code?: string;
}

export interface ModerationRecord {
  verdict: Verdict;
  decidedBy: string;
  reasons: { stage: string; reason: string }[];
  spamScore: number | null;
}

/** What stages can know about a comment and its author (the comments module's terms). */
export type { CommentCandidate } from '../comments/index.js';

export interface StageResult {
  decision?: Decision;
  note?: string;
  /** Hold for review with this reason, unless a later stage decides; the first hold is the one that counts. */
  hold?: string;
}

export interface Stage<C> {
  name: string;
  run(c: C): StageResult | undefined | Promise<StageResult | undefined>;
}

export async function runPipeline<C>(stages: readonly Stage<C>[], candidate: C, spamScore: () => number | null): Promise<{ decision: Decision; record: ModerationRecord }> {
  const notes: { stage: string; reason: string }[] = [];
  let hold: { stage: string; reason: string } | undefined;
  for (const stage of stages) {
    const r = await stage.run(candidate);
    if (r?.note) notes.push({ stage: stage.name, reason: r.note });
    if (r?.hold) {
      const entry = { stage: stage.name, reason: r.hold };
      hold ??= entry;
      notes.push(entry);
    }
    if (r?.decision) {
      return {
        decision: r.decision,
        record: { verdict: r.decision.verdict, decidedBy: r.decision.stage, reasons: [...notes, { stage: r.decision.stage, reason: r.decision.reason }], spamScore: spamScore() },
      };
    }
  }
  if (hold) {
    const decision: Decision = { verdict: 'pending', stage: hold.stage, reason: hold.reason };
    return { decision, record: { verdict: 'pending', decidedBy: hold.stage, reasons: [...notes.filter((n) => n !== hold), hold], spamScore: spamScore() } };
  }
  const decision: Decision = { verdict: 'published', stage: 'default', reason: 'passed every check' };
  return { decision, record: { verdict: 'published', decidedBy: 'default', reasons: [...notes, { stage: 'default', reason: decision.reason }], spamScore: spamScore() } };
}
