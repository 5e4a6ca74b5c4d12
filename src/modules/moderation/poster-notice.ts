// What the poster of a held comment is told about why it waits, in words: one fixed sentence per stage
// that holds (never a stage's internal reason, score or the other stages' notes). Comments marked spam
// get none: they read as plain "awaiting moderation", so a spammer learns nothing about what caught them.
import type { ModerationRecord } from './pipeline.js';

const HELD_BECAUSE: Record<string, string> = {
  'form-traps': 'Held for a moderator: it was sent within seconds of opening the form, as spam robots do.',
  'repeat-offenders': 'Held for a moderator: earlier comments from your address or network were removed.',
  classifier: 'Held for a moderator: our spam filter was not sure about it.',
  links: 'Held for a moderator because it contains links.',
  'site-policy': 'Held for a moderator: this site checks comments before they appear.',
};

/** The sentence for a comment the pipeline holds (pending); undefined for any other decision. */
export function posterNotice(record: Pick<ModerationRecord, 'verdict' | 'decidedBy'>): string | undefined {
  const stage = record.decidedBy;
  if (record.verdict !== 'pending' || !Object.hasOwn(HELD_BECAUSE, stage)) return undefined;
  return HELD_BECAUSE[stage];
}
