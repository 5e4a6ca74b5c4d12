// The bans in force and the block list, kept in memory until an event says they changed
// ('moderation.rules-changed', emitted with every ban, lift, block and unblock: moderation.service.ts), so that
// a comment posted does not read them each time. Kept on every instance alike: another instance's change arrives
// with its event (NOTIFY on PostgreSQL, the cluster primary's nudge on SQLite: milliseconds). Read again after
// 30 s as well (a change made by hand in the database). A ban's end is checked at each comment, not when read.
// A site with more bans in force than MAX_KEPT_BANS asks the database for the commenter's at each comment.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { createKeptUntilEvent } from '../../platform/events/kept-until-event.js';
import type { ActiveBan, BlockList } from './stages/context.js';
import { activeBan, activeBans, loadBlockList, type Identity } from './moderation.repo.js';
import { RULES_SUBJECT } from './moderation.events.js';

export const MAX_KEPT_BANS = 5_000;

interface KeptBan { id: number; reason: string; expiresAt: string | null }

interface Rules {
  blockList: BlockList;
  /** Bans in force when read, by "kind:value", newest first; undefined when there were too many to keep. */
  bans: Map<string, KeptBan[]> | undefined;
}

export function createKeptRules(deps: { db: Kysely<Database>; events: EventBus; now: () => Date }) {
  const { db } = deps;
  const kept = createKeptUntilEvent<Rules>({
    events: deps.events, now: () => deps.now().getTime(), maxAgeMs: 30_000, maxEntries: 1,
    subjectOf: () => RULES_SUBJECT,
    reach: (e) => (e.subject === RULES_SUBJECT ? 'subject' : 'nothing'),
  });

  async function load(): Promise<Rules> {
    const [blockList, rows] = await Promise.all([loadBlockList(db), activeBans(db, deps.now().toISOString(), MAX_KEPT_BANS + 1)]);
    if (rows.length > MAX_KEPT_BANS) return { blockList, bans: undefined };
    const bans = new Map<string, KeptBan[]>();
    for (const r of rows) { // newest first
      const key = `${r.kind}:${r.value}`;
      bans.set(key, [...(bans.get(key) ?? []), { id: r.id, reason: r.reason, expiresAt: r.expires_at }]);
    }
    return { blockList, bans };
  }
  const rules = async () => (await kept.get('rules', load))!;

  return {
    blockList: async (): Promise<BlockList> => (await rules()).blockList,
    /** The newest ban in force on the commenter's account, address or network, if any. */
    async activeBan(who: Identity): Promise<ActiveBan | undefined> {
      const now = deps.now().toISOString();
      const { bans } = await rules();
      if (!bans) return activeBan(db, who, now);
      const candidates: (readonly ['account' | 'email' | 'ip', string])[] = [
        ['email', who.email.toLowerCase()],
        ...(who.userId !== null ? [['account', String(who.userId)] as const] : []),
        ...(who.ipHash !== null ? [['ip', who.ipHash] as const] : []),
      ];
      // The newest ban in force of any kind, as the query without the kept rules finds it.
      let found: (ActiveBan & { id: number }) | undefined;
      for (const [kind, value] of candidates) {
        const b = (bans.get(`${kind}:${value}`) ?? []).find((x) => x.expiresAt === null || x.expiresAt > now);
        if (b && (!found || b.id > found.id)) found = { kind, reason: b.reason, expiresAt: b.expiresAt, id: b.id };
      }
      return found && { kind: found.kind, reason: found.reason, expiresAt: found.expiresAt };
    },
  };
}

export type KeptRules = ReturnType<typeof createKeptRules>;
