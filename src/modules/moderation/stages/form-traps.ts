import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

/**
 * The HTML form carries a hidden honeypot field people never see, and the time it was shown.
 *
 * A filled-in honeypot is spam: the field is off-screen, hidden from screen readers and out of the tab
 * order, so only software that fills in every field reaches it. A form sent faster than a person can
 * write is only held for a moderator: people do paste a prepared text, and a held comment costs them a
 * wait, not their comment (later stages still refuse or mark spam what they are sure of).
 */
export const formTraps: Stage<StageContext> = {
  name: 'form-traps',
  run(c) {
    if (!c.form || c.isEdit) return undefined;
    if (c.form.honeypot.trim() !== '') {
      return { decision: { verdict: 'spam', stage: 'form-traps', reason: 'the hidden honeypot field was filled in' } };
    }
    const minMs = c.settings.minFillSeconds * 1000;
    if (c.form.renderedAt !== null && minMs > 0) {
      const elapsed = c.now.getTime() - c.form.renderedAt;
      if (elapsed >= 0 && elapsed < minMs) {
        return { hold: `the form was sent ${(elapsed / 1000).toFixed(1)} s after it was shown (minimum ${c.settings.minFillSeconds} s)` };
      }
    }
    return undefined;
  },
};
