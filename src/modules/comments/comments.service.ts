// Comment rules: posting and replying, one vote per reader, the author's edit window, deletion.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { bumpArticleVersion } from '../articles/articles.repo.js';
import type { Article } from '../articles/articles.repo.js';
import { commentHtml, normaliseCommentText } from './comment-text.js';
import { buildThreads, type CommentSort, decodeCursor, encodeCursor } from './comment-tree.js';
import {
  applyVote, type CommentRecord, countPublished, ownPersonalIds, findCommentRow, hasVisibleReplies, insertComment,
  readerVotes, repliesOfThreads, toComment, topLevelPage,
} from './comments.repo.js';
import type { CommentThread, newCommentInput } from './comments.schemas.js';
import type { CommentCandidate, Decision, ModerationRecord } from '../moderation/pipeline.js';

/** Who acts on a comment: a reader (cookie, maybe signed in) or a moderator, named in "Last edited … by". */
export type Actor = { kind: 'reader'; readerId: string | undefined; userId?: number } | { kind: 'moderator'; name: string };

/** Where a comment came from: the network (hashed before storage) and the HTML form's traps. */
export interface CommentOrigin { ip: string | null; form?: { honeypot: string; renderedAt: number | null } }

/** The moderation pipeline as the comments module sees it (see src/modules/moderation). */
export type Moderate = (c: CommentCandidate) => Promise<{ decision: Decision; record: ModerationRecord; textHash: string; spamScore: number }>;

/** A signed-in commenter: the comment carries the account's name, and staff roles show a badge. */
export interface CommentAccount { userId: number; name: string; email: string; role: string; staff: boolean }

export interface ThreadPage {
  comments: CommentThread[];
  nextCursor: string | null;
  total: number;
}

export interface CommentsDeps {
  db: Kysely<Database>;
  clock: Clock;
  editWindowMs: () => number;
  commentsOpenByDefault: () => boolean;
  moderate: Moderate;
  /** A keyed digest of an IP address: lets bans and history match a network without storing it. */
  ipHash: (ip: string) => string;
  /** Records a moderator's edit or deletion in the audit log, inside the change's transaction. */
  audit: (tx: Transaction<Database>, entry: { actor: string; action: string; commentId: number; detail: string }) => Promise<void>;
}

const STRICTNESS = ['published', 'pending', 'spam', 'rejected'] as const;
type Strictness = (typeof STRICTNESS)[number];

