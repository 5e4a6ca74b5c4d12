import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';
import { citedInArgument, onlySourceLinks } from './link-reputation.js';

/**
 * Too many links or a URL shortener → held, whoever posts them. A first-time commenter's link → held
 * (holdFirstTimeLinks), unless every link points at a source readers cite (a public body, an
 * encyclopaedia, a news outlet, a video: link-reputation.ts), or the link is cited in a long comment
 * the classifier finds ordinary (citedInArgument), and the comment does not promote the poster's own
 * channel or page.
 */
export const links: Stage<StageContext> = {
  name: 'links',
  async run(c) {
    const f = c.normalised.features;
    if (f.linkCount === 0) return undefined;
    const hold = (reason: string) => ({ decision: { verdict: 'pending' as const, stage: 'links', reason } });
    if (f.linkCount > c.settings.maxLinks) return hold(`${f.linkCount} links (more than ${c.settings.maxLinks})`);
    if (f.shorteners.length > 0) return hold(`a link shortener hides where the link goes (${f.shorteners.join(', ')})`);
    if (!c.settings.holdFirstTimeLinks || onlySourceLinks(f.urls, f.domains, c.normalised.text, c.siteHost)) return undefined;
    if (citedInArgument(f, c.normalised.tokens.length, c.spam().spamProbability, c.normalised.text)) return undefined;
    if ((await c.history()).approved === 0) return hold('a link from a first-time commenter');
    return undefined;
  },
};
