import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

export const bans: Stage<StageContext> = {
  name: 'bans',
  async run(c) {
    const ban = await c.activeBan();
    if (!ban) return undefined;
    const until = ban.expiresAt ? ` until ${ban.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : '';
    return {
      decision: {
        verdict: 'rejected', stage: 'bans', reason: `banned ${ban.kind}${until}: ${ban.reason}`,
        status: 403, code: 'BANNED',
      },
    };
  },
};
