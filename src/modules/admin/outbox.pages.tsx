// The mail outbox (outbox.read): every mail Gazette has queued, sent or given up on, one mail with its text,
// and sending failed mail again. Resending is part of looking after the outbox: the same people, the same
// mail to the same address, nothing new is written.
import { formText, noticeQuery } from '../../platform/http/input.js';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import { pageIdParams } from '../../platform/http/id-params.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { AdminLayout } from '../../ui/admin/AdminLayout.js';
import type { FrameOf } from '../../ui/admin/frame.js';
import { PostButton } from '../../ui/admin/form-parts.js';
import { renderDoc, sendHtml } from '../../ui/admin/render.js';
import type { Caller } from '../accounts/index.js';
import { MailHeaders, MailTable, SmtpExplanation } from './outbox.views.js';

export interface OutboxPagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  mailer: Mailer;
}

/** The newest mails the list shows. */
const LIST_LIMIT = 200;

const access = { permission: 'outbox.read' };
const mailParams = pageIdParams('MAIL_NOT_FOUND', 'Mail');
const resentQuery = noticeQuery.extend({ n: formText });
const mailNotFound = () => new AppError(404, 'MAIL_NOT_FOUND', 'Mail not found');

/** After a resend (?notice=resent&n=<count>): how many mails were queued again. */
function resentNotice(q: z.output<typeof resentQuery>): string | undefined {
  if (q.notice !== 'resent') return undefined;
  const n = q.n !== undefined && /^\d{1,6}$/.test(q.n) ? Number(q.n) : 0;
  return n === 0 ? 'No failed mail to send again.' : `${n} ${n === 1 ? 'mail is' : 'mails are'} queued again.`;
}

export function registerOutboxPages({ pages, frameOf, mailer }: OutboxPagesDeps) {
  pages.add({
    method: 'GET', url: '/admin/outbox', access, query: resentQuery,
    handler: async ({ reply, caller, query }) => {
      const frame = frameOf(caller);
      const [mails, { failed }] = await Promise.all([mailer.list(LIST_LIMIT), mailer.counts()]);
      return sendHtml(reply, renderDoc(
        <AdminLayout frame={frame} title="Outbox" current="/admin/outbox" notice={resentNotice(query)}>
          <SmtpExplanation smtp={mailer.usesSmtp} />
          {failed > 0 && (
            <PostButton action="/admin/outbox/resend" id="resend-failed" csrf={frame.csrf} label={`Send all ${failed} failed ${failed === 1 ? 'mail' : 'mails'} again`} />
          )}
          {mails.length === 0 ? <p>No mail has been queued yet.</p> : <MailTable mails={mails} csrf={frame.csrf} />}
          {mails.length === LIST_LIMIT && <p class="muted">Showing the newest {LIST_LIMIT} mails.</p>}
        </AdminLayout>,
      ));
    },
  });

  pages.add({
    method: 'GET', url: '/admin/outbox/:id', access, params: mailParams, query: resentQuery,
    handler: async ({ reply, caller, params, query }) => {
      const m = await mailer.get(params.id);
      if (!m) throw mailNotFound();
      const frame = frameOf(caller);
      return sendHtml(reply, renderDoc(
        <AdminLayout frame={frame} title={m.subject} current="/admin/outbox" notice={resentNotice(query)}>
          <p><a href="/admin/outbox">← All mails</a></p>
          <MailHeaders m={m} />
          {m.status === 'failed' && <PostButton action={`/admin/outbox/${m.id}/resend`} id="resend" csrf={frame.csrf} label="Send this mail again" />}
          <pre class="mail-text">{m.text_body}</pre>
          {!mailer.usesSmtp && <p class="notice">Without <code>SMTP_URL</code> this mail is kept here instead of being sent.</p>}
        </AdminLayout>,
      ));
    },
  });

  pages.add({
    method: 'POST', url: '/admin/outbox/resend', access,
    handler: async ({ reply }) => {
      const ids = await mailer.resendFailed();
      return reply.redirect(`/admin/outbox?notice=resent&n=${ids.length}`, 303);
    },
  });

  pages.add({
    method: 'POST', url: '/admin/outbox/:id/resend', access, params: mailParams,
    handler: async ({ reply, params: { id } }) => {
      if ((await mailer.resendFailed([id])).length === 0) {
        const m = await mailer.get(id);
        if (!m) throw mailNotFound();
        throw new AppError(409, 'MAIL_NOT_FAILED', `Only a failed mail can be sent again; this one is ${m.status}`);
      }
      return reply.redirect(`/admin/outbox/${id}?notice=resent&n=1`, 303);
    },
  });
}
