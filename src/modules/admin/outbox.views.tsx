// Parts of the outbox pages: a mail's status, the list of mails, one mail's headers, and where mail goes.
import type { OutboxMail } from '../../platform/mail/mailer.js';
import { PostButton, TableScroll, Time } from '../../ui/admin/form-parts.js';

export function MailStatus({ m }: { m: OutboxMail }) {
  const label = m.status === 'sent' ? `sent (${m.transport ?? 'dev'})` : m.status;
  return <span class={`mail-status mail-${m.status}`} data-status={m.status}>{label}</span>;
}

export function SmtpExplanation({ smtp }: { smtp: boolean }) {
  return smtp
    ? <p>Mail is delivered through the SMTP server configured in <code>SMTP_URL</code>. Failed deliveries are retried for <code>MAIL_RETRY_HOURS</code> (48 hours by default), then shown as failed; the last error is shown here. A failed mail can be sent again: it keeps its Message-ID, so a receiver that got it after all drops the copy.</p>
    : <p class="notice"><strong>No SMTP server is configured</strong> (the <code>SMTP_URL</code> environment variable is not set): mails are not sent but kept here, so you can read them (for example to copy an invitation link). They are marked “sent (dev)”.</p>;
}

export function MailTable({ mails, csrf }: { mails: readonly OutboxMail[]; csrf: string | undefined }) {
  return (
    <TableScroll>
      <table class="admin-table outbox">
        <thead><tr><th>Created</th><th>To</th><th>Subject</th><th>Status</th><th class="wide">Attempts</th><th class="wide">Last error</th></tr></thead>
        <tbody>
          {mails.map((m) => (
            <tr key={m.id} id={`mail-${m.id}`}>
              <td><Time iso={m.created_at} /></td>
              <td>{m.to_address}</td>
              <td><a href={`/admin/outbox/${m.id}`}>{m.subject}</a></td>
              <td>
                <MailStatus m={m} />
                {m.status === 'failed' && (
                  <PostButton action={`/admin/outbox/${m.id}/resend`} csrf={csrf} label="Send again" ariaLabel={`Send the mail to ${m.to_address} again: ${m.subject}`} />
                )}
              </td>
              <td class="wide">{m.attempts}</td>
              <td class="wide">{m.last_error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function MailHeaders({ m }: { m: OutboxMail }) {
  return (
    <dl class="mail-headers">
      <dt>To</dt><dd>{m.to_address}</dd>
      <dt>Created</dt><dd><Time iso={m.created_at} /></dd>
      <dt>Status</dt><dd><MailStatus m={m} />{m.sent_at && <> at <Time iso={m.sent_at} /></>}</dd>
      <dt>Attempts</dt><dd>{m.attempts}</dd>
      {m.last_error && <><dt>Last error</dt><dd>{m.last_error}</dd></>}
    </dl>
  );
}
