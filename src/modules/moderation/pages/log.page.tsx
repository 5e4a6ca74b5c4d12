// The audit log: every moderator action, newest first (the newest 200).
import { TableScroll, Time } from '../../../ui/admin/form-parts.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION } from '../views/paths.js';
import { MODERATE, type ModerationPageKit } from './kit.js';

const SHOWN = 200;

export function registerLogPage(kit: ModerationPageKit) {
  kit.pages.add({
    method: 'GET', url: `${MODERATION}/log`, access: MODERATE,
    handler: async ({ reply, caller }) => {
      const entries = await kit.moderation.log(SHOWN);
      return kit.send(reply, (
        <ModerationPage {...kit.chrome(caller)} title="Audit log" sub={`${MODERATION}/log`}>
          <p>Every moderator action, newest first (“system” holds comments that readers reported).</p>
          {entries.length === 0 ? <p class="mod-empty">Nothing has happened yet.</p> : (
            <TableScroll>
              <table class="admin-table moderation-log">
                <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Comment</th><th>Detail</th></tr></thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} id={`log-${e.id}`} data-action={e.action}>
                      <td><Time iso={e.created_at} /></td>
                      <td>{e.actor}</td>
                      <td>{e.action}</td>
                      <td>{e.comment_id !== null ? <a href={`${MODERATION}/comments/${e.comment_id}/edit?queue=all`}>#{e.comment_id}</a> : '—'}</td>
                      <td style="overflow-wrap:anywhere">{e.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {entries.length === SHOWN && <p class="muted">Showing the newest 200 entries.</p>}
        </ModerationPage>
      ));
    },
  });
}
