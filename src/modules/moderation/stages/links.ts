import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

export const links: Stage<StageContext> = {
  name: 'links',
  async run(c) {
    const f = c.normalised.features;
    if (f.linkCount === 0) return undefined;
    const hold = (reason: string) => ({ decision: { verdict: 'pending' as const, stage: 'links', reason } });
    if (f.linkCount > c.settings.maxLinks) return hold(`${f.linkCount} links (more than ${c.settings.maxLinks})`);
    if (f.shorteners.length > 0) return hold(`a link shortener hides where the link goes (${f.shorteners.join(', ')})`);
    if (c.settings.holdFirstTimeLinks && (await c.history()).approved === 0) return hold('a link from a first-time commenter');
    return undefined;
  },
};
