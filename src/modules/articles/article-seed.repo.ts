// Writes of a seeded batch of articles (article-seed.ts): multi-row statements for the articles and their
// byline links, revisions, search rows and listing rows; and how many articles a database holds.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ArticleRevisionsTable, ArticlesTable, Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { indexNewArticles } from './search.repo.js';
import { addToMonths, insertTagRows, monthOf } from './listing-index.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

export type SeedRow = Insertable<ArticlesTable> & { id: number; published_at: string | null; status: 'draft' | 'published'; kind: 'article'; tags: string };

const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

export async function insertSeedArticles(tx: Transaction<Database>, dialect: DialectName, rows: readonly SeedRow[], authors: ReadonlyMap<number, readonly number[]>): Promise<void> {
  await inChunks(rows, (c) => tx.insertInto('articles').values(c).execute());
  const links = rows.flatMap((r) => (authors.get(r.id) ?? []).map((user_id, position) => ({ article_id: r.id, user_id, position })));
  await inChunks(links, (c) => tx.insertInto('article_authors').values(c).execute());
  const revisions: Insertable<ArticleRevisionsTable>[] = rows.map((r) => ({
    article_id: r.id, version: 1, by_user_id: null, by_name: 'Seed', title: r.title, summary: r.summary, body_markdown: r.body_markdown, created_at: r.created_at,
  }));
  await inChunks(revisions, (c) => tx.insertInto('article_revisions').values(c).execute());
  await indexNewArticles(tx, dialect, rows.map((r) => ({ id: r.id, title: r.title, bodyHtml: r.body_html })));
  const facts = rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, publishedAt: r.published_at, tags: JSON.parse(r.tags) as string[] }));
  await insertTagRows(tx, facts);
  const months = new Map<string, number>();
  for (const f of facts) if (f.status === 'published' && f.publishedAt) months.set(monthOf(f.publishedAt), (months.get(monthOf(f.publishedAt)) ?? 0) + 1);
  await addToMonths(tx, months);
}

/** Rows of the articles table (articles and static pages). */
export async function countArticleRows(db: DB): Promise<number> {
  const r = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
