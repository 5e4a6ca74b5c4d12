// Moderation: the pipeline every new or edited comment passes, the moderators' decisions (which
// also teach the spam filter), reader reports, bans, block lists and the audit log.
import type { Kysely, Selectable } from 'kysely';
import type { CommentsTable, Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import { digest } from '../../platform/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { ModerationSettings } from '../settings/settings.service.js';
import { type CommentCandidate, type Decision, type ModerationRecord, runPipeline } from './pipeline.js';
import { STAGES } from './stages/index.js';
import type { StageContext } from './stages/context.js';
import { normalise } from './spam/normalise.js';
import type { SpamScore } from './spam/classifier.js';
import type { SpamLearner } from './spam/learning.js';
import { activeBan, authorHistory, findDuplicate, loadBlockList, logAction, type Identity } from './moderation.repo.js';
import { isValidRange } from './ip-range.js';
import type { REPORT_REASONS } from '../comments/comments.schemas.js';

export type ModeratorAction = 'approve' | 'reject' | 'spam' | 'not-spam';
export type Queue = 'pending' | 'spam' | 'reported' | 'all';
export const QUEUES: readonly Queue[] = ['pending', 'spam', 'reported', 'all'];
export type ReportReason = (typeof REPORT_REASONS)[number];

export interface CheckResult { decision: Decision; record: ModerationRecord; textHash: string; spamScore: number }

export interface ModerationDeps {
  db: Kysely<Database>;
  clock: Clock;
  learner: SpamLearner;
  settings: () => ModerationSettings;
}

const DAY = 24 * 3600_000;

export function createModerationService(deps: ModerationDeps) {
  const { db, clock, learner } = deps;
  const limiters = new Map<string, RateLimiter>();
  const limiter = (perWindow: number, windowMs: number) => {
    const key = `${perWindow}/${windowMs}`;
    let l = limiters.get(key);
    if (!l) { l = new RateLimiter(perWindow, windowMs, () => clock().getTime()); limiters.set(key, l); }
    return l;
  };
  const iso = (offsetMs = 0) => new Date(clock().getTime() + offsetMs).toISOString();

  async function check(c: CommentCandidate): Promise<CheckResult> {
    const settings = deps.settings();
    await learner.refreshIfStale(); // decisions made on other instances
    const normalised = normalise(c.text);
    const textHash = digest(normalised.text.replace(/\s+/g, ' ').trim());
    const who: Identity = { userId: c.userId, email: c.authorEmail, ipHash: c.ipHash };
    let history: ReturnType<StageContext['history']> | undefined;
    let spam: SpamScore | undefined;
    const ctx: StageContext = {
      ...c, normalised, textHash, settings,
      history: () => (history ??= authorHistory(db, who, iso(-30 * DAY), c.commentId)),
      activeBan: () => activeBan(db, who, iso()),
      blockList: () => loadBlockList(db),
      duplicateOf: () => findDuplicate(db, textHash, iso(-settings.duplicateWindowHours * 3600_000), c.commentId),
      rateLimit: () => {
        if (c.isEdit) return undefined;
        const keys: [string, string][] = [
          ...(c.ipHash ? [[`ip:${c.ipHash}`, 'network'] as [string, string]] : []),
          [c.userId !== null ? `user:${c.userId}` : `email:${c.authorEmail.toLowerCase()}`, 'author'],
        ];
        for (const [key, scope] of keys) {
          const burst = limiter(settings.burstPerMinute, 60_000).hit(key);
          const hourly = limiter(settings.perHour, 3600_000).hit(key);
          const wait = Math.max(burst, hourly);
          if (wait > 0) return { waitSeconds: wait, scope };
        }
        return undefined;
      },
      spam: () => (spam ??= learner.classifier().score(normalised)),
    };
    const { decision, record } = await runPipeline(STAGES, ctx, () => ctx.spam().spamProbability);
    return { decision, record, textHash, spamScore: ctx.spam().spamProbability };
  }

  async function loadComment(id: number): Promise<Selectable<CommentsTable>> {
    const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', 'Comment');
    return row;
  }

  return {
    check,

    /** A moderator's decision on comments; spam / not-spam (and approving a held comment) teach the filter. */
    async decide(ids: number[], action: ModeratorAction, moderator: string): Promise<number> {
      const status = action === 'approve' || action === 'not-spam' ? 'published' : action === 'spam' ? 'spam' : 'rejected';
      let changed = 0;
      // Every comment is looked up first: an unknown or deleted id refuses the whole (bulk) decision
      // instead of leaving it half done; an id given twice counts once.
      const rows = [];
      for (const id of new Set(ids)) rows.push(await loadComment(id));
      for (const row of rows) {
        const id = row.id;
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('comments').set({ status }).where('id', '=', id).execute();
          await tx.updateTable('comment_reports').set({ resolved_at: iso() }).where('comment_id', '=', id).where('resolved_at', 'is', null).execute();
          await logAction(tx, { actor: moderator, action, commentId: id, detail: `${row.status} → ${status}`, at: iso() });
          await tx.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', row.article_id).execute();
        });
        if (action === 'spam') await learner.learn(row.body, 'spam', `moderator:${moderator}`, id);
        else if (action === 'not-spam' || (action === 'approve' && row.status !== 'published')) await learner.learn(row.body, 'ham', `moderator:${moderator}`, id);
        changed++;
      }
      return changed;
    },

    /** A reader flags a comment; enough distinct reports hold it for review. */
    async report(commentId: number, reporter: string, reason: ReportReason, note: string | undefined): Promise<{ held: boolean }> {
      const row = await loadComment(commentId);
      if (row.status !== 'published') throw notFound('COMMENT_NOT_FOUND', 'Comment');
      return db.transaction().execute(async (tx) => {
        const inserted = await tx.insertInto('comment_reports').values({
          comment_id: commentId, reporter, reason, note: note ?? null, created_at: iso(), resolved_at: null,
        }).onConflict((oc) => oc.columns(['comment_id', 'reporter']).doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { held: false };
        const updated = await tx.updateTable('comments').set((eb) => ({ report_count: eb('report_count', '+', 1) }))
          .where('id', '=', commentId).returning(['report_count', 'status', 'article_id']).executeTakeFirstOrThrow();
        // Only reports no moderator has looked at yet count: once a moderator approved the comment, one
        // more report does not hold it again.
        const open = Number((await tx.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n'))
          .where('comment_id', '=', commentId).where('resolved_at', 'is', null).executeTakeFirstOrThrow()).n);
        if (updated.status === 'published' && open >= deps.settings().reportsToHold) {
          await tx.updateTable('comments').set({ status: 'pending' }).where('id', '=', commentId).execute();
          await logAction(tx, { actor: 'system', action: 'hold', commentId, detail: `${open} reports`, at: iso() });
          await tx.updateTable('articles').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', updated.article_id).execute();
          return { held: true };
        }
        return { held: false };
      });
    },

    async queue(queue: Queue, opts: { before?: number; limit?: number } = {}) {
      const limit = opts.limit ?? 50;
      let q = db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
        .select(['comments.id', 'comments.article_id', 'articles.title as article_title', 'articles.slug as article_slug',
          'comments.author_name', 'comments.author_email', 'comments.user_id', 'comments.ip_hash', 'comments.body',
          'comments.body_html', 'comments.status', 'comments.moderation', 'comments.spam_score', 'comments.report_count',
          'comments.created_at', 'comments.edited_at', 'comments.edited_by'])
        .where('comments.status', '!=', 'deleted');
      if (queue === 'pending') q = q.where('comments.status', '=', 'pending');
      if (queue === 'spam') q = q.where('comments.status', '=', 'spam');
      if (queue === 'reported') {
        q = q.where((eb) => eb.exists(eb.selectFrom('comment_reports').select('comment_reports.id')
          .whereRef('comment_reports.comment_id', '=', 'comments.id').where('comment_reports.resolved_at', 'is', null)));
      }
      if (opts.before) q = q.where('comments.id', '<', opts.before);
      const rows = await q.orderBy('comments.id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const reports = page.length
        ? await db.selectFrom('comment_reports').select(['comment_id', 'reason', 'note', 'created_at'])
          .where('comment_id', 'in', page.map((r) => r.id)).where('resolved_at', 'is', null).execute()
        : [];
      return {
        items: page.map((r) => ({
          ...r,
          moderation: r.moderation ? (JSON.parse(r.moderation) as ModerationRecord) : null,
          reports: reports.filter((x) => x.comment_id === r.id),
        })),
        nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },

    async counts(): Promise<Record<Queue, number>> {
      const rows = await db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '!=', 'deleted').groupBy('status').execute();
      // Counted like queue('reported'): comments (not deleted) with open reports.
      const reported = await db.selectFrom('comment_reports').innerJoin('comments', 'comments.id', 'comment_reports.comment_id')
        .select((eb) => eb.fn.count<number>('comment_reports.comment_id').distinct().as('n'))
        .where('comment_reports.resolved_at', 'is', null).where('comments.status', '!=', 'deleted').executeTakeFirstOrThrow();
      const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      const all = rows.reduce((sum, r) => sum + Number(r.n), 0);
      return { pending: of('pending'), spam: of('spam'), reported: Number(reported.n), all };
    },

    async revisions(commentId: number) {
      return db.selectFrom('comment_revisions').selectAll().where('comment_id', '=', commentId).orderBy('id', 'desc').execute();
    },

    /** Bans the account, e-mail or network of a comment's author, for a number of days or for ever. */
    async ban(input: { commentId: number; kind: 'account' | 'email' | 'ip'; days: number | null; reason: string }, moderator: string) {
      const row = await loadComment(input.commentId);
      const value = input.kind === 'account' ? (row.user_id !== null ? String(row.user_id) : null)
        : input.kind === 'email' ? (row.author_email || null) : row.ip_hash;
      if (!value) throw new AppError(400, 'NOTHING_TO_BAN', `This comment has no ${input.kind === 'ip' ? 'network' : input.kind} to ban`, 'kind');
      const expires = input.days === null ? null : iso(input.days * DAY);
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('bans').values({ kind: input.kind, value, reason: input.reason, expires_at: expires, created_by: moderator, created_at: iso(), lifted_at: null }).execute();
        await logAction(tx, { actor: moderator, action: 'ban', commentId: input.commentId, detail: `${input.kind} ${expires ? `until ${expires}` : 'for ever'}: ${input.reason}`, at: iso() });
      });
    },

    async bans() {
      return db.selectFrom('bans').selectAll().where('lifted_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', iso())])).orderBy('id', 'desc').execute();
    },

    async liftBan(id: number, moderator: string) {
      const r = await db.updateTable('bans').set({ lifted_at: iso() }).where('id', '=', id).where('lifted_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw notFound('BAN_NOT_FOUND', 'Ban');
      await logAction(db, { actor: moderator, action: 'lift-ban', commentId: null, detail: `ban #${id}`, at: iso() });
    },

    async blockList() {
      return db.selectFrom('block_list').selectAll().orderBy('kind').orderBy('value').execute();
    },

    async addBlock(kind: 'phrase' | 'email' | 'domain' | 'ip_range', value: string, moderator: string) {
      const v = value.trim().toLowerCase();
      if (!v) throw new AppError(400, 'REQUIRED', 'value: enter something to block', 'value');
      if (kind === 'ip_range' && !isValidRange(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: an IP address or a CIDR range such as 203.0.113.0/24', 'value');
      if (kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: an e-mail address', 'value');
      if (kind === 'domain' && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v)) throw new AppError(400, 'INVALID_FORMAT', 'value: a domain such as example.com', 'value');
      const added = await db.insertInto('block_list').values({ kind, value: v, created_by: moderator, created_at: iso() })
        .onConflict((oc) => oc.columns(['kind', 'value']).doNothing()).executeTakeFirst();
      // Already on the list: nothing changed, nothing to log.
      if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return;
      await logAction(db, { actor: moderator, action: 'block', commentId: null, detail: `${kind}: ${v}`, at: iso() });
    },

    async removeBlock(id: number, moderator: string) {
      const row = await db.deleteFrom('block_list').where('id', '=', id).returning(['kind', 'value']).executeTakeFirst();
      if (!row) throw notFound('BLOCK_NOT_FOUND', 'Block-list entry');
      await logAction(db, { actor: moderator, action: 'unblock', commentId: null, detail: `${row.kind}: ${row.value}`, at: iso() });
    },

    async log(limit = 200) {
      return db.selectFrom('moderation_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },

    logAction: (entry: { actor: string; action: string; commentId: number | null; detail: string }) => logAction(db, { ...entry, at: iso() }),
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
