// What the comments module asks of moderation before it stores a new or edited comment, in its own terms:
// the moderation module implements it (it depends on comments, never the other way round).

/** A comment as the moderation pipeline sees it, with who sent it from where. */
export interface CommentCandidate {
  text: string;
  authorName: string;
  authorEmail: string;
  userId: number | null;
  readerId: string | null;
  /** The address itself, for IP-range block lists; it is not stored. */
  ip: string | null;
  /** The keyed digest of the network, stored with the comment (bans, history). */
  ipHash: string | null;
  articleId: number;
  /** Set for edits. */
  commentId: number | null;
  isEdit: boolean;
  /** The HTML form's traps: the honeypot field's value and when the form was rendered (ms since epoch). */
  form?: { honeypot: string; renderedAt: number | null };
  now: Date;
}

export interface ModerationResult {
  verdict: 'published' | 'pending' | 'spam' | 'rejected';
  /** Why a comment is refused, as the poster's error. */
  refusal?: { status: number; code: string; reason: string };
  /**
   * Kept with the comment as JSON for the moderators. This module reads back only `verdict` and `notice`:
   * the sentence the poster of a held comment is told.
   */
  record: { verdict: string; notice?: string } & Record<string, unknown>;
  textHash: string;
  spamScore: number;
}

export type Moderate = (c: CommentCandidate) => Promise<ModerationResult>;

/** The sentence for the poster of a comment the pipeline held, from its stored record; nothing otherwise. */
export function heldNoticeOf(status: string, recordJson: string | null): string | undefined {
  if (status !== 'pending' || !recordJson) return undefined;
  try {
    const r = JSON.parse(recordJson) as { verdict?: unknown; notice?: unknown };
    return r.verdict === 'pending' && typeof r.notice === 'string' ? r.notice : undefined;
  } catch {
    return undefined;
  }
}
