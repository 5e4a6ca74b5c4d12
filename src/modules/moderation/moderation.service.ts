// Moderation: the pipeline every new or edited comment passes, the moderators' decisions (which
// also teach the spam filter), reader reports, bans, block lists and the audit log.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { DomainEvent, EventBus } from '../../platform/events/event-bus.js';
import { RateLimiter, type RateLimitStore } from '../../platform/http/rate-limit.js';
import { digest } from '../../platform/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { ModerationSettings } from '../settings/index.js';
import { type CommentCandidate, type ModerationRecord, runPipeline } from './pipeline.js';
import { STAGES } from './stages/index.js';
import { forScoring } from './stages/link-reputation.js';
import type { StageContext } from './stages/context.js';
import { normalise } from './spam/normalise.js';
import type { SpamScore } from './spam/classifier.js';
import type { SpamLearner } from './spam/learning.js';
import * as repo from './moderation.repo.js';
import { authorHistory, logAction, sameText, type Identity } from './moderation.repo.js';
import { createKeptRules } from './kept-rules.js';
import { RULES_SUBJECT } from './moderation.events.js';
import { isValidRange } from './ip-range.js';
import type { ReportReason } from '../comments/index.js';
import { isVerified, type Caller } from '../accounts/index.js';
import type { CommentsService } from '../comments/index.js';
import type { ModerationResult } from '../comments/index.js';
import { posterNotice } from './poster-notice.js';

export type ModeratorAction = 'approve' | 'reject' | 'spam' | 'not-spam';
export type Queue = 'pending' | 'spam' | 'reported' | 'all';
export const QUEUES: readonly Queue[] = ['pending', 'spam', 'reported', 'all'];

/**
 * Who a report counts for: an account with a confirmed address once; guests and unconfirmed accounts once
 * per network together, so neither fresh cookies nor fresh sign-ups add reports.
 */
export const reporterKey = (c: Caller): string => (c.user && isVerified(c) ? `user:${c.user.id}` : `ip:${c.network}`);


export interface ModerationDeps {
  db: Kysely<Database>;
  events: EventBus;
  /** The comments' writer: every status change goes through it (and is announced as an event). */
  comments: CommentsService;
  clock: Clock;
  learner: SpamLearner;
  /** Where comments per network and author are counted (shared by the instances). */
  rateLimits: RateLimitStore;
  settings: () => ModerationSettings;
  /** The site's own host (from BASE_URL): links to the site itself are sources, never promotion. */
  siteHost?: string;
  /** Told of every verdict the pipeline makes (the metrics' counter). */
  onVerdict?: (verdict: 'published' | 'pending' | 'spam' | 'rejected') => void;
}

const DAY = 24 * 3600_000;

/** A look-up started before anyone awaits it: a failure is still thrown to whoever awaits, never unhandled. */
function eager<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** The start of a comment replied to, as the queue shows it. */
const EXCERPT_CHARS = 240;
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}

/** A stored moderation record; null when absent or not readable (a record is never a reason for a 500). */
function parseRecord(json: string | null): ModerationRecord | null {
  if (!json) return null;
  try {
    const r = JSON.parse(json) as ModerationRecord;
    return r && typeof r === 'object' && Array.isArray(r.reasons) ? r : null;
  } catch {
    return null;
  }
}

