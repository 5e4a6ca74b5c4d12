import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

export const sitePolicy: Stage<StageContext> = {
  name: 'site-policy',
  async run(c) {
    const hold = (reason: string) => ({ decision: { verdict: 'pending' as const, stage: 'site-policy', reason } });
    switch (c.settings.policy) {
      case 'all': return hold('the site pre-moderates every comment');
      case 'first-time': return (await c.history()).approved === 0 ? hold('the site pre-moderates first-time commenters') : undefined;
      case 'links': return c.normalised.features.linkCount > 0 ? hold('the site pre-moderates comments with links') : undefined;
      case 'none': return undefined;
    }
  },
};
