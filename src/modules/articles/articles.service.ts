// Articles: create, edit, publish; Markdown rendered once on save, never per request.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { ImagesService } from './images.service.js';
import { referencedImageIds, renderMarkdown } from './markdown.js';
import {
  type AdminStatus, type Article, type ArticleCounts, countByAdminStatus, findArticleById, findArticleBySlug, insertArticle, listForAdmin, listPublished, updateArticleRow,
} from './articles.repo.js';
import type { articleInput, articlePatch } from './articles.schemas.js';
import type { Caller } from '../accounts/index.js';
import { mayChangeArticle, mayPublish } from './rules.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { articleSubject } from './articles.events.js';
import { indexArticle } from './search.repo.js';
import { lockArticle, relist } from './listing-index.repo.js';
import type { DialectName } from '../../platform/db/database.js';
import { createArticleImport } from './article-import.js';
import { createArticleSeed } from './article-seed.js';
import type { AuthorRef } from '../accounts/index.js';
import { attachAuthors, countPublishedByAuthor, publishedByAuthor, removeAuthorFromAll, replaceArticleAuthors } from './article-authors.repo.js';
import { joinNames } from './bylines.js';
import { findPreviousRevision, findRevision, insertRevision, listRevisions, type Revision } from './revisions.repo.js';
import { diffWords, type DiffPart } from './text-diff.js';
import { checkLeadImage, leadsOf, withLeads } from './lead-image.js';
import { createPublicArticleMemo } from './public-article-memo.js';

export function slugify(title: string): string {
  const s = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
  return s || 'article';
}


export function isVisible(a: Article, now: Date): boolean {
  return a.status === 'published' && a.publishedAt !== null && a.publishedAt <= now.toISOString();
}

/** Draft, in review (a draft submitted by its author), scheduled (published, date ahead) or published. */
export function adminStatusOf(a: Article, now: Date): AdminStatus {
  if (a.status === 'draft') return a.reviewRequestedAt ? 'review' : 'draft';
  return a.publishedAt !== null && a.publishedAt > now.toISOString() ? 'scheduled' : 'published';
}

export type ArticleCreate = Omit<z.output<typeof articleInput>, 'commentsOpen' | 'kind' | 'leadImageId' | 'leadCaption' | 'leadCredit'>
  & { commentsOpen?: boolean | null; kind?: 'article' | 'page' } & Partial<Pick<z.output<typeof articleInput>, 'leadImageId' | 'leadCaption' | 'leadCredit'>>;

const commentsOpenColumn = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/** Who a revision names: the caller's account and name, or the system (the scheduler, the demo seeder, the CLI). */
const reviser = (by: Caller | undefined) => ({ userId: by?.user?.id ?? null, name: by?.name ?? 'System' });

/** A revision with what changed since the one before it (the first one: against nothing). */
export interface RevisionDiff { revision: Revision; previous: Revision | undefined; title: DiffPart[]; summary: DiffPart[]; body: DiffPart[] }

/** The accounts module's side of bylines: the accounts in order, each given a slug in the article's transaction. */
export interface BylineAccounts { bylineAccounts(ids: number[], q: Transaction<Database>): Promise<AuthorRef[]> }

