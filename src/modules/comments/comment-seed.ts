// Made-up comments in bulk (`gazette seed`, for measuring a large site): the comments module's one writer of
// the comments table writes a batch in one transaction, with parents, threads (root and depth) and HTML as
// every other path makes them, and no domain event per row (seed a site before its server serves it: nothing
// listens, and no mail is owed for invented comments). Votes are not seeded: up, down and score stay 0, as
// the votes table (empty for them) says.
import type { Kysely } from 'kysely';
import type { Database, CommentStatus } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { reserveIds } from '../../platform/db/reserve-ids.js';
import { commentHtml, normaliseCommentText } from './comment-text.js';
import { insertSeedComments } from './comment-seed.repo.js';

export interface SeedComment {
  articleId: number;
  /** The comment it answers: its index in the same batch (an earlier one, on the same article). */
  replyTo?: number;
  authorName: string;
  authorEmail: string;
  body: string;
  status: CommentStatus;
  createdAt: string;
}

export function createCommentSeed(deps: { db: Kysely<Database>; dialect: DialectName }) {
  const { db, dialect } = deps;
  return {
    /** Writes the batch in one transaction; the comments' ids in the order given. */
    async seedComments(batch: readonly SeedComment[]): Promise<number[]> {
      batch.forEach((c, i) => {
        if (c.replyTo !== undefined && !(c.replyTo < i && batch[c.replyTo]!.articleId === c.articleId)) {
          throw new Error(`seed comment ${i}: replyTo must be an earlier comment of the batch on the same article`);
        }
      });
      return db.transaction().execute(async (tx) => {
        const ids = await reserveIds(tx, dialect, 'comments', batch.length);
        const rows = batch.map((c, i) => {
          const parent = c.replyTo === undefined ? undefined : { id: ids[c.replyTo]!, at: c.replyTo };
          return { c, id: ids[i]!, parent };
        });
        const depth: number[] = [];
        const root: (number | null)[] = [];
        const values = rows.map(({ c, id, parent }, i) => {
          depth[i] = parent ? depth[parent.at]! + 1 : 0;
          root[i] = parent ? (root[parent.at] ?? parent.id) : null;
          const body = normaliseCommentText(c.body);
          return {
            id, article_id: c.articleId, parent_id: parent?.id ?? null, root_id: root[i]!, depth: depth[i]!,
            author_name: c.authorName, author_email: c.authorEmail.toLowerCase(), reader_id: null, body, body_html: commentHtml(body),
            status: c.status, created_at: c.createdAt, edited_at: null, edited_by: null,
          };
        });
        await insertSeedComments(tx, values);
        return ids;
      });
    },
  };
}
