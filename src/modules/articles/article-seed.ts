// Made-up articles in bulk (`gazette seed`, for measuring a large site): each batch in one transaction with
// everything an article write keeps beside it — byline links, a first revision ('Seed'), the search row, the
// listing rows and month counts — in multi-row statements, and no domain event per row (nothing is running
// that would need one: seed a site before its server serves it). Markdown is rendered as on any save.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { reserveIds } from '../../platform/db/reserve-ids.js';
import type { AuthorRef } from '../accounts/index.js';
import { joinNames } from './bylines.js';
import { renderMarkdown } from './markdown.js';
import { countArticleRows, insertSeedArticles, type SeedRow } from './article-seed.repo.js';

export interface SeedArticle {
  title: string;
  summary: string;
  /** Plain Markdown without images. */
  bodyMarkdown: string;
  tags: string[];
  /** The byline's accounts (writing accounts, see BylineAccounts). */
  authorIds: number[];
  status: 'draft' | 'published';
  publishedAt: string | null;
  createdAt: string;
}

export function createArticleSeed(deps: {
  db: Kysely<Database>; dialect: DialectName;
  bylineAccounts: (ids: number[], tx: Parameters<typeof insertSeedArticles>[0]) => Promise<AuthorRef[]>;
}) {
  const { db, dialect } = deps;
  return {
    /** How many rows the articles table has (pages too): the seed command refuses a site that has some. */
    articleRows: () => countArticleRows(db),
    /** Writes the batch in one transaction; the articles' ids in the order given. */
    async seedArticles(batch: readonly SeedArticle[]): Promise<number[]> {
      const html = batch.map((a) => renderMarkdown(a.bodyMarkdown, new Map()));
      return db.transaction().execute(async (tx) => {
        const ids = await reserveIds(tx, dialect, 'articles', batch.length);
        const refs = new Map((await deps.bylineAccounts([...new Set(batch.flatMap((a) => a.authorIds))], tx)).map((r) => [r.id, r]));
        const slugs = new Set<string>();
        const rows: SeedRow[] = batch.map((a, i) => {
          const id = ids[i]!;
          const slug = `${slugOf(a.title)}-${id}`;
          slugs.add(slug);
          return {
            id, slug, title: a.title, summary: a.summary, body_markdown: a.bodyMarkdown, body_html: html[i]!,
            author_name: joinNames([...new Set(a.authorIds)].map((u) => refs.get(u)!.name)), tags: JSON.stringify([...new Set(a.tags)]),
            status: a.status, published_at: a.publishedAt, owner_id: a.authorIds[0] ?? null, kind: 'article',
            created_at: a.createdAt, updated_at: a.createdAt,
          };
        });
        await insertSeedArticles(tx, dialect, rows, new Map(batch.map((a, i) => [ids[i]!, [...new Set(a.authorIds)]])));
        return ids;
      });
    },
  };
}

/** The title's slug (as slugify, shortened: the id is appended, so seeded slugs never collide). */
const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'article';
