import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

/** The HTML form carries a hidden honeypot field people never see, and the time it was shown. */
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
        return { decision: { verdict: 'spam', stage: 'form-traps', reason: `the form was sent ${(elapsed / 1000).toFixed(1)} s after it was shown (minimum ${c.settings.minFillSeconds} s)` } };
      }
    }
    return undefined;
  },
};
