// Full-text search over articles' titles and bodies (the articles module keeps it in step, in the
// transaction of each article write). SQLite: an FTS5 table whose rowid is the article's id, with the
// unicode61 tokenizer folding case for every script and removing diacritics ("zurich" finds "Zürich").
// PostgreSQL: a table with the plain text and a generated tsvector (gazette_search: 'simple', no stemming, any
// language, plus unaccent where the server allows it; title weighted A, body B) under a GIN index. Both are back-filled from the articles that exist.
// Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of sanitised HTML (a copy as of this migration: migrations import nothing from the app). */
function textOf(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      const code = e[0] === '#' ? (e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create virtual table article_search using fts5(title, body, tokenize = "unicode61 remove_diacritics 2")`.execute(db);
    // There is no deletion of articles today; should one come, its search row goes with it.
    await sql`create trigger article_search_delete after delete on articles begin delete from article_search where rowid = old.id; end`.execute(db);
  } else {
    // A configuration of our own: 'simple' (no stemming, any language), plus the unaccent dictionary when the
    // server lets this user install it (a trusted extension since PostgreSQL 13: a database owner may), so
    // "zurich" finds "Zürich" there too. Without it, diacritics are kept. Tried under a savepoint: a refusal
    // must not abort the migration's transaction.
    await sql`create text search configuration gazette_search (copy = pg_catalog.simple)`.execute(db);
    const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'unaccent'`.execute(db);
    if (Number(available.rows[0]?.n) > 0) {
      await sql`savepoint gazette_unaccent`.execute(db);
      try {
        await sql`create extension if not exists unaccent`.execute(db);
        await sql`alter text search configuration gazette_search alter mapping for hword, hword_part, word with unaccent, simple`.execute(db);
        await sql`release savepoint gazette_unaccent`.execute(db);
      } catch {
        await sql`rollback to savepoint gazette_unaccent`.execute(db);
      }
    }
    await sql`create table article_search (
      article_id integer primary key references articles (id) on delete cascade,
      title text not null,
      body text not null,
      document tsvector generated always as (setweight(to_tsvector('gazette_search', title), 'A') || setweight(to_tsvector('gazette_search', body), 'B')) stored
    )`.execute(db);
    await sql`create index article_search_document on article_search using gin (document)`.execute(db);
  }
  const rows = await db.selectFrom('articles').select(['id', 'title', 'body_html']).execute() as { id: number; title: string; body_html: string }[];
  for (const r of rows) {
    const title = r.title.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
    // SQLite keeps the text decomposed (NFD): unicode61 then drops every combining accent, Greek tonos included.
    if (dialect === 'sqlite') await sql`insert into article_search (rowid, title, body) values (${r.id}, ${title.normalize('NFD')}, ${textOf(r.body_html).normalize('NFD')})`.execute(db);
    else await sql`insert into article_search (article_id, title, body) values (${r.id}, ${title}, ${textOf(r.body_html)})`.execute(db);
  }
}
