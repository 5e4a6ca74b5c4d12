// Bylines written before authors were linked to accounts: an article whose byline text is exactly the name
// of one account that writes (admin, editor or author; active or deactivated) gets that account as its
// author, and the account a slug made from its name. A name that two such accounts share links nobody
// (it cannot tell them apart); any other byline text (several names, a guest) stays without a link until an
// editor picks the authors. A data migration, frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

const CHUNK = 500;

/** The slug rule of the day (kept here: a migration imports nothing from the app). */
function slugOfName(name: string, id: number): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || `author-${id}`;
}

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  const writers: { id: number; display_name: string; slug: string | null }[] = await db.selectFrom('users')
    .select(['id', 'display_name', 'slug']).where('role', 'in', ['admin', 'editor', 'author'])
    .where('status', 'in', ['active', 'deactivated']).orderBy('id').execute();
  const byName = new Map<string, typeof writers>();
  for (const w of writers) byName.set(w.display_name, [...(byName.get(w.display_name) ?? []), w]);
  const names = [...byName].filter(([, ws]) => ws.length === 1).map(([name]) => name);

  const linked = new Set<number>();
  for (let i = 0; i < names.length; i += CHUNK) {
    const rows: { id: number; author_name: string }[] = await db.selectFrom('articles').select(['id', 'author_name'])
      .where('author_name', 'in', names.slice(i, i + CHUNK))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('article_authors').select('article_id').whereRef('article_authors.article_id', '=', 'articles.id'))))
      .execute();
    const links = rows.map((r) => ({ article_id: r.id, user_id: byName.get(r.author_name)![0]!.id, position: 0 }));
    for (let j = 0; j < links.length; j += CHUNK) await db.insertInto('article_authors').values(links.slice(j, j + CHUNK)).execute();
    for (const l of links) linked.add(l.user_id);
  }
  if (linked.size === 0) return;

  const taken = new Set((await db.selectFrom('users').select('slug').where('slug', 'is not', null).execute()).map((r: { slug: string }) => r.slug));
  const now = new Date().toISOString();
  for (const w of writers) {
    if (!linked.has(w.id) || w.slug !== null) continue;
    const base = slugOfName(w.display_name, w.id);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    await db.updateTable('users').set({ slug, updated_at: now }).where('id', '=', w.id).execute();
  }
}
