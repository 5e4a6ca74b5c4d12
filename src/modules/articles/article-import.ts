// An article brought in from another system (the transfer module's imports): written as it was there — its
// dates, slug (with a suffix when taken here), kind, status, lead image and byline accounts — with its search
// row, listing rows and first revision, announced like a created article. The body arrives as sanitised HTML (the importer's allow-list is the
// Markdown renderer's), so it is stored as it is rather than rendered.
import type { EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { DialectName } from '../../platform/db/database.js';
import { insertArticle, type Article } from './articles.repo.js';
import { takenSlugsLike } from './article-import.repo.js';
import { replaceArticleAuthors } from './article-authors.repo.js';
import { insertRevision } from './revisions.repo.js';
import { indexArticle } from './search.repo.js';
import { relist } from './listing-index.repo.js';
import { articleSubject } from './articles.events.js';

export interface ImportedArticle {
  slug: string;
  title: string;
  summary: string;
  /** What the editor opens (see the transfer module: Markdown made from the HTML). */
  bodyMarkdown: string;
  bodyHtml: string;
  authorName: string;
  authorIds: number[];
  tags: string[];
  kind: 'article' | 'page';
  status: 'draft' | 'published';
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  commentsOpen: boolean | null;
  leadImageId: number | null;
  leadCaption: string;
}

/** A free slug: the wanted one, else the first of wanted-2, wanted-3 … not taken. */
export function freeSlug(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export function createArticleImport(deps: { dialect: DialectName; events: EventBus }) {
  const { dialect, events } = deps;
  return async function importArticle(input: ImportedArticle, outer?: UnitOfWork): Promise<Article> {
    return events.transaction(async ({ tx, emit }) => {
      const slug = freeSlug(input.slug, await takenSlugsLike(tx, input.slug));
      const a = await insertArticle(tx, {
        slug, title: input.title, summary: input.summary, body_markdown: input.bodyMarkdown, body_html: input.bodyHtml,
        author_name: input.authorName, tags: JSON.stringify([...new Set(input.tags)]), status: input.status,
        published_at: input.publishedAt, owner_id: input.authorIds[0] ?? null,
        comments_open: input.commentsOpen === null ? null : input.commentsOpen ? 1 : 0,
        created_at: input.createdAt, updated_at: input.updatedAt, kind: input.kind,
        lead_image_id: input.leadImageId, lead_caption: input.leadCaption,
      });
      await replaceArticleAuthors(tx, a.id, [...new Set(input.authorIds)]);
      await indexArticle(tx, dialect, a);
      await relist(tx, undefined, a);
      // Its first revision: as it came in (who wrote it there is the byline; here, the import).
      await insertRevision(tx, a, { userId: null, name: 'Import' }, input.updatedAt);
      await emit('article.created', { articleId: a.id, slug: a.slug, status: a.status, publishedAt: a.publishedAt }, articleSubject(a.id));
      if (a.status === 'published' && a.publishedAt) await emit('article.published', { articleId: a.id, slug: a.slug, publishedAt: a.publishedAt }, articleSubject(a.id));
      return a;
    }, outer);
  };
}
