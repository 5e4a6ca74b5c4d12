// Outgoing mail through a durable outbox: a row written in the same transaction as the event that
// causes the mail, delivered by the job runner with retries for MAIL_RETRY_HOURS (back-off doubling up to an
// hour), then marked failed; an admin can queue failed mails again. With SMTP_URL the mail goes out through
// nodemailer; without it, delivery only marks the row (the dev outbox at /admin/outbox shows it).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../clock.js';
import type { JobRunner } from '../jobs/jobs.js';

export interface MailMessage { to: string; subject: string; text: string }

export interface MailerOptions {
  db: Kysely<Database>;
  jobs: JobRunner;
  clock: Clock;
  smtpUrl: string | undefined;
  from: string;
  /** How long after it was queued (or queued again) a mail is still retried before it is shown as failed. */
  retryForMs: number;
  /** Host part of Message-IDs; a retried mail keeps its Message-ID so receivers can drop a duplicate. */
  messageIdHost: string;
}

export const MAIL_JOB = 'mail.send';
/** The retry window decides when a mail is given up on; this only bounds the attempts of a clock gone wrong. */
const MAIL_JOB_MAX_ATTEMPTS = 10_000;

export function createMailer(opts: MailerOptions) {
  const { db, jobs, clock } = opts;
  const transport: Transporter | undefined = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;

  jobs.register(MAIL_JOB, async (payload, _job, attempt) => {
    const { outboxId } = payload as { outboxId: number };
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
    if (!row || row.status === 'sent') return; // already delivered: never send twice
    try {
      if (transport) {
        await transport.sendMail({
          from: opts.from, to: row.to_address, subject: row.subject, text: row.text_body,
          messageId: `<outbox-${row.id}@${opts.messageIdHost}>`,
        });
      }
      // Attempts count across resends: the outbox shows every try a mail has had.
      await db.updateTable('outbox').set((eb) => ({
        status: 'sent', transport: transport ? 'smtp' : 'dev', sent_at: clock().toISOString(),
        attempts: eb('attempts', '+', 1), last_error: null,
      })).where('id', '=', row.id).execute();
    } catch (err) {
      await db.updateTable('outbox').set((eb) => ({
        status: attempt.last ? 'failed' : 'pending', attempts: eb('attempts', '+', 1),
        last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
      })).where('id', '=', row.id).execute();
      throw err;
    }
  }, { retryForMs: opts.retryForMs });

  return {
    /** Queues a mail inside the caller's transaction: it exists exactly when that change commits. */
    async queue(tx: Kysely<Database> | Transaction<Database>, msg: MailMessage): Promise<number> {
      const row = await tx.insertInto('outbox').values({
        to_address: msg.to, subject: msg.subject, text_body: msg.text, status: 'pending',
        transport: null, attempts: 0, last_error: null, created_at: clock().toISOString(), sent_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      await jobs.enqueue(tx, MAIL_JOB, { outboxId: row.id }, { maxAttempts: MAIL_JOB_MAX_ATTEMPTS });
      return row.id;
    },
    /**
     * Queues failed mails again (the given ones, or every failed one), each with a new retry window and its
     * original Message-ID, so a receiver that got it after all can drop the duplicate. Mails that are not
     * failed (pending, sent) are left alone. Returns the ids queued again.
     */
    async resendFailed(ids?: number[]): Promise<number[]> {
      if (ids?.length === 0) return [];
      return db.transaction().execute(async (tx) => {
        let q = tx.updateTable('outbox').set({ status: 'pending' }).where('status', '=', 'failed');
        if (ids) q = q.where('id', 'in', ids);
        const rows = await q.returning('id').execute();
        for (const r of rows) await jobs.enqueue(tx, MAIL_JOB, { outboxId: r.id }, { maxAttempts: MAIL_JOB_MAX_ATTEMPTS });
        return rows.map((r) => r.id).sort((a, b) => a - b);
      });
    },
    async failedCount(): Promise<number> {
      const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async list(limit = 100) {
      return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
    usesSmtp: transport !== undefined,
    close() { transport?.close(); },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