export function createArticlesService(deps: {
  db: Kysely<Database>; dialect: DialectName; events: EventBus; images: ImagesService; clock: Clock; authors: BylineAccounts;
  /** Whether a slug is a first path segment of the application (a page there could never be reached at /:slug). */
  reservedSlug?: (slug: string) => boolean;
}) {
  const { db, dialect, events, images, clock } = deps;
  const slugReserved = (slug: string) => new AppError(409, 'SLUG_RESERVED', `/${slug} is an address of the site itself: choose another slug for this page`, 'slug');

  const withAuthors = <T extends Article[]>(list: T, q: Kysely<Database> | Transaction<Database> = db): Promise<T> => attachAuthors(q, list);
  const oneWithAuthors = async (a: Article, q: Kysely<Database> | Transaction<Database> = db) => (await withAuthors([a], q))[0]!;

  /** Links the accounts to the article in order; the byline text their names make (undefined: none given). */
  async function setByline(tx: Transaction<Database>, articleId: number, ids: number[]): Promise<string | undefined> {
    const refs = await deps.authors.bylineAccounts(ids, tx);
    await replaceArticleAuthors(tx, articleId, refs.map((r) => r.id));
    return refs.length > 0 ? joinNames(refs.map((r) => r.name)) : undefined;
  }
  // Articles as readers get them, by slug, kept until an event about them (public-article-memo.ts). Shared
  // objects: callers copy before changing anything.
  const publicArticles = createPublicArticleMemo({
    events, now: () => clock().getTime(),
    load: async (slug) => {
      const a = await findArticleBySlug(db, slug);
      return a && (await withLeads(db, [await oneWithAuthors(a)]))[0];
    },
  });
  const noByline = () => new AppError(422, 'AUTHOR_REQUIRED', 'Choose the authors or type the byline', 'authorName');

  // A deleted account's links leave the bylines (their text stays), in the deletion's transaction; the
  // articles' pages change with it.
  events.onEmit('account.deleted', async (e, { tx, emit }) => {
    for (const a of await removeAuthorFromAll(tx, e.payload.userId)) await emit('article.updated', { articleId: a.id, slug: a.slug }, articleSubject(a.id));
  });

  const render = async (markdown: string) => renderMarkdown(markdown, await images.refs(referencedImageIds(markdown)));

  function assertMayChange(a: Article, by: Caller) {
    if (!mayChangeArticle(by, a)) throw new AppError(403, 'FORBIDDEN', 'Authors may only change their own drafts');
  }
  const mayNotPublish = () => new AppError(403, 'FORBIDDEN', 'Your role may write drafts but not publish or schedule them');

  /** Writes a change to an article and announces it in the same transaction. */
  async function change(id: number, type: 'article.updated' | 'article.published' | 'article.unpublished' | 'article.submitted', patch: Parameters<typeof updateArticleRow>[2], by: Caller | undefined, authorIds?: number[]): Promise<Article> {
    return events.transaction(async ({ tx, emit }) => {
      await lockArticle(tx, dialect, id);
      const before = await findArticleById(tx, id);
      if (!before) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      // A new byline: its accounts, and its text from their names unless a text was given.
      const names = authorIds ? await setByline(tx, id, authorIds) : undefined;
      const a = await updateArticleRow(tx, id, names !== undefined && patch.author_name === undefined ? { ...patch, author_name: names } : patch);
      if (!a) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      // The listings' tag rows and month counts change with it too.
      await relist(tx, before, a);
      // Every save is kept as a revision, in the save's transaction.
      await insertRevision(tx, a, reviser(by), clock().toISOString());
      // The search index changes with the article, in its transaction.
      await indexArticle(tx, dialect, a);
      const about = { articleId: a.id, slug: a.slug };
      if (type === 'article.published') await emit(type, { ...about, publishedAt: a.publishedAt! }, articleSubject(a.id));
      else await emit(type, about, articleSubject(a.id));
      return oneWithAuthors(a, tx);
    });
  }

  const slugTaken = (slug: string) => new AppError(409, 'SLUG_TAKEN', `An article with slug "${slug}" already exists`, 'slug');

  const service = {
    /** commentsOpen may be left out (null: the site's default), as callers other than the API do. */
    async create(input: ArticleCreate, by?: Caller): Promise<Article> {
      if (by && !mayPublish(by) && (input.status === 'published' || input.publishedAt)) throw mayNotPublish();
      const now = clock().toISOString();
      const slug = input.slug ?? slugify(input.title);
      const kind = input.kind ?? 'article';
      if (kind === 'page' && deps.reservedSlug?.(slug)) throw slugReserved(slug);
      if (await findArticleBySlug(db, slug)) throw slugTaken(slug);
      const publishedAt = input.publishedAt ? new Date(input.publishedAt).toISOString() : input.status === 'published' ? now : null;
      const bodyHtml = await render(input.bodyMarkdown);
      await checkLeadImage(db, input.leadImageId);
      try {
        return await events.transaction(async ({ tx, emit }) => {
          // The byline: the accounts chosen (by default the one creating it), its text typed or made of their names.
          const ids = input.authorIds ?? (by?.user ? [by.user.id] : []);
          const refs = ids.length > 0 ? await deps.authors.bylineAccounts(ids, tx) : [];
          const authorName = input.authorName ?? (refs.length > 0 ? joinNames(refs.map((r) => r.name)) : undefined);
          if (authorName === undefined) throw noByline();
          const a = await insertArticle(tx, {
          slug,
          title: input.title,
          summary: input.summary,
          body_markdown: input.bodyMarkdown,
          body_html: bodyHtml,
          author_name: authorName,
          tags: JSON.stringify([...new Set(input.tags)]),
          status: input.status,
          published_at: publishedAt,
          owner_id: by?.user?.id ?? null,
          comments_open: commentsOpenColumn(input.commentsOpen ?? null),
          kind,
          lead_image_id: input.leadImageId ?? null,
          lead_caption: input.leadCaption ?? '',
          lead_credit: input.leadCredit ?? '',
          created_at: now,
          updated_at: now,
          });
          await replaceArticleAuthors(tx, a.id, refs.map((r) => r.id));
          await indexArticle(tx, dialect, a);
          await relist(tx, undefined, a);
          await insertRevision(tx, a, reviser(by), now);
          await emit('article.created', { articleId: a.id, slug: a.slug, status: a.status, publishedAt: a.publishedAt }, articleSubject(a.id));
          if (a.status === 'published' && a.publishedAt) await emit('article.published', { articleId: a.id, slug: a.slug, publishedAt: a.publishedAt }, articleSubject(a.id));
          return oneWithAuthors(a, tx);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken(slug);
        throw err;
      }
    },

    /**
     * Changes an article. With `ifUpdatedAt` (the version the editor opened) a save over someone else's newer
     * save is refused with 409 EDIT_CONFLICT, for the editor pages and the API alike.
     */
    async update(id: number, patch: z.output<typeof articlePatch>, by?: Caller, opts: { ifUpdatedAt?: string } = {}): Promise<Article> {
      const existing = await findArticleById(db, id);
      if (!existing) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      if (by) assertMayChange(existing, by);
      if (by && !mayPublish(by) && patch.publishedAt !== undefined) throw mayNotPublish();
      if (opts.ifUpdatedAt !== undefined && opts.ifUpdatedAt !== existing.updatedAt) {
        throw new AppError(409, 'EDIT_CONFLICT', 'Someone else saved this article after you opened it. Your version is below; save again to replace theirs, or open the article anew to see their changes.');
      }
      if (patch.slug && patch.slug !== existing.slug && existing.kind === 'page' && deps.reservedSlug?.(patch.slug)) throw slugReserved(patch.slug);
      if (patch.slug && patch.slug !== existing.slug && (await findArticleBySlug(db, patch.slug))) throw slugTaken(patch.slug);
      const bodyHtml = patch.bodyMarkdown !== undefined ? await render(patch.bodyMarkdown) : undefined;
      await checkLeadImage(db, patch.leadImageId);
      try {
        return await change(id, 'article.updated', {
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.slug !== undefined && { slug: patch.slug }),
          ...(patch.summary !== undefined && { summary: patch.summary }),
          ...(patch.authorName !== undefined && { author_name: patch.authorName }),
          ...(patch.tags !== undefined && { tags: JSON.stringify([...new Set(patch.tags)]) }),
          ...(patch.publishedAt !== undefined && { published_at: new Date(patch.publishedAt).toISOString() }),
          ...(patch.commentsOpen !== undefined && { comments_open: commentsOpenColumn(patch.commentsOpen) }),
          ...(patch.bodyMarkdown !== undefined && { body_markdown: patch.bodyMarkdown, body_html: bodyHtml }),
          ...(patch.leadImageId !== undefined && { lead_image_id: patch.leadImageId }),
          ...(patch.leadCaption !== undefined && { lead_caption: patch.leadCaption }),
          ...(patch.leadCredit !== undefined && { lead_credit: patch.leadCredit }),
          updated_at: clock().toISOString(),
        }, by, patch.authorIds);
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken(patch.slug ?? '');
        throw err;
      }
    },

    async submitForReview(id: number, by: Caller): Promise<Article> {
      const existing = await findArticleById(db, id);
      if (!existing) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      assertMayChange(existing, by);
      return change(id, 'article.submitted', { review_requested_at: clock().toISOString(), updated_at: clock().toISOString() }, by);
    },

    preview: (markdown: string) => render(markdown),

    /** The lead images of these articles (feeds), by article id. */
    leadsOf: (list: Parameters<typeof leadsOf>[1]) => leadsOf(db, list),

    async publish(id: number, publishedAt?: string, by?: Caller): Promise<Article> {
      const existing = await findArticleById(db, id);
      if (!existing) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      const at = publishedAt ? new Date(publishedAt).toISOString() : (existing.publishedAt ?? clock().toISOString());
      // Published (or scheduled) work is no longer waiting for review.
      return change(id, 'article.published', { status: 'published', published_at: at, review_requested_at: null, updated_at: clock().toISOString() }, by);
    },

    unpublish: (id: number, by?: Caller): Promise<Article> => change(id, 'article.unpublished', { status: 'draft', updated_at: clock().toISOString() }, by),

    /** An article's revisions, newest first; only for those who may change the article. */
    async revisions(id: number, by: Caller, limit = 200): Promise<{ article: Article; revisions: Revision[] }> {
      const article = await findArticleById(db, id);
      if (!article) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      assertMayChange(article, by);
      return { article, revisions: await listRevisions(db, id, limit) };
    },

    /** One revision and its word-level diff to the revision before it. */
    async revisionDiff(id: number, revisionId: number, by: Caller): Promise<{ article: Article } & RevisionDiff> {
      const article = await findArticleById(db, id);
      if (!article) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      assertMayChange(article, by);
      const revision = await findRevision(db, id, revisionId);
      if (!revision) throw notFound('REVISION_NOT_FOUND', 'Revision');
      const previous = await findPreviousRevision(db, id, revisionId);
      return {
        article, revision, previous,
        title: diffWords(previous?.title ?? '', revision.title),
        summary: diffWords(previous?.summary ?? '', revision.summary),
        body: diffWords(previous?.bodyMarkdown ?? '', revision.bodyMarkdown),
      };
    },

    /** Brings back an older revision's title, summary and text: a save like any other, kept as a new revision. */
    async restoreRevision(id: number, revisionId: number, by: Caller): Promise<Article> {
      const revision = await findRevision(db, id, revisionId);
      if (!revision) throw notFound('REVISION_NOT_FOUND', 'Revision');
      return service.update(id, { title: revision.title, summary: revision.summary, bodyMarkdown: revision.bodyMarkdown }, by);
    },

    /** A published article by slug, or ARTICLE_NOT_FOUND (drafts, scheduled ones and static pages are not public articles). */
    async getPublic(slug: string): Promise<Article> {
      const a = await publicArticles.get(slug);
      if (!a || a.kind !== 'article' || !isVisible(a, clock())) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      return a;
    },

    /** A published static page by slug, or PAGE_NOT_FOUND. */
    async getPublicPage(slug: string): Promise<Article> {
      const a = await findArticleBySlug(db, slug);
      if (!a || a.kind !== 'page' || !isVisible(a, clock())) throw notFound('PAGE_NOT_FOUND', 'Page');
      return (await withLeads(db, [a]))[0]!;
    },

    /** An article by id (`q`: a transaction to read in, e.g. an event listener's). */
    async getById(id: number, q: Kysely<Database> | Transaction<Database> = db): Promise<Article> {
      const a = await findArticleById(q, id);
      if (!a) throw notFound('ARTICLE_NOT_FOUND', 'Article');
      return oneWithAuthors(a, q);
    },

    /** The newsroom's list; ownerId limits it to one author's articles. */
    listForAdmin(query: { status?: AdminStatus; q?: string; ownerId?: number; kind?: 'article' | 'page'; limit?: number }): Promise<Article[]> {
      return listForAdmin(db, { ...query, now: clock().toISOString(), limit: query.limit ?? 200 });
    },

    /** How many articles are published, scheduled, in review and drafts at `now` (the dashboard). */
    counts(now: Date = clock()): Promise<ArticleCounts> {
      return countByAdminStatus(db, now.toISOString());
    },

    async latest(limit = 20): Promise<Article[]> {
      return withLeads(db, await withAuthors(await listPublished(db, clock().toISOString(), limit)));
    },

    /** One page of an account's published articles, newest first, and how many there are in all. */
    async publishedByAuthor(userId: number, page: { limit: number; offset: number }): Promise<{ articles: Article[]; total: number }> {
      const now = clock().toISOString();
      const [list, total] = await Promise.all([publishedByAuthor(db, userId, now, page.limit, page.offset), countPublishedByAuthor(db, userId, now)]);
      return { articles: await withLeads(db, await withAuthors(list)), total };
    },

    /** An article from another system with its own dates and slug (article-import.ts; the transfer module). */
    importArticle: createArticleImport({ dialect, events }),

    /** Made-up articles in bulk for a large test site (`gazette seed`; article-seed.ts). */
    ...createArticleSeed({ db, dialect, bylineAccounts: (ids, tx) => deps.authors.bylineAccounts(ids, tx) }),
  };
  return service;
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
