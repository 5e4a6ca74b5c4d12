// What a news site needs beyond articles (issue 13), in one migration so the pieces built on it share one
// schema: static pages (an article of kind 'page'), the lead image with its caption and credit, several
// authors per article linked to accounts (with a public slug, bio and photo), kept revisions of articles, the
// redirects of old addresses and what an import brought in (so a re-run adds nothing twice).
// Frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const withId = (name: string) => dialect === 'postgres'
    ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema.alterTable('articles').addColumn('kind', 'text', (c) => c.notNull().defaultTo('article')).execute();
  await db.schema.alterTable('articles').addColumn('lead_image_id', 'integer', (c) => c.references('images.id').onDelete('set null')).execute();
  await db.schema.alterTable('articles').addColumn('lead_caption', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('articles').addColumn('lead_credit', 'text', (c) => c.notNull().defaultTo('')).execute();
  // Listings of one kind, newest first (home, archive, feeds read published articles; pages are apart).
  await db.schema.createIndex('articles_kind_published').on('articles').columns(['kind', 'status', 'published_at']).execute();

  await db.schema.alterTable('images').addColumn('caption', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('images').addColumn('credit', 'text', (c) => c.notNull().defaultTo('')).execute();

  // An author's public page: /authors/:slug (null until the account writes under a byline).
  await db.schema.alterTable('users').addColumn('slug', 'text').execute();
  await db.schema.alterTable('users').addColumn('bio', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('users').addColumn('photo_image_id', 'integer', (c) => c.references('images.id').onDelete('set null')).execute();
  await db.schema.createIndex('users_slug').on('users').column('slug').unique().execute();

  // The byline: accounts in order. articles.author_name stays the byline's text (for bylines without an
  // account, and for every reader of the column so far).
  await db.schema.createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'user_id'])
    .execute();
  await db.schema.createIndex('article_authors_user').on('article_authors').columns(['user_id', 'article_id']).execute();

  // Each saved version of an article: who saved it, when, and what it said then.
  await withId('article_revisions')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article').on('article_revisions').columns(['article_id', 'id']).execute();

  // Old addresses (an imported site's URLs) that answer 301 to their new place. from_path is the path with
  // its query string, as a reader's request has it ("/?p=123", "/2019/05/01/a-title/").
  await db.schema.createTable('redirects')
    .addColumn('from_path', 'text', (c) => c.primaryKey())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // What an import brought in: source ('wordpress', 'disqus'), kind ('post', 'comment', 'user', 'term',
  // 'attachment', 'thread'), the id there, the id here.
  await db.schema.createTable('imported_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_items_pk', ['source', 'kind', 'external_id'])
    .execute();
}
