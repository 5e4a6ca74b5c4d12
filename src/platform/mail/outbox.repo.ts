// Rows of the mail outbox: plain queries taking a connection or a transaction first. The mailer is the
// only writer of this table.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;
export type OutboxMail = Selectable<OutboxTable>;
export type MailStatus = OutboxTable['status'];

export async function insertMail(db: DB, mail: { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> }, now: string): Promise<number> {
  const row = await db.insertInto('outbox').values({
    to_address: mail.to, subject: mail.subject, text_body: mail.text, status: 'pending',
    html_body: mail.html ?? null, headers: mail.headers ? JSON.stringify(mail.headers) : null,
    transport: null, attempts: 0, last_error: null, created_at: now, sent_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export const findMail = (db: DB, id: number): Promise<OutboxMail | undefined> =>
  db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();

/** The newest mails first. */
export const listMails = (db: DB, limit: number): Promise<OutboxMail[]> =>
  db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();

/** How many mails are in each status (one grouped query); a status without mail counts 0. */
export async function countMailsByStatus(db: DB): Promise<Record<MailStatus, number>> {
  const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const n = (s: MailStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { pending: n('pending'), sent: n('sent'), failed: n('failed') };
}

/** One delivery attempt done. Attempts count across resends: the outbox shows every try a mail has had. */
export async function markMailSent(db: DB, id: number, transport: 'smtp' | 'dev', now: string): Promise<void> {
  await db.updateTable('outbox').set((eb) => ({
    status: 'sent', transport, sent_at: now, attempts: eb('attempts', '+', 1), last_error: null,
  })).where('id', '=', id).execute();
}

/** One delivery attempt failed: pending again, or failed for good when it was the last. */
export async function markMailAttemptFailed(db: DB, id: number, error: string, last: boolean): Promise<void> {
  await db.updateTable('outbox').set((eb) => ({
    status: last ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 1000),
  })).where('id', '=', id).execute();
}

/** Failed mails (the given ones, or all) pending again; returns the ids changed. */
export async function requeueFailedMails(db: DB, ids?: number[]): Promise<number[]> {
  let q = db.updateTable('outbox').set({ status: 'pending' }).where('status', '=', 'failed');
  if (ids) q = q.where('id', 'in', ids);
  return (await q.returning('id').execute()).map((r) => r.id);
}

/** Mails waiting to be sent (the outbox backlog, read when metrics are scraped). */
export async function countPendingMails(db: DB): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst();
  return Number(row?.n ?? 0);
}