export function createCommentsService(deps: CommentsDeps) {
  const { db, clock } = deps;
  const editWindowMs = () => deps.editWindowMs();

  const publicView = (c: CommentRecord, extra?: { myVote?: number; canEdit?: boolean }) => ({
    id: c.id,
    parentId: c.parentId,
    authorName: c.authorName,
    bodyHtml: c.bodyHtml,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    editedBy: c.editedBy,
    authorRole: c.authorRole,
    up: c.up,
    down: c.down,
    // The author of a comment marked spam sees it as awaiting moderation, like any held comment.
    status: c.status === 'spam' ? 'pending' as const : c.status,
    ...(c.heldNotice !== undefined && { heldNotice: c.heldNotice }),
    ...(extra?.myVote !== undefined && { myVote: extra.myVote as 1 | -1 | 0 }),
    ...(extra?.canEdit !== undefined && { canEdit: extra.canEdit }),
  });

  const editSince = () => new Date(clock().getTime() - editWindowMs()).toISOString();

  /** A refusal from the pipeline as the poster's error (429 for rate limits, 403 for bans). */
  const refusal = (d: Decision) => new AppError(d.status ?? 400, d.code ?? 'COMMENT_REJECTED', d.code === 'RATE_LIMITED'
    ? `You are commenting too fast: ${d.reason}` : d.code === 'BANNED' ? 'You cannot comment here' : `Your comment was not accepted: ${d.reason}`);

  async function loadForChange(id: number, actor: Actor) {
    const row = await findCommentRow(db, id);
    if (!row || row.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', 'Comment');
    if (actor.kind === 'moderator') return row;
    const owns = (actor.userId !== undefined && row.user_id === actor.userId) || (actor.readerId !== undefined && actor.readerId === row.reader_id);
    if (!owns) {
      throw new AppError(403, 'NOT_AUTHOR', 'Only the author of this comment can change it');
    }
    // A window of 0 minutes means no edits at all (not "within the same millisecond").
    if (editWindowMs() <= 0 || row.created_at < editSince()) {
      throw new AppError(403, 'EDIT_WINDOW_CLOSED', `Comments can only be changed for ${Math.round(editWindowMs() / 60000)} minutes after posting`);
    }
    return row;
  }

  return {

    /** One page of threads with their replies; `viewer` adds the reader's own votes and edit rights. */
    async list(article: Article, opts: { sort: CommentSort; cursor?: string; limit: number; readerId?: string; userId?: number }): Promise<ThreadPage> {
      let cursor;
      if (opts.cursor !== undefined) {
        cursor = decodeCursor(opts.cursor);
        if (!cursor || cursor.sort !== opts.sort) throw new AppError(400, 'INVALID_CURSOR', 'The cursor is not valid for this list', 'cursor');
      }
      const owner = opts.readerId !== undefined || opts.userId !== undefined ? { readerId: opts.readerId, userId: opts.userId } : undefined;
      const page = await topLevelPage(db, article.id, opts.sort, cursor, opts.limit + 1, owner);
      const more = page.length > opts.limit;
      const roots = more ? page.slice(0, opts.limit) : page;
      const replies = await repliesOfThreads(db, roots.map((r) => r.id), owner);
      const last = roots[roots.length - 1];
      const nextCursor = more && last
        ? encodeCursor({ sort: opts.sort, key: opts.sort === 'votes' ? last.up - last.down : last.createdAt, id: last.id })
        : null;
      let decorate = (c: CommentRecord) => publicView(c);
      if (opts.readerId) {
        const all = [...roots, ...replies];
        const votes = await readerVotes(db, opts.readerId, all.map((c) => c.id));
        const since = editSince();
        decorate = (c) => publicView(c, {
          myVote: votes.get(c.id) ?? 0,
          canEdit: !c.deleted && (c.readerId === opts.readerId || (opts.userId !== undefined && c.userId === opts.userId)) && editWindowMs() > 0 && c.createdAt >= since,
        });
      }
      const threads = buildThreads(roots, replies, opts.sort);
      const toView = (n: (typeof threads)[number]): CommentThread => ({ ...decorate(n), replies: n.replies.map(toView) });
      return { comments: threads.map(toView), nextCursor, total: await countPublished(db, article.id) };
    },

    /** Posts a comment after the moderation pipeline: published, held (pending), spam, or refused. */
    async create(article: Article, input: z.output<typeof newCommentInput>, readerId: string, account: CommentAccount | undefined, origin: CommentOrigin) {
      const now = clock();
      if (!(article.commentsOpen ?? deps.commentsOpenByDefault())) throw new AppError(403, 'COMMENTS_CLOSED', 'Comments are closed on this article');
      if (!account) {
        if (!input.authorName) throw new AppError(400, 'REQUIRED', 'authorName: your name is required', 'authorName');
        if (!input.authorEmail) throw new AppError(400, 'REQUIRED', 'authorEmail: your e-mail is required (it is never shown)', 'authorEmail');
      }
      const authorName = account?.name ?? input.authorName!;
      const authorEmail = (account?.email ?? input.authorEmail!).toLowerCase();
      const body = normaliseCommentText(input.body);
      const ipHash = origin.ip ? deps.ipHash(origin.ip) : null;
      const checkParent = async (q: Kysely<Database>) => {
        if (input.parentId == null) return undefined;
        const parent = await findCommentRow(q, input.parentId);
        if (!parent || parent.status !== 'published') {
          throw new AppError(400, 'PARENT_NOT_FOUND', 'The comment you reply to does not exist', 'parentId');
        }
        if (parent.article_id !== article.id) {
          throw new AppError(400, 'PARENT_OTHER_ARTICLE', 'The comment you reply to belongs to another article', 'parentId');
        }
        return parent;
      };
      await checkParent(db);
      // The pipeline reads through its own connection, so it runs before the write transaction
      // (SQLite has one connection: a query inside the transaction from elsewhere would wait for ever).
      const m = await deps.moderate({
        text: body, authorName, authorEmail, userId: account?.userId ?? null, readerId, ip: origin.ip, ipHash,
        articleId: article.id, commentId: null, isEdit: false, form: origin.form, now,
      });
      if (m.decision.verdict === 'rejected') throw refusal(m.decision);
      return db.transaction().execute(async (tx) => {
        const parent = await checkParent(tx);
        const row = await insertComment(tx, {
          article_id: article.id,
          parent_id: parent?.id ?? null,
          root_id: parent ? (parent.root_id ?? parent.id) : null,
          depth: parent ? parent.depth + 1 : 0,
          author_name: authorName,
          author_email: authorEmail,
          reader_id: readerId,
          user_id: account?.userId ?? null,
          author_role: account?.staff ? account.role : null,
          body,
          body_html: commentHtml(body),
          status: m.decision.verdict,
          moderation: JSON.stringify(m.record),
          spam_score: m.spamScore,
          ip_hash: ipHash,
          text_hash: m.textHash,
          created_at: now.toISOString(),
          edited_at: null,
          edited_by: null,
        });
        await bumpArticleVersion(tx, article.id);
        return publicView(toComment(row), { myVote: 0, canEdit: editWindowMs() > 0 });
      });
    },

    async vote(id: number, value: -1 | 0 | 1, readerId: string, userId?: number) {
      return db.transaction().execute(async (tx) => {
        const row = await findCommentRow(tx, id);
        if (!row || row.status !== 'published') throw notFound('COMMENT_NOT_FOUND', 'Comment');
        if (row.reader_id === readerId || (userId !== undefined && row.user_id === userId)) {
          throw new AppError(403, 'OWN_COMMENT', 'You cannot vote on your own comment');
        }
        await applyVote(tx, id, readerId, value, clock().toISOString());
        await bumpArticleVersion(tx, row.article_id);
        const after = (await findCommentRow(tx, id))!;
        return { up: after.up, down: after.down, myVote: value };
      });
    },

    /** Edits a comment: the earlier text is kept as a revision; an author's edit passes moderation again. */
    async edit(id: number, bodyText: string, actor: Actor, origin: CommentOrigin = { ip: null }) {
      const row = await loadForChange(id, actor);
      const body = normaliseCommentText(bodyText);
      const editedBy = actor.kind === 'moderator' ? actor.name : row.author_name;
      let moderated: Awaited<ReturnType<Moderate>> | undefined;
      if (actor.kind === 'reader') {
        moderated = await deps.moderate({
          text: body, authorName: row.author_name, authorEmail: row.author_email, userId: row.user_id, readerId: row.reader_id,
          ip: origin.ip, ipHash: origin.ip ? deps.ipHash(origin.ip) : row.ip_hash, articleId: row.article_id, commentId: id,
          isEdit: true, now: clock(),
        });
        if (moderated.decision.verdict === 'rejected') throw refusal(moderated.decision);
      }
      return db.transaction().execute(async (tx) => {
        await tx.insertInto('comment_revisions').values({ comment_id: id, body: row.body, replaced_at: clock().toISOString(), replaced_by: editedBy }).execute();
        const updated = await tx.updateTable('comments').set({
          body,
          body_html: commentHtml(body),
          edited_at: clock().toISOString(),
          edited_by: editedBy,
          ...(moderated && {
            // An author's edit never lifts a hold or a moderator's decision; it can only make the status stricter.
            status: STRICTNESS[Math.max(STRICTNESS.indexOf(row.status as Strictness), STRICTNESS.indexOf(moderated.decision.verdict as Strictness))],
            moderation: JSON.stringify(moderated.record), spam_score: moderated.spamScore, text_hash: moderated.textHash,
          }),
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await bumpArticleVersion(tx, row.article_id);
        if (actor.kind === 'moderator') {
          await deps.audit(tx, { actor: actor.name, action: 'edit', commentId: id, detail: `text edited (${row.body.length} → ${body.length} characters)` });
        }
        return publicView(toComment(updated), actor.kind === 'reader' ? { canEdit: true } : undefined);
      });
    },

    /** Removes a comment; one with replies stays as a "deleted" placeholder so the thread holds. */
    async remove(id: number, actor: Actor): Promise<void> {
      const row = await loadForChange(id, actor);
      await db.transaction().execute(async (tx) => {
        if (await hasVisibleReplies(tx, id)) {
          await tx.updateTable('comments').set({ status: 'deleted', body: '', body_html: '', author_email: '' }).where('id', '=', id).execute();
        } else {
          await tx.deleteFrom('comments').where('id', '=', id).execute();
        }
        await bumpArticleVersion(tx, row.article_id);
        if (actor.kind === 'moderator') {
          await deps.audit(tx, { actor: actor.name, action: 'delete', commentId: id, detail: `deleted a comment by ${row.author_name}` });
        }
      });
    },

    /** This reader's comments on the article that make their page personal: still editable, or held for moderation. */
    async personalFor(articleId: number, readerId: string | undefined, userId?: number): Promise<number[]> {
      return ownPersonalIds(db, articleId, readerId, userId, editWindowMs() > 0 ? editSince() : undefined);
    },

    async myVote(id: number, readerId: string): Promise<number> {
      return (await readerVotes(db, readerId, [id])).get(id) ?? 0;
    },

    async articleIdOf(id: number): Promise<number> {
      const row = await findCommentRow(db, id);
      if (!row) throw notFound('COMMENT_NOT_FOUND', 'Comment');
      return row.article_id;
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
