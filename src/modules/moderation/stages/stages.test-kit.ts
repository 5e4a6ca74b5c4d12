// Shared by the stage test files (form-traps-bans-rate-limits, block-lists, duplicates-links-offenders-policy,
// classifier-stage, run-pipeline): a hand-built StageContext from plain values (no database) and the site's
// default moderation settings. Not a test file itself (vitest runs *.test.ts only).
import { defaultModerationSettings, type ModerationSettings } from '../../settings/settings.service.js';
import type { Stage } from '../pipeline.js';
import { normalise } from '../spam/normalise.js';
import type { SpamScore } from '../spam/classifier.js';
import { loadShippedModel } from '../spam/shipped-model.js';
import type { ActiveBan, AuthorHistory, BlockList, StageContext } from './context.js';

export const NOW = new Date('2026-03-14T12:00:00.000Z');
/** The shipped model's threshold, and a site's moderation settings as the app builds them from it. */
export const SHIPPED_THRESHOLD = loadShippedModel().threshold;
export const SITE_DEFAULTS = defaultModerationSettings({ spamThreshold: SHIPPED_THRESHOLD });

interface Given {
  text?: string;
  settings?: Partial<ModerationSettings>;
  history?: Partial<AuthorHistory>;
  ban?: ActiveBan;
  blockList?: Partial<BlockList>;
  duplicate?: { id: number; createdAt: string };
  earlierSpam?: { count: number; latestId: number };
  rateLimit?: { waitSeconds: number; scope: string };
  spamProbability?: number;
  weakEvidence?: true;
  form?: StageContext['form'];
  isEdit?: boolean;
  ip?: string | null;
  authorEmail?: string;
}

/** A StageContext from plain values; `calls` counts the look-ups a stage made. */
export function ctx(g: Given = {}) {
  const text = g.text ?? 'A perfectly ordinary comment about the article.';
  const calls = { history: 0, ban: 0, blockList: 0, duplicate: 0, rateLimit: 0, spam: 0 };
  const normalised = normalise(text);
  const spam: SpamScore = {
    spamProbability: g.spamProbability ?? 0.01, logit: 0, isSpam: (g.spamProbability ?? 0) >= 0.9, normalised,
    reasons: [{ token: 'money', llr: 2.5 }, { token: 'home', llr: 1.2 }, { token: 'article', llr: -1 }],
    ...(g.weakEvidence ? { weakEvidence: g.weakEvidence } : {}),
  };
  const c: StageContext = {
    text, authorName: 'Grace', authorEmail: g.authorEmail ?? 'grace@example.org', userId: null, readerId: 'r1',
    ip: g.ip === undefined ? '203.0.113.7' : g.ip, ipHash: 'hash', articleId: 1, commentId: g.isEdit ? 9 : null,
    isEdit: g.isEdit ?? false, form: g.form, now: NOW,
    normalised, textHash: 'th', settings: { ...SITE_DEFAULTS, ...g.settings },
    history: async () => { calls.history++; return { approved: 0, offences: 0, ...g.history }; },
    activeBan: async () => { calls.ban++; return g.ban; },
    blockList: async () => { calls.blockList++; return { phrases: [], emails: [], domains: [], ipRanges: [], ...g.blockList }; },
    duplicateOf: async () => { calls.duplicate++; return g.duplicate; },
    earlierSpam: async () => g.earlierSpam,
    rateLimit: async () => { calls.rateLimit++; return g.rateLimit; },
    spam: () => { calls.spam++; return spam; },
  };
  return { c, calls };
}

export const run = async (stage: Stage<StageContext>, g: Given = {}) => stage.run(ctx(g).c);
export const verdictOf = async (stage: Stage<StageContext>, g: Given = {}) => (await run(stage, g))?.decision?.verdict;
