// Ids for rows written in bulk (seeding): known before the insert, so rows that point at each other (a reply
// and its parent, an article and its search row) go in the same multi-row statements. PostgreSQL: taken from
// the table's own sequence (safe beside other writers); SQLite: the next ones after the highest ever given, in
// the caller's write transaction (one writer at a time; AUTOINCREMENT's sqlite_sequence follows explicit ids).
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './database.js';

export async function reserveIds(tx: Transaction<Database>, dialect: DialectName, table: 'articles' | 'comments', n: number): Promise<number[]> {
  if (n <= 0) return [];
  if (dialect === 'postgres') {
    const r = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`.execute(tx);
    return r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  }
  const r = await sql<{ m: number }>`select max(coalesce((select max(id) from ${sql.table(table)}), 0),
    coalesce((select seq from sqlite_sequence where name = ${table}), 0)) as m`.execute(tx);
  const from = Number(r.rows[0]?.m ?? 0) + 1;
  return Array.from({ length: n }, (_, i) => from + i);
}
