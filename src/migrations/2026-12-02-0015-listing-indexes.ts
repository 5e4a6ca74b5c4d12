// Listings that stay fast at 100,000 articles and 1,000,000 comments.
// - article_tags: one row per tag of each listed article (kind 'article', status 'published', with a date),
//   with its published_at, so a tag page walks the index (tag, published_at, article_id) newest first and
//   stops after the page, for a common tag and a rare one alike (before: a LIKE over the tags' JSON of every
//   published row). Scheduled articles are in it with their future date; readers' queries add `<= now`.
// - article_months: how many listed articles each UTC month ('YYYY-MM') has, scheduled ones included in their
//   month; the archive reads the months before the current one from here and counts the current month
//   itself (before: a group-by over every published row).
// - comments_article_status: a listing's published-comment counts are index-only counts.
// The articles module writes both tables in the transaction of every article write; a deleted article leaves
// them by cascade and trigger (no deletion path exists today). Back-filled from the existing rows.
// Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

const CHUNK = 500;

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag'])
    .execute();
  await db.schema.createIndex('article_tags_listing').on('article_tags').columns(['tag', 'published_at', 'article_id']).execute();
  await db.schema.createTable('article_months')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('articles', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_article_status').on('comments').columns(['article_id', 'status']).execute();

  // Should an article ever be deleted, its month loses it (article_tags goes by cascade).
  if (dialect === 'sqlite') {
    await sql`create trigger article_months_delete after delete on articles
      when old.kind = 'article' and old.status = 'published' and old.published_at is not null
      begin update article_months set articles = articles - 1 where month = substr(old.published_at, 1, 7); end`.execute(db);
  } else {
    await sql`create function article_months_delete() returns trigger language plpgsql as $$
      begin
        if old.kind = 'article' and old.status = 'published' and old.published_at is not null then
          update article_months set articles = articles - 1 where month = substr(old.published_at, 1, 7);
        end if;
        return old;
      end $$`.execute(db);
    await sql`create trigger article_months_delete after delete on articles for each row execute function article_months_delete()`.execute(db);
  }

  const listed = () => db.selectFrom('articles').where('kind', '=', 'article').where('status', '=', 'published').where('published_at', 'is not', null);
  let after = 0;
  for (;;) {
    const rows: { id: number; tags: string; published_at: string }[] = await listed().select(['id', 'tags', 'published_at'])
      .where('id', '>', after).orderBy('id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const tagRows = rows.flatMap((r) => [...new Set(JSON.parse(r.tags) as string[])].map((tag) => ({ article_id: r.id, tag, published_at: r.published_at })));
    for (let i = 0; i < tagRows.length; i += CHUNK) await db.insertInto('article_tags').values(tagRows.slice(i, i + CHUNK)).execute();
  }
  await sql`insert into article_months (month, articles)
    select substr(published_at, 1, 7), count(*) from articles
    where kind = 'article' and status = 'published' and published_at is not null
    group by substr(published_at, 1, 7)`.execute(db);
}
