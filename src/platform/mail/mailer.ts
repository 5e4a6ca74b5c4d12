// Outgoing mail through a durable outbox: a row written in the same transaction as the event that
// causes the mail, delivered by the job runner with retries for MAIL_RETRY_HOURS (back-off doubling up to an
// hour), then marked failed; an admin can queue failed mails again. With SMTP_URL the mail goes out through
// nodemailer; without it, delivery only marks the row (the dev outbox at /admin/outbox shows it).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../clock.js';
import type { JobRunner } from '../jobs/jobs.js';
import {
  countMailsByStatus, findMail, insertMail, listMails, markMailAttemptFailed, markMailSent, requeueFailedMails,
} from './outbox.repo.js';

export type { OutboxMail } from './outbox.repo.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text (the text part is always sent). */
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369 / 8058). */
  headers?: Record<string, string>;
}

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
    const row = await findMail(db, outboxId);
    if (!row || row.status === 'sent') return; // already delivered: never send twice
    try {
      if (transport) {
        await transport.sendMail({
          from: opts.from, to: row.to_address, subject: row.subject, text: row.text_body,
          ...(row.html_body !== null && { html: row.html_body }),
          ...(row.headers !== null && { headers: JSON.parse(row.headers) as Record<string, string> }),
          messageId: `<outbox-${row.id}@${opts.messageIdHost}>`,
        });
      }
      await markMailSent(db, row.id, transport ? 'smtp' : 'dev', clock().toISOString());
    } catch (err) {
      await markMailAttemptFailed(db, row.id, err instanceof Error ? err.message : String(err), attempt.last);
      throw err;
    }
  }, { retryForMs: opts.retryForMs });

  return {
    /** Queues a mail inside the caller's transaction: it exists exactly when that change commits. */
    async queue(tx: Kysely<Database> | Transaction<Database>, msg: MailMessage): Promise<number> {
      const id = await insertMail(tx, msg, clock().toISOString());
      await jobs.enqueue(tx, MAIL_JOB, { outboxId: id }, { maxAttempts: MAIL_JOB_MAX_ATTEMPTS });
      return id;
    },
    /**
     * Queues failed mails again (the given ones, or every failed one), each with a new retry window and its
     * original Message-ID, so a receiver that got it after all can drop the duplicate. Mails that are not
     * failed (pending, sent) are left alone. Returns the ids queued again.
     */
    async resendFailed(ids?: number[]): Promise<number[]> {
      if (ids?.length === 0) return [];
      return db.transaction().execute(async (tx) => {
        const queued = await requeueFailedMails(tx, ids);
        for (const id of queued) await jobs.enqueue(tx, MAIL_JOB, { outboxId: id }, { maxAttempts: MAIL_JOB_MAX_ATTEMPTS });
        return queued.sort((a, b) => a - b);
      });
    },
    /** How many mails are pending, sent and failed. */
    counts: () => countMailsByStatus(db),
    /** One mail with its text, or undefined. */
    get: (id: number) => findMail(db, id),
    /** The newest mails first. */
    list: (limit = 100) => listMails(db, limit),
    usesSmtp: transport !== undefined,
    close() { transport?.close(); },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
