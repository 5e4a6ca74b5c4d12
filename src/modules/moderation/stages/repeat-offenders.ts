import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

export const repeatOffenders: Stage<StageContext> = {
  name: 'repeat-offenders',
  async run(c) {
    const h = await c.history();
    if (h.offences >= 2 && h.offences > h.approved) {
      return { decision: { verdict: 'pending', stage: 'repeat-offenders', reason: `${h.offences} comments by this author were marked spam or rejected in the last 30 days` } };
    }
    return undefined;
  },
};
