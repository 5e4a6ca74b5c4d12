// Comment rules: posting and replying, one vote per reader, the author's edit window, deletion — and the
// only writer of comments, votes and revisions: moderation, account deletion and imports change comments
// through the methods here. Every change is emitted as a domain event in its transaction
// (comments.events.ts); caches, the audit log and the spam filter's learning listen to those.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { CommentStatus, Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus, TransactionOptions, UnitOfWork } from '../../platform/events/event-bus.js';
import type { DialectName } from '../../platform/db/database.js';
import type { Article } from '../articles/index.js';
import { commentHtml, commentPermalink, normaliseCommentText, type Mentionable } from './comment-text.js';
import { buildThreads, type CommentSort, decodeCursor, encodeCursor } from './comment-tree.js';
import {
  anonymiseByUser, applyVote, authorsOf, type CommentRecord, countPublished, countPublishedOf, countPublishedSince, exportRowsOf, findCommentRow, idsByUser, insertComment, insertRevision, mentionableAuthors,
  ownPersonalIds, removeCommentRow, repliesOfThreads, revisionsOf, toComment, topLevelPage, updateComment, votesOf,
} from './comments.repo.js';
import { articleSubject, type ChangedBy } from './comments.events.js';
import type { CommentThread, newCommentInput } from './comments.schemas.js';
import type { Caller } from '../accounts/index.js';
import type { Moderate, ModerationResult } from './moderation-port.js';
import { commenterOf, mayChangeComment, mayModerateComments, voterOf, wrote } from './rules.js';
import { anchorColumns, anchorColumnsIn, anchorOnReply, feedbackPassages, markedWith, reattachAnchors } from './inline-feedback.js';
import { createOwnInSight } from './own-in-sight.js';
import { createThreadPageCache } from './thread-page-cache.js';
import { createKeptPerArticle } from './kept-per-article.js';
import type { Passage } from './anchors.js';

/**
 * A reader's own frequent writes (a comment, a vote) commit without waiting for PostgreSQL's disk flush: what
 * that may lose, and why, is at TransactionOptions (platform/events/event-bus.ts).
 */
const READERS_WRITE: TransactionOptions = { waitForFlush: false };

/** A person a comment concerns: the address is for the server's mail only. */
export interface Concerned { email: string; userId: number | null }
export interface CommentAudience {
  id: number; articleId: number; status: CommentStatus; author: Concerned; parent?: Concerned; mentioned: Concerned[];
}
export interface MailComment { id: number; articleId: number; parentId: number | null; authorName: string; body: string; createdAt: string }

/** Where a comment came from: the address (only its keyed digest is stored) and the HTML form's traps. */
export interface CommentOrigin { ip: string | null; form?: { honeypot: string; renderedAt: number | null } }

export interface ThreadPage {
  comments: CommentThread[];
  nextCursor: string | null;
  total: number;
}

export interface CommentsDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  events: EventBus;
  clock: Clock;
  editWindowMs: () => number;
  commentsOpenByDefault: () => boolean;
  moderate: Moderate;
}

/** A comment brought in from elsewhere (the demo content, an import): stored as it was, without moderation. */
export interface ImportedComment {
  articleId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  body: string;
  status: 'published' | 'pending' | 'spam';
  up: number;
  down: number;
  createdAt: string;
  editedAt: string | null;
  editedBy: string | null;
}

const STRICTNESS = ['published', 'pending', 'spam', 'rejected'] as const;
type Strictness = (typeof STRICTNESS)[number];

/** The caller as a change records them: a moderator (by name) or the comment's own author. */
const byOf = (c: Caller): ChangedBy => (mayModerateComments(c)
  ? { kind: 'moderator', name: c.name, ...(c.user && { userId: c.user.id }) }
  : { kind: 'reader', ...(c.user && { userId: c.user.id }) });

