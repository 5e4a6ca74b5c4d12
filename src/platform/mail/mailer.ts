// Outgoing mail through a durable outbox: a row written in the same transaction as the event that
// causes the mail, delivered by the job runner with retries. With SMTP_URL the mail goes out through
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
  /** Delivery attempts before a mail is shown as failed. */
  maxAttempts: number;
  /** Host part of Message-IDs; a retried mail keeps its Message-ID so receivers can drop a duplicate. */
  messageIdHost: string;
}

export const MAIL_JOB = 'mail.send';

export function createMailer(opts: MailerOptions) {
  const { db, jobs, clock } = opts;
  const transport: Transporter | undefined = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;

  jobs.register(MAIL_JOB, async (payload, job) => {
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
      await db.updateTable('outbox').set({
        status: 'sent', transport: transport ? 'smtp' : 'dev', sent_at: clock().toISOString(),
        attempts: job.attempts, last_error: null,
      }).where('id', '=', row.id).execute();
    } catch (err) {
      const giveUp = job.attempts >= job.max_attempts;
      await db.updateTable('outbox').set({
        status: giveUp ? 'failed' : 'pending', attempts: job.attempts,
        last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
      }).where('id', '=', row.id).execute();
      throw err;
    }
  });

  return {
    /** Queues a mail inside the caller's transaction: it exists exactly when that change commits. */
    async queue(tx: Kysely<Database> | Transaction<Database>, msg: MailMessage): Promise<number> {
      const row = await tx.insertInto('outbox').values({
        to_address: msg.to, subject: msg.subject, text_body: msg.text, status: 'pending',
        transport: null, attempts: 0, last_error: null, created_at: clock().toISOString(), sent_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      await jobs.enqueue(tx, MAIL_JOB, { outboxId: row.id }, { maxAttempts: opts.maxAttempts });
      return row.id;
    },
    async list(limit = 100) {
      return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
    usesSmtp: transport !== undefined,
    close() { transport?.close(); },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
