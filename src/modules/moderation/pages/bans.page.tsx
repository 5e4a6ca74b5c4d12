// The active bans, and lifting one. A ban is made from one of the author's comments (comment.pages.tsx).
import type { FastifyReply } from 'fastify';
import type { AppError } from '../../../platform/http/errors.js';
import { CsrfField, TableScroll, Time } from '../../../ui/admin/form-parts.js';
import { noticeFrom } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION } from '../views/paths.js';
import { banParams, noticeQuery } from './forms.js';
import { MODERATE, type ModerationPageKit } from './kit.js';

const NOTICES: Record<string, string> = { banned: 'Ban added.', lifted: 'Ban lifted.' };

export function registerBansPages(kit: ModerationPageKit) {
  const { pages, moderation } = kit;

  const show = async (reply: FastifyReply, caller: Caller, opts: { notice?: string; error?: AppError; status?: number }) => {
    const bans = await moderation.bans();
    return kit.send(reply, (
      <ModerationPage {...kit.chrome(caller)} title="Bans" sub={`${MODERATION}/bans`} notice={opts.notice} error={opts.error?.message}>
        <p>Banned authors cannot comment (they are told so). To ban someone, use “Ban” on one of their comments in the queue.</p>
        {bans.length === 0 ? <p class="mod-empty">No active bans.</p> : (
          <TableScroll>
            <table class="admin-table bans">
              <thead><tr><th>Who</th><th>Reason</th><th>Until</th><th class="wide">By</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {bans.map((b) => (
                  <tr key={b.id} id={`ban-${b.id}`} data-kind={b.kind}>
                    <td style="overflow-wrap:anywhere">
                      {b.kind === 'account' ? `account #${b.value}` : b.kind === 'email' ? b.value : `network ${b.value.slice(0, 8)}…`}
                    </td>
                    <td>{b.reason}</td>
                    <td>{b.expires_at ? <Time iso={b.expires_at} /> : 'for ever'}</td>
                    <td class="wide">{b.created_by}, <Time iso={b.created_at} /></td>
                    <td>
                      <form method="post" action={`${MODERATION}/bans/${b.id}/lift`}>
                        <CsrfField csrf={caller.csrf} />
                        <button type="submit" class="button" aria-label={`Lift ban #${b.id}`}>Lift</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </ModerationPage>
    ), opts.status);
  };

  pages.add({
    method: 'GET', url: `${MODERATION}/bans`, access: MODERATE, query: noticeQuery,
    handler: async ({ reply, caller, query }) => show(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/bans/:id/lift`, access: MODERATE, params: banParams,
    handler: async ({ reply, caller, params }) => {
      await moderation.liftBan(params.id, caller);
      return reply.redirect(`${MODERATION}/bans?notice=lifted`, 303);
    },
    invalid: async ({ reply, caller }, error) => show(reply, caller, { error, status: error.status }),
  });
}
