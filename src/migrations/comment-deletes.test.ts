// A comment's deletion finds what points at it by index (migration 0020): on SQLite the plan of the delete and
// of "has it replies?" reads no table whole; on PostgreSQL the indexes its foreign-key checks use exist.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from '../../test/helpers/test-app.js';
import { createDb } from '../platform/db/database.js';
import { migrateToLatest } from './index.js';

describe.each(dialects())('indexes for deleting comments on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('deletes a comment and asks for its replies without reading a whole table', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const db = createDb(fresh.url);
    cleanups.push(() => db.close());
    await migrateToLatest(db);
    if (dialect === 'sqlite') {
      const plan = async (q: string) => (await sql.raw<{ detail: string }>(`explain query plan ${q}`).execute(db.db)).rows.map((r) => r.detail);
      const deleting = await plan('delete from comments where id = 5');
      expect(deleting.some((d) => d.startsWith('SCAN'))).toBe(false);
      expect(deleting).toContain('SEARCH comments USING COVERING INDEX comments_parent (parent_id=?)');
      expect(deleting).toContain('SEARCH spam_examples USING COVERING INDEX spam_examples_comment (comment_id=?)');
      expect(await plan('select id from comments where parent_id = 5 limit 1')).toEqual(['SEARCH comments USING COVERING INDEX comments_parent (parent_id=?)']);
    } else {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname in ('comments_parent', 'spam_examples_comment') order by indexname`.execute(db.db);
      expect(rows.map((r) => r.indexdef.replace(/ USING btree/, '').replace(/public\./g, ''))).toEqual([
        'CREATE INDEX comments_parent ON comments (parent_id)',
        'CREATE INDEX spam_examples_comment ON spam_examples (comment_id)',
      ]);
    }
  });
});
