import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

export const rateLimits: Stage<StageContext> = {
  name: 'rate-limits',
  async run(c) {
    const hit = await c.rateLimit();
    if (!hit) return undefined;
    return {
      decision: {
        verdict: 'rejected', stage: 'rate-limits', status: 429, code: 'RATE_LIMITED',
        reason: `too many comments from this ${hit.scope}; try again in ${hit.waitSeconds} s`,
      },
    };
  },
};
