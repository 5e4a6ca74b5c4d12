import { describe, expect, it } from 'vitest';
import { posterNotice as noticeOf } from './poster-notice.js';
import { STAGES } from './stages/index.js';
import { heldNoticeOf } from '../comments/index.js';
import type { ModerationRecord } from './pipeline.js';

const record = (verdict: string, decidedBy: string) => {
  const r = { verdict, decidedBy, reasons: [{ stage: decidedBy, reason: 'internal: spam probability 0.734' }], spamScore: 0.734 } as ModerationRecord;
  return JSON.stringify({ ...r, notice: noticeOf(r) });
};
/** What the poster of a comment is told: moderation writes the notice into the record, comments read it back. */
const posterNotice = (status: string, json: string | null) => heldNoticeOf(status, json);

describe('posterNotice', () => {
  it('says in words why a comment is held, without the stage\'s internal reason', () => {
    const n = posterNotice('pending', record('pending', 'form-traps'));
    expect(n).toBe('Held for a moderator: it was sent within seconds of opening the form, as spam robots do.');
    expect(posterNotice('pending', record('pending', 'classifier'))).not.toMatch(/0\.73|probability/);
  });

  it('has a sentence for every stage that can hold a comment', () => {
    for (const stage of ['form-traps', 'repeat-offenders', 'classifier', 'links', 'site-policy']) {
      expect(STAGES.map((s) => s.name)).toContain(stage);
      expect(posterNotice('pending', record('pending', stage)), stage).toMatch(/^Held for a moderator/);
    }
  });

  it('says nothing for spam, published comments, holds by reader reports, unknown stages or bad data', () => {
    expect(posterNotice('spam', record('spam', 'form-traps'))).toBeUndefined();
    expect(posterNotice('pending', record('spam', 'block-lists'))).toBeUndefined(); // spam shown to its poster as pending
    expect(posterNotice('published', record('pending', 'links'))).toBeUndefined();
    expect(posterNotice('pending', record('published', 'default'))).toBeUndefined(); // held later by reports
    expect(posterNotice('pending', record('pending', '__proto__'))).toBeUndefined();
    expect(posterNotice('pending', record('pending', 'constructor'))).toBeUndefined();
    expect(posterNotice('pending', '{not json')).toBeUndefined();
    expect(posterNotice('pending', 'null')).toBeUndefined();
    expect(posterNotice('pending', null)).toBeUndefined();
  });
});
