// The block list: phrases, e-mail addresses, domains and IP ranges whose new comments are marked spam at
// once; adding and removing entries.
import type { FastifyReply } from 'fastify';
import type { AppError } from '../../../platform/http/errors.js';
import { CsrfField, FieldError, PostButton, TableScroll, Time } from '../../../ui/admin/form-parts.js';
import { noticeFrom } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION } from '../views/paths.js';
import { BLOCK_KINDS, blockForm, blockParams, noticeQuery } from './forms.js';
import { MODERATE, type ModerationPageKit } from './kit.js';

type BlockKind = (typeof BLOCK_KINDS)[number];
const KINDS: Record<BlockKind, { label: string; one: string; help: string }> = {
  phrase: { label: 'Phrases', one: 'Phrase', help: 'matched as whole words of the text after undoing disguises ("c.a.s.i.n.o" is "casino")' },
  email: { label: 'E-mail addresses', one: 'E-mail address', help: 'the commenter’s exact address' },
  domain: { label: 'Domains', one: 'Domain', help: 'e-mail addresses at, and links to, the domain and its subdomains' },
  ip_range: { label: 'IP ranges', one: 'IP range', help: 'an address or a CIDR range: 203.0.113.0/24, 2001:db8::/32' },
};

const NOTICES: Record<string, string> = { blocked: 'Added to the block list.', unblocked: 'Removed from the block list.' };

export function registerBlockListPages(kit: ModerationPageKit) {
  const { pages, moderation } = kit;

  const show = async (reply: FastifyReply, caller: Caller,
    opts: { notice?: string; error?: AppError; typed?: { kind: string; value: string }; status?: number }) => {
    const entries = await moderation.blockList();
    const { error } = opts;
    const typed = opts.typed ?? { kind: 'phrase', value: '' };
    return kit.send(reply, (
      <ModerationPage {...kit.chrome(caller)} title="Block list" sub={`${MODERATION}/block-list`} notice={opts.notice} error={error?.message}>
        <p>New comments that match an entry are marked spam at once.</p>
        <form method="post" action={`${MODERATION}/block-list`} class="admin-form" id="add-block">
          <CsrfField csrf={caller.csrf} />
          <label>Kind
            <select name="kind">
              {BLOCK_KINDS.map((k) => <option key={k} value={k} selected={typed.kind === k}>{`${KINDS[k].one} — ${KINDS[k].help}`}</option>)}
            </select>
          </label>
          <FieldError error={error} field="kind" />
          <label>Block
            <input name="value" required maxLength={200} value={typed.value} autocomplete="off" aria-invalid={error?.field === 'value' ? 'true' : undefined} />
          </label>
          <FieldError error={error} field="value" />
          <div class="form-actions"><button type="submit" class="button primary">Add to the block list</button></div>
        </form>
        {BLOCK_KINDS.map((k) => {
          const list = entries.filter((e) => e.kind === k);
          return (
            <section key={k} id={`block-${k}`}>
              <h2>{KINDS[k].label}</h2>
              {list.length === 0 ? <p class="mod-empty">None.</p> : (
                <TableScroll>
                  <table class="admin-table block-list">
                    <thead><tr><th>{KINDS[k].one}</th><th class="wide">Added</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                    <tbody>
                      {list.map((e) => (
                        <tr key={e.id} id={`block-entry-${e.id}`} data-kind={e.kind}>
                          <td style="overflow-wrap:anywhere"><code>{e.value}</code></td>
                          <td class="wide">{e.created_by}, <Time iso={e.created_at} /></td>
                          <td>
                            <PostButton action={`${MODERATION}/block-list/${e.id}/delete`} csrf={caller.csrf} label="Remove" ariaLabel={`Remove ${e.value}`} danger />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
          );
        })}
      </ModerationPage>
    ), opts.status);
  };

  pages.add({
    method: 'GET', url: `${MODERATION}/block-list`, access: MODERATE, query: noticeQuery,
    handler: async ({ reply, caller, query }) => show(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/block-list`, access: MODERATE, form: blockForm,
    handler: async ({ reply, caller, form }) => {
      await moderation.addBlock(form.kind, form.value, caller);
      return reply.redirect(`${MODERATION}/block-list?notice=blocked`, 303);
    },
    invalid: async ({ reply, caller, typed }, error) =>
      show(reply, caller, { error, status: error.status, typed: { kind: typed.kind ?? '', value: typed.value ?? '' } }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/block-list/:id/delete`, access: MODERATE, params: blockParams,
    handler: async ({ reply, caller, params }) => {
      await moderation.removeBlock(params.id, caller);
      return reply.redirect(`${MODERATION}/block-list?notice=unblocked`, 303);
    },
    invalid: async ({ reply, caller }, error) => show(reply, caller, { error, status: error.status }),
  });
}
