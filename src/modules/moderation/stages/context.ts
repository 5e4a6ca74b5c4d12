// What the stages see: the candidate comment, its normalised text (computed once), the author's
// history, and the site's moderation settings. Database look-ups are behind small functions so
// each stage stays a plain function of this context.
import type { CommentCandidate } from '../pipeline.js';
import type { Normalised } from '../spam/normalise.js';
import type { SpamScore } from '../spam/classifier.js';
import type { ModerationSettings } from '../../settings/index.js';

export interface AuthorHistory {
  /** Published comments by the same account, e-mail or network (IP hash). */
  approved: number;
  /** Comments of theirs marked spam or rejected in the last 30 days. */
  offences: number;
}

export interface ActiveBan { kind: 'account' | 'email' | 'ip'; reason: string; expiresAt: string | null }

export interface BlockList { phrases: string[]; emails: string[]; domains: string[]; ipRanges: string[] }

export interface StageContext extends CommentCandidate {
  normalised: Normalised;
  textHash: string;
  settings: ModerationSettings;
  /** The site's own host, when known: a link to it is a source. */
  siteHost?: string;
  history(): Promise<AuthorHistory>;
  activeBan(): Promise<ActiveBan | undefined>;
  blockList(): Promise<BlockList>;
  /** An earlier comment with the same normalised text inside the window, if any. */
  duplicateOf(): Promise<{ id: number; createdAt: string } | undefined>;
  /** Earlier comments with the same normalised text that were marked spam (the last 90 days): how many, the newest. */
  earlierSpam(): Promise<{ count: number; latestId: number } | undefined>;
  /** Counts this attempt and tells how many seconds to wait when over a limit (0 when fine). */
  rateLimit(): Promise<{ waitSeconds: number; scope: string } | undefined>;
  spam(): SpamScore;
}