export function createCommentsService(deps: CommentsDeps) {
  const { db, clock, events } = deps;
  const editWindowMs = () => deps.editWindowMs();
  const ownInSight = createOwnInSight({ db, events, clock, editWindowMs });
  // The pages everyone sees, kept until an event about their article (thread-page-cache.ts).
  const sharedPages = createThreadPageCache({ events, now: () => clock().getTime() });
  // Kept until an event about the article that can change them (kept-per-article.ts).
  const publishedCounts = createKeptPerArticle<number>({ events, now: () => clock().getTime(), unchangedBy: ['comment.voted', 'comment.edited'] });
  const feedbackMarks = createKeptPerArticle<Passage[]>({ events, now: () => clock().getTime(), unchangedBy: ['comment.voted'] });

  /** The earlier commenters a body mentions with "@Name" (looked up only when it has an "@"). */
  const mentionsIn = async (tx: Kysely<Database> | Transaction<Database>, articleId: number, body: string): Promise<Mentionable[]> => {
    if (!body.includes('@')) return [];
    return (await mentionableAuthors(tx, articleId)).map((a) => ({ name: a.author_name, href: commentPermalink(Number(a.id)) }));
  };

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
    ...(c.anchor && { anchor: c.anchor }),
  });

  /** Authors may change comments written since then; undefined when the window is 0 minutes (never). */
  const editableSince = () => (editWindowMs() > 0 ? new Date(clock().getTime() - editWindowMs()).toISOString() : undefined);

  /** A refusal from the pipeline as the poster's error (429 for rate limits, 403 for bans). */
  const refusal = ({ status, code, reason }: NonNullable<ModerationResult['refusal']>) => new AppError(status, code, code === 'RATE_LIMITED'
    ? `You are commenting too fast: ${reason}` : code === 'BANNED' ? 'You cannot comment here' : `Your comment was not accepted: ${reason}`);
  const refuse = (m: ModerationResult) => { if (m.verdict === 'rejected') throw refusal(m.refusal ?? { status: 400, code: 'COMMENT_REJECTED', reason: 'refused' }); };

  async function loadForChange(id: number, caller: Caller) {
    const row = await findCommentRow(db, id);
    if (!row || row.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', 'Comment');
    if (mayChangeComment(caller, row, editableSince())) return row;
    if (!wrote(caller, row)) throw new AppError(403, 'NOT_AUTHOR', 'Only the author of this comment can change it');
    throw new AppError(403, 'EDIT_WINDOW_CLOSED', `Comments can only be changed for ${Math.round(editWindowMs() / 60000)} minutes after posting`);
  }

  /** list() without the shared pages: read for this caller (their votes, edit links and held comments). */
  async function listFor(article: Pick<Article, 'id'>, opts: { sort: CommentSort; cursor?: string; limit: number; caller?: Caller; inline?: boolean }): Promise<ThreadPage> {
    let cursor;
    if (opts.cursor !== undefined) {
      cursor = decodeCursor(opts.cursor);
      if (!cursor || cursor.sort !== opts.sort) throw new AppError(400, 'INVALID_CURSOR', 'The cursor is not valid for this list', 'cursor');
    }
    const c = opts.caller;
    const owner = c && (c.readerId !== undefined || c.user) ? { readerId: c.readerId, userId: c.user?.id } : undefined;
    // The count does not wait for the page (one round trip fewer on PostgreSQL).
    const counting = publishedCounts.get(article.id, '', () => countPublished(db, article.id));
    counting.catch(() => { /* awaited below; a failure of the page's own reads comes first */ });
    const page = await topLevelPage(db, article.id, opts.sort, cursor, opts.limit + 1, owner, opts.inline);
    const more = page.length > opts.limit;
    const roots = more ? page.slice(0, opts.limit) : page;
    const replies = await repliesOfThreads(db, roots.map((r) => r.id), owner);
    const last = roots[roots.length - 1];
    const nextCursor = more && last
      ? encodeCursor({ sort: opts.sort, key: opts.sort === 'votes' ? last.up - last.down : last.createdAt, id: last.id })
      : null;
    let decorate = (c: CommentRecord) => publicView(c);
    const voter = c && voterOf(c);
    if (c && voter !== undefined) {
      const all = [...roots, ...replies];
      const votes = await votesOf(db, voter, all.map((x) => x.id));
      const since = editableSince();
      // Edit links are the author's own: a moderator edits from the moderation pages.
      decorate = (x) => publicView(x, {
        myVote: votes.get(x.id) ?? 0,
        canEdit: !x.deleted && since !== undefined && x.createdAt >= since && wrote(c, { user_id: x.userId, reader_id: x.readerId }),
      });
    }
    const threads = buildThreads(roots, replies, opts.sort);
    const toView = (n: (typeof threads)[number]): CommentThread => ({ ...decorate(n), replies: n.replies.map(toView) });
    return { comments: threads.map(toView), nextCursor, total: await counting };
  }

  const service = {

    /** One page of threads with their replies; a `caller` sees their own votes, edit rights and held comments. */
    async list(article: Pick<Article, 'id'>, opts: { sort: CommentSort; cursor?: string; limit: number; caller?: Caller; inline?: boolean }): Promise<ThreadPage> {
      const c = opts.caller;
      // A caller with no reader identity and no account has no vote, edit link or held comment to see.
      if (!c || (c.readerId === undefined && !c.user)) {
        return sharedPages.get(article.id, { sort: opts.sort, cursor: opts.cursor, limit: opts.limit, inline: opts.inline ?? false }, () => listFor(article, { ...opts, caller: undefined }));
      }
      return listFor(article, opts);
    },

    /** Posts a comment after the moderation pipeline: published, held (pending), spam, or refused. */
    async create(article: Article, input: z.output<typeof newCommentInput>, caller: Caller, origin: CommentOrigin) {
      const now = clock();
      const account = commenterOf(caller);
      const readerId = caller.readerId ?? null;
      if (article.kind === 'page') throw new AppError(403, 'NO_COMMENTS_ON_PAGES', 'Static pages take no comments');
      if (!(article.commentsOpen ?? deps.commentsOpenByDefault())) throw new AppError(403, 'COMMENTS_CLOSED', 'Comments are closed on this article');
      if (!account) {
        if (!input.authorName) throw new AppError(400, 'REQUIRED', 'authorName: your name is required', 'authorName');
        if (!input.authorEmail) throw new AppError(400, 'REQUIRED', 'authorEmail: your e-mail is required (it is never shown)', 'authorEmail');
      }
      const authorName = account?.name ?? input.authorName!;
      const authorEmail = (account?.email ?? input.authorEmail!).toLowerCase();
      const body = normaliseCommentText(input.body);
      const ipHash = origin.ip !== null ? caller.network : null;
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
      // Inline feedback quotes the article; a reply belongs to the feedback it answers.
      if (input.anchor && input.parentId != null) throw anchorOnReply();
      if (input.anchor) anchorColumns(article.bodyHtml, input.anchor); // refused before moderation counts it
      // The pipeline reads through its own connection, so it runs before the write transaction
      // (SQLite has one connection: a query inside the transaction from elsewhere would wait for ever). A
      // reply's parent is read meanwhile (one wait instead of two on PostgreSQL); a reply to a comment not
      // there is refused all the same, and counts towards the rate limits like any attempt.
      const [, m] = await Promise.all([checkParent(db), deps.moderate({
        text: body, authorName, authorEmail, userId: account?.userId ?? null, readerId, ip: origin.ip, ipHash,
        articleId: article.id, commentId: null, isEdit: false, form: origin.form, now,
      })]);
      refuse(m);
      return events.transaction(async ({ tx, emitMany }) => {
        const parent = await checkParent(tx);
        const anchor = input.anchor ? await anchorColumnsIn(tx, deps.dialect, article.id, input.anchor) : {};
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
          body_html: commentHtml(body, await mentionsIn(tx, article.id, body)),
          status: m.verdict as CommentStatus,
          moderation: JSON.stringify(m.record),
          spam_score: m.spamScore,
          ip_hash: ipHash,
          text_hash: m.textHash,
          ...anchor,
          created_at: now.toISOString(),
          edited_at: null,
          edited_by: null,
        });
        const about = { commentId: row.id, articleId: article.id, parentId: row.parent_id, userId: row.user_id };
        const notify = input.notify === 'replies' || input.notify === 'all' ? { notify: input.notify } : {};
        const subject = articleSubject(article.id);
        await emitMany([
          { type: 'comment.created', payload: { ...about, status: row.status, by: { kind: 'reader', ...(account && { userId: account.userId }) }, ...notify }, subject },
          ...(row.status === 'published' ? [{ type: 'comment.published' as const, payload: about, subject }] : []),
        ]);
        return publicView(toComment(row), { myVote: 0, canEdit: editableSince() !== undefined });
      }, undefined, READERS_WRITE);
    },

    /** A reader's vote (their account's when signed in, else their reader cookie's: see voterOf). */
    async vote(id: number, value: -1 | 0 | 1, caller: Caller) {
      const voter = voterOf(caller);
      if (voter === undefined) throw new AppError(400, 'NO_READER', 'Votes need the reader cookie');
      return events.transaction(async ({ tx, emit }) => {
        const row = await findCommentRow(tx, id);
        if (!row || row.status !== 'published') throw notFound('COMMENT_NOT_FOUND', 'Comment');
        if (wrote(caller, row)) throw new AppError(403, 'OWN_COMMENT', 'You cannot vote on your own comment');
        await applyVote(tx, id, voter, value, clock().toISOString());
        const after = (await findCommentRow(tx, id))!;
        if (after.up !== row.up || after.down !== row.down) {
          await emit('comment.voted', { commentId: id, articleId: row.article_id, up: after.up, down: after.down }, articleSubject(row.article_id));
        }
        return { up: after.up, down: after.down, myVote: value };
      }, undefined, READERS_WRITE);
    },

    /** Edits a comment: the earlier text is kept as a revision; an author's edit passes moderation again. */
    async edit(id: number, bodyText: string, caller: Caller, origin: CommentOrigin = { ip: null }) {
      const row = await loadForChange(id, caller);
      const body = normaliseCommentText(bodyText);
      const byModerator = mayModerateComments(caller);
      const editedBy = byModerator ? caller.name : row.author_name;
      let moderated: ModerationResult | undefined;
      if (!byModerator) {
        moderated = await deps.moderate({
          text: body, authorName: row.author_name, authorEmail: row.author_email, userId: row.user_id, readerId: row.reader_id,
          ip: origin.ip, ipHash: origin.ip !== null ? caller.network : row.ip_hash, articleId: row.article_id, commentId: id,
          isEdit: true, now: clock(),
        });
        refuse(moderated);
      }
      return events.transaction(async ({ tx, emit }) => {
        await insertRevision(tx, { comment_id: id, body: row.body, replaced_at: clock().toISOString(), replaced_by: editedBy });
        const updated = await updateComment(tx, id, {
          body,
          body_html: commentHtml(body, (await mentionsIn(tx, row.article_id, body)).filter((n) => n.href !== commentPermalink(id))),
          edited_at: clock().toISOString(),
          edited_by: editedBy,
          ...(moderated && {
            // An author's edit never lifts a hold or a moderator's decision; it can only make the status stricter.
            status: STRICTNESS[Math.max(STRICTNESS.indexOf(row.status as Strictness), STRICTNESS.indexOf(moderated.verdict))],
            moderation: JSON.stringify(moderated.record), spam_score: moderated.spamScore, text_hash: moderated.textHash,
          }),
        });
        const about = { commentId: id, articleId: row.article_id };
        await emit('comment.edited', { ...about, by: byOf(caller), status: updated.status, lengths: { before: row.body.length, after: body.length } }, articleSubject(row.article_id));
        if (updated.status !== row.status) {
          await emit('comment.status-changed', { ...about, from: row.status, to: updated.status, by: byOf(caller), action: 'edit' }, articleSubject(row.article_id));
        }
        return publicView(toComment(updated), byModerator ? undefined : { canEdit: true });
      });
    },

    /** Removes a comment; one with replies stays as a "deleted" placeholder so the thread holds. */
    async remove(id: number, caller: Caller): Promise<void> {
      const row = await loadForChange(id, caller);
      await events.transaction(async ({ tx, emit }) => {
        const { placeholder } = await removeCommentRow(tx, id);
        await emit('comment.deleted', { commentId: id, articleId: row.article_id, by: byOf(caller), placeholder, authorName: row.author_name, status: row.status }, articleSubject(row.article_id));
      });
    },

    /**
     * A decision on comments (a moderator's, or the system's when readers report one): each changes to
     * `to`, in one transaction (the caller's when it passes one). Unknown or deleted ids refuse the whole
     * change. Returns the comments as they were.
     */
    async changeStatus(ids: readonly number[], to: Exclude<CommentStatus, 'deleted'>, by: ChangedBy, action: string, outer?: UnitOfWork) {
      return events.transaction(async ({ tx, emit }) => {
        const rows = [];
        for (const id of new Set(ids)) {
          const row = await findCommentRow(tx, id);
          if (!row || row.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', 'Comment');
          rows.push(row);
        }
        for (const row of rows) {
          await updateComment(tx, row.id, { status: to });
          const about = { commentId: row.id, articleId: row.article_id };
          await emit('comment.status-changed', { ...about, from: row.status, to, by, action }, articleSubject(row.article_id));
          if (to === 'published' && row.status !== 'published') {
            await emit('comment.published', { ...about, parentId: row.parent_id, userId: row.user_id }, articleSubject(row.article_id));
          }
        }
        return rows;
      }, outer);
    },

    /** An account is deleted: its comments stay as by "deleted user", or go (placeholders where others replied). */
    async removeByAuthor(userId: number, mode: 'keep' | 'remove', outer: UnitOfWork): Promise<void> {
      const { tx, emit } = outer;
      const own = await idsByUser(tx, userId);
      const by: ChangedBy = { kind: 'system', reason: 'account deleted' };
      if (mode === 'remove') {
        for (const c of own) {
          const { placeholder } = await removeCommentRow(tx, c.id);
          await emit('comment.deleted', { commentId: c.id, articleId: c.article_id, by, placeholder, authorName: c.author_name, status: c.status }, articleSubject(c.article_id));
        }
      }
      await anonymiseByUser(tx, userId);
      if (mode === 'keep') {
        for (const c of own) await emit('comment.edited', { commentId: c.id, articleId: c.article_id, by, status: c.status }, articleSubject(c.article_id));
      }
    },

    /** Stores a comment as it was elsewhere (demo content, an import), without moderation. */
    async importComment(c: ImportedComment, outer?: UnitOfWork): Promise<number> {
      return events.transaction(async ({ tx, emit }) => {
        const parent = c.parentId === null ? undefined : await findCommentRow(tx, c.parentId);
        if (c.parentId !== null && (!parent || parent.article_id !== c.articleId)) throw new AppError(400, 'PARENT_NOT_FOUND', 'The parent comment is not on this article', 'parentId');
        const body = normaliseCommentText(c.body);
        const row = await insertComment(tx, {
          article_id: c.articleId, parent_id: parent?.id ?? null, root_id: parent ? (parent.root_id ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0,
          author_name: c.authorName, author_email: c.authorEmail.toLowerCase(), reader_id: null, body, body_html: commentHtml(body),
          status: c.status, up: c.up, down: c.down, score: c.up - c.down, created_at: c.createdAt, edited_at: c.editedAt, edited_by: c.editedBy,
        });
        const about = { commentId: row.id, articleId: c.articleId, parentId: row.parent_id, userId: null };
        await emit('comment.created', { ...about, status: row.status, by: { kind: 'import', source: 'import' } }, articleSubject(c.articleId));
        if (row.status === 'published') await emit('comment.published', about, articleSubject(c.articleId));
        return row.id;
      }, outer);
    },

    /** A comment as every reader sees it (the API's shape, nothing personal); undefined unless published. */
    async readerView(id: number) {
      const row = await findCommentRow(db, id);
      return row && row.status === 'published' ? publicView(toComment(row)) : undefined;
    },

    /** The text of a comment (what the spam filter learns from a decision); undefined once gone. */
    async textOf(id: number): Promise<string | undefined> {
      const row = await findCommentRow(db, id);
      return row && row.status !== 'deleted' ? row.body : undefined;
    },

    revisions: (id: number) => revisionsOf(db, id),

    /**
     * Who is concerned by a comment, for notifications (server side only: addresses never leave the
     * server): its author, the author of the comment it replies to, and the earlier commenters it mentions.
     */
    async audienceOf(id: number, q: Kysely<Database> | Transaction<Database> = db): Promise<CommentAudience | undefined> {
      const row = await findCommentRow(q, id);
      if (!row) return undefined;
      const parent = row.parent_id === null ? undefined : await findCommentRow(q, row.parent_id);
      const mentionedIds = [...row.body_html.matchAll(/href="\/comments\/(\d+)"/g)].map((m) => Number(m[1])).filter((x) => x !== id);
      const mentioned = await authorsOf(q, [...new Set(mentionedIds)]);
      const person = (r: { author_email: string; user_id: number | null }) => ({ email: r.author_email, userId: r.user_id });
      return {
        id, articleId: row.article_id, status: row.status, author: person(row),
        parent: parent && parent.status !== 'deleted' ? person(parent) : undefined,
        mentioned: mentioned.filter((m) => m.article_id === row.article_id).map(person),
      };
    },

    /** Comments as a notification mail shows them (published ones only: others are not shown to anyone). */
    async forMail(ids: readonly number[]): Promise<MailComment[]> {
      const rows = await authorsOf(db, [...ids]);
      return rows.filter((r) => r.status === 'published').map((r) => ({
        id: r.id, articleId: r.article_id, parentId: r.parent_id, authorName: r.author_name, body: r.body, createdAt: r.created_at,
      }));
    },

    /** Published comments of each of these articles (one query; articles without any are absent). */
    publishedCounts: (articleIds: readonly number[]) => countPublishedOf(db, articleIds),

    /** Published comments on any article written since `since` (an ISO time). */
    countPublishedSince: (since: string) => countPublishedSince(db, since),

    /** A person's comments, for their data export. */
    exportOf: (userId: number) => exportRowsOf(db, userId),

    /** This reader's comments on the article that make their page personal: still editable, or held for moderation. */
    /**
     * Whether a guest (reader cookie, no account) has a held or still editable comment on the article, told
     * from memory (kept per article, dropped by its comment events): their page is then personal.
     */
    hasOwnInSight: (articleId: number, readerId: string): Promise<boolean> => ownInSight.has(articleId, readerId),

    async personalFor(articleId: number, caller: Caller): Promise<number[]> {
      return ownPersonalIds(db, articleId, caller.readerId, caller.user?.id, editableSince());
    },

    async myVote(id: number, caller: Caller): Promise<number> {
      const voter = voterOf(caller);
      return voter === undefined ? 0 : (await votesOf(db, voter, [id])).get(id) ?? 0;
    },

    /** Marks the passages of the article's published inline feedback in its body HTML (the article page). */
    passageMarker: async (articleId: number, slug: string) =>
      markedWith(await feedbackMarks.get(articleId, slug, () => feedbackPassages(db, articleId, slug))),

    async articleIdOf(id: number): Promise<number> {
      const row = await findCommentRow(db, id);
      if (!row) throw notFound('COMMENT_NOT_FOUND', 'Comment');
      return row.article_id;
    },
    /** The article of a comment every reader may see (published); 404 for any other. */
    async articleIdOfPublished(id: number): Promise<number> {
      const row = await findCommentRow(db, id);
      if (!row || row.status !== 'published') throw notFound('COMMENT_NOT_FOUND', 'Comment');
      return row.article_id;
    },
  };

  // A deleted account's comments go with it, or stay anonymous, in the deletion's transaction.
  events.onEmit('account.deleted', (e, uow) => service.removeByAuthor(e.payload.userId, e.payload.comments, uow));
  // An edited article's inline feedback is placed again in the same transaction (marks never lag the body).
  events.onEmit('article.updated', (e, uow) => reattachAnchors(uow.tx, e.payload.articleId));
  return service;
}

export type CommentsService = ReturnType<typeof createCommentsService>;
