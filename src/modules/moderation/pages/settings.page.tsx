// The moderation settings (settings.manage): the pre-moderation policy, the limits and thresholds of the
// pipeline, whether the spam filter decides. Every change is written to the audit log.
import { Fragment } from 'preact';
import type { FastifyReply } from 'fastify';
import type { AppError } from '../../../platform/http/errors.js';
import { CsrfField, FieldError } from '../../../ui/admin/form-parts.js';
import { noticeFrom } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import type { ModerationSettings } from '../../settings/index.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION } from '../views/paths.js';
import { noticeQuery } from './forms.js';
import { MANAGE_SETTINGS, type ModerationPageKit } from './kit.js';
import { CHECKS, NUMBERS, POLICIES, settingsChange, settingsForm, typedFromForm, typedOf, type SettingsTyped } from './settings.form.js';

const NOTICES: Record<string, string> = { saved: 'Moderation settings saved.' };

export function registerSettingsPages(kit: ModerationPageKit) {
  const { pages, moderation } = kit;
  const URL = `${MODERATION}/settings`;

  const show = (reply: FastifyReply, caller: Caller, opts: { typed?: SettingsTyped; error?: AppError; notice?: string; status?: number }) => {
    const typed = opts.typed ?? typedOf(kit.moderationSettings());
    const { error } = opts;
    return kit.send(reply, (
      <ModerationPage {...kit.chrome(caller)} title="Moderation settings" sub={URL} notice={opts.notice} error={error?.message}>
        <form method="post" action={URL} class="admin-form" id="moderation-settings">
          <CsrfField csrf={caller.csrf} />
          <label>Pre-moderation
            <select name="policy">
              {(Object.keys(POLICIES) as ModerationSettings['policy'][]).map((p) => <option key={p} value={p} selected={typed.policy === p}>{POLICIES[p]}</option>)}
            </select>
          </label>
          <FieldError error={error} field="policy" />
          {NUMBERS.map((n) => (
            <Fragment key={n.key}>
              <label>{n.label}
                <input type="number" name={n.key} required step={n.step ?? '1'} inputmode={n.step ? 'decimal' : 'numeric'} value={String(typed[n.key])}
                  aria-invalid={error?.field === n.key ? 'true' : undefined} />
              </label>
              <FieldError error={error} field={n.key} />
            </Fragment>
          ))}
          {CHECKS.map((c) => (
            <label key={c.key} style="display:flex;gap:.5rem;align-items:center">
              <input type="checkbox" name={c.key} value="1" checked={typed[c.key] === true} style="width:auto" />
              {c.label}
            </label>
          ))}
          <div class="form-actions"><button type="submit" class="button primary">Save moderation settings</button></div>
        </form>
      </ModerationPage>
    ), opts.status);
  };

  pages.add({
    method: 'GET', url: URL, access: MANAGE_SETTINGS, query: noticeQuery,
    handler: async ({ reply, caller, query }) => show(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: URL, access: MANAGE_SETTINGS, form: settingsForm,
    handler: async ({ reply, caller, form }) => {
      const before = kit.moderationSettings();
      // the form does not carry what `spam train` chose (the ham-evidence limit): it stays as it was
      const next = { ...form, hamEvidenceLimit: before.hamEvidenceLimit };
      await kit.saveModerationSettings(next, (tx) =>
        moderation.logAction({ actor: caller.name, action: 'settings', commentId: null, detail: settingsChange(before, next) }, tx));
      return reply.redirect(`${URL}?notice=saved`, 303);
    },
    invalid: async ({ reply, caller, typed }, error) => show(reply, caller, { typed: typedFromForm(typed), error, status: error.status }),
  });
}