export function createModerationService(deps: ModerationDeps) {
  const { db, clock, learner, comments, events } = deps;
  // The limits come from the settings at each comment; the counts stay when a moderator changes them.
  const limiter = (perWindow: number, windowMs: number) => new RateLimiter(deps.rateLimits, 'comments', perWindow, windowMs, () => clock().getTime());
  const iso = (offsetMs = 0) => new Date(clock().getTime() + offsetMs).toISOString();
  const rules = createKeptRules({ db, events, now: clock });

  /** The pipeline's decision on a new or edited comment (the comments module's moderation port). */
  async function check(c: CommentCandidate): Promise<ModerationResult> {
    const settings = deps.settings();
    const refreshed = learner.refreshIfStale(); // decisions made on other instances
    const normalised = normalise(c.text);
    const textHash = digest(normalised.text.replace(/\s+/g, ' ').trim());
    const who: Identity = { userId: c.userId, email: c.authorEmail, ipHash: c.ipHash };
    // Every look-up the stages may make is sent at once: on PostgreSQL they run side by side on the pool
    // (one round trip's wait instead of five in a row); each is awaited only by the stage that asks for it.
    const history = eager(authorHistory(db, who, iso(-30 * DAY), c.commentId));
    const ban = eager(rules.activeBan(who));
    const blocked = eager(rules.blockList());
    const earlier = eager(sameText(db, textHash, { duplicate: iso(-settings.duplicateWindowHours * 3600_000), spam: iso(-90 * DAY) }, c.commentId));
    // The attempt is counted with the look-ups, whatever the verdict (a banned or trapped attempt counts too):
    // every window of every key in one round trip to a shared store. An edit is not an attempt.
    const limited = c.isEdit ? Promise.resolve(undefined) : eager((async () => {
      const keys: [string, string][] = [
        ...(c.ipHash ? [[`ip:${c.ipHash}`, 'network'] as [string, string]] : []),
        [c.userId !== null ? `user:${c.userId}` : `email:${c.authorEmail.toLowerCase()}`, 'author'],
      ];
      const burst = limiter(settings.burstPerMinute, 60_000);
      const hourly = limiter(settings.perHour, 3600_000);
      const waits = await RateLimiter.hitAll(keys.flatMap(([key]) => [[burst, key], [hourly, key]] as const));
      for (let i = 0; i < keys.length; i++) {
        const wait = Math.max(waits[2 * i]!, waits[2 * i + 1]!);
        if (wait > 0) return { waitSeconds: wait, scope: keys[i]![1] };
      }
      return undefined;
    })());
    await refreshed;
    let spam: SpamScore | undefined;
    const ctx: StageContext = {
      ...c, normalised, textHash, settings, siteHost: deps.siteHost,
      history: () => history,
      activeBan: () => ban,
      blockList: () => blocked,
      duplicateOf: async () => (await earlier).duplicate,
      earlierSpam: async () => (await earlier).earlierSpam,
      rateLimit: () => limited,
      spam: () => (spam ??= learner.classifier().score(forScoring(normalised), 8, { hamEvidenceLimit: settings.hamEvidenceLimit })),
    };
    const { decision, record } = await runPipeline(STAGES, ctx, () => ctx.spam().spamProbability);
    deps.onVerdict?.(decision.verdict);
    return {
      verdict: decision.verdict,
      ...(decision.verdict === 'rejected' && { refusal: { status: decision.status ?? 400, code: decision.code ?? 'COMMENT_REJECTED', reason: decision.reason } }),
      record: { ...record, ...(posterNotice(record) && { notice: posterNotice(record) }) },
      textHash,
      spamScore: ctx.spam().spamProbability,
    };
  }

  async function loadComment(id: number) {
    const row = await repo.commentForModerator(db, id);
    if (!row) throw notFound('COMMENT_NOT_FOUND', 'Comment');
    return row;
  }

  const STATUS_OF: Record<ModeratorAction, 'published' | 'spam' | 'rejected'> = { approve: 'published', 'not-spam': 'published', spam: 'spam', reject: 'rejected' };

  // ---- Listeners: the audit log is written with the change; the filter learns from decisions ----------

  events.onEmit('comment.status-changed', async (e, { tx }) => {
    const { by, action, from, to, commentId } = e.payload;
    if (by.kind === 'moderator') {
      await repo.resolveReports(tx, commentId, e.at);
      await logAction(tx, { actor: by.name, action, commentId, detail: `${from} → ${to}`, at: e.at });
    } else if (by.kind === 'system') {
      await logAction(tx, { actor: 'system', action, commentId, detail: by.reason, at: e.at });
    }
  });
  events.onEmit('comment.edited', async (e, { tx }) => {
    const { by, commentId, lengths } = e.payload;
    if (by.kind !== 'moderator') return;
    await logAction(tx, { actor: by.name, action: 'edit', commentId, detail: lengths ? `text edited (${lengths.before} → ${lengths.after} characters)` : 'text edited', at: e.at });
  });
  events.onEmit('comment.deleted', async (e, { tx }) => {
    const { by, commentId, authorName } = e.payload;
    if (by.kind !== 'moderator') return;
    await logAction(tx, { actor: by.name, action: 'delete', commentId, detail: `deleted a comment by ${authorName}`, at: e.at });
  });
  // Spam / not spam, and approving a held comment, teach the filter (at least once, by the job runner).
  events.durable('spam-learning', ['comment.status-changed'], async (e: DomainEvent<'comment.status-changed'>) => {
    const { by, action, from, commentId } = e.payload;
    if (by.kind !== 'moderator') return;
    const label = action === 'spam' ? 'spam' : action === 'not-spam' || (action === 'approve' && from !== 'published') ? 'ham' : undefined;
    if (!label) return;
    const text = await comments.textOf(commentId);
    if (text !== undefined) await learner.learn(text, label, `moderator:${by.name}`, commentId);
  });

  return {
    check,

    /** A moderator's decision on comments, all in one transaction: an unknown or deleted id refuses all of it. */
    async decide(ids: number[], action: ModeratorAction, moderator: Caller): Promise<number> {
      const by = { kind: 'moderator' as const, name: moderator.name, ...(moderator.user && { userId: moderator.user.id }) };
      return (await comments.changeStatus(ids, STATUS_OF[action], by, action)).length;
    },

    /** A reader flags a comment; enough distinct reports (see reporterKey) hold it for review. */
    async report(commentId: number, reader: Caller, reason: ReportReason, note: string | undefined): Promise<{ held: boolean }> {
      const reporter = reporterKey(reader);
      const row = await loadComment(commentId);
      if (row.status !== 'published') throw notFound('COMMENT_NOT_FOUND', 'Comment');
      return events.transaction(async (uow) => {
        if (!(await repo.insertReport(uow.tx, { commentId, reporter, reason, note: note ?? null, at: iso() }))) return { held: false };
        // Only reports no moderator has looked at yet count: once a moderator approved the comment, one
        // more report does not hold it again.
        const open = await repo.openReportCount(uow.tx, commentId);
        if (open < deps.settings().reportsToHold) return { held: false };
        await comments.changeStatus([commentId], 'pending', { kind: 'system', reason: `${open} reports` }, 'hold', uow);
        return { held: true };
      });
    },

    /**
     * A page of a queue (optionally one article's, or matching a search), each comment with its open reports,
     * the comment it replies to (author and the start of its text) and its author's record so far.
     */
    async queue(queue: Queue, opts: { before?: number; limit?: number } & repo.QueueFilter = {}) {
      const limit = opts.limit ?? 50;
      const rows = await repo.queuePage(db, queue, opts.before, limit, { article: opts.article, search: opts.search });
      const page = rows.slice(0, limit);
      const keys = page.map((r) => repo.authorKey(r));
      const [reports, records] = await Promise.all([
        repo.openReportsOf(db, page.map((r) => r.id)),
        repo.authorRecords(db, keys.filter((k): k is string => k !== undefined)),
      ]);
      return {
        items: page.map(({ parent_author, parent_body, parent_status, ...r }, i) => ({
          ...r,
          moderation: parseRecord(r.moderation),
          reports: reports.filter((x) => x.comment_id === r.id),
          parent: r.parent_id === null ? null : {
            id: r.parent_id,
            deleted: parent_status === null || parent_status === 'deleted',
            authorName: parent_author ?? '',
            excerpt: excerpt(parent_body ?? ''),
          },
          author: (keys[i] ? records.get(keys[i]) : undefined) ?? null,
        })),
        nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },

    /** The articles with comments in a queue, for its filter (at most 200, the most recently commented first). */
    queueArticles: (queue: Queue) => repo.queueArticles(db, queue, 200),

    counts: () => repo.queueCounts(db),
    comment: loadComment,
    revisions: (commentId: number) => comments.revisions(commentId),

    /** Bans the account, e-mail or network of a comment's author, for a number of days or for ever. */
    async ban(input: { commentId: number; kind: 'account' | 'email' | 'ip'; days: number | null; reason: string }, by: Caller) {
      const row = await loadComment(input.commentId);
      const value = input.kind === 'account' ? (row.user_id !== null ? String(row.user_id) : null)
        : input.kind === 'email' ? (row.author_email || null) : row.ip_hash;
      if (!value) throw new AppError(400, 'NOTHING_TO_BAN', `This comment has no ${input.kind === 'ip' ? 'network' : input.kind} to ban`, 'kind');
      const expires = input.days === null ? null : iso(input.days * DAY);
      await events.transaction(async ({ tx, emit }) => {
        await repo.insertBan(tx, { kind: input.kind, value, reason: input.reason, expires_at: expires, created_by: by.name, created_at: iso(), lifted_at: null });
        await logAction(tx, { actor: by.name, action: 'ban', commentId: input.commentId, detail: `${input.kind} ${expires ? `until ${expires}` : 'for ever'}: ${input.reason}`, at: iso() });
        await emit('moderation.rules-changed', { change: 'ban', by: by.name }, RULES_SUBJECT);
      });
    },

    bans: () => repo.activeBans(db, iso()),

    async liftBan(id: number, by: Caller) {
      await events.transaction(async ({ tx, emit }) => {
        if (!(await repo.liftBan(tx, id, iso()))) throw notFound('BAN_NOT_FOUND', 'Ban');
        await logAction(tx, { actor: by.name, action: 'lift-ban', commentId: null, detail: `ban #${id}`, at: iso() });
        await emit('moderation.rules-changed', { change: 'lift-ban', by: by.name }, RULES_SUBJECT);
      });
    },

    blockList: () => repo.blockListEntries(db),

    async addBlock(kind: 'phrase' | 'email' | 'domain' | 'ip_range', value: string, by: Caller) {
      const v = value.trim().toLowerCase();
      if (!v) throw new AppError(400, 'REQUIRED', 'value: enter something to block', 'value');
      if (kind === 'ip_range' && !isValidRange(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: an IP address or a CIDR range such as 203.0.113.0/24', 'value');
      if (kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: an e-mail address', 'value');
      if (kind === 'domain' && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: a domain such as example.com', 'value');
      await events.transaction(async ({ tx, emit }) => {
        // Already on the list: nothing changed, nothing to log.
        if (!(await repo.insertBlock(tx, { kind, value: v, created_by: by.name, created_at: iso() }))) return;
        await logAction(tx, { actor: by.name, action: 'block', commentId: null, detail: `${kind}: ${v}`, at: iso() });
        await emit('moderation.rules-changed', { change: 'block', by: by.name }, RULES_SUBJECT);
      });
    },

    async removeBlock(id: number, by: Caller) {
      await events.transaction(async ({ tx, emit }) => {
        const row = await repo.deleteBlock(tx, id);
        if (!row) throw notFound('BLOCK_NOT_FOUND', 'Block-list entry');
        await logAction(tx, { actor: by.name, action: 'unblock', commentId: null, detail: `${row.kind}: ${row.value}`, at: iso() });
        await emit('moderation.rules-changed', { change: 'unblock', by: by.name }, RULES_SUBJECT);
      });
    },

    log: (limit = 200) => repo.logEntries(db, limit),

    /** An entry of the audit log; in `tx` when it records a change made in that transaction. */
    logAction: (entry: { actor: string; action: string; commentId: number | null; detail: string }, tx?: Transaction<Database>) =>
      logAction(tx ?? db, { ...entry, at: iso() }),
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
