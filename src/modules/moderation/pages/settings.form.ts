// The moderation settings form: its fields, what it accepts (the settings module's schema, with each
// message naming its field, and holding at or below the spam threshold), and what was typed.
import { z } from 'zod';
import type { Typed } from '../../../platform/http/pages.js';
import { checkbox, formField } from '../../../ui/admin/form-fields.js';
import { moderationSettingsSchema, type ModerationSettings } from '../../settings/index.js';

type NumberKey = 'burstPerMinute' | 'perHour' | 'minFillSeconds' | 'duplicateWindowHours' | 'maxLinks' | 'spamThreshold' | 'holdThreshold' | 'reportsToHold';
type CheckKey = 'holdFirstTimeLinks' | 'useClassifier';

export const NUMBERS: { key: NumberKey; label: string; step?: string }[] = [
  { key: 'burstPerMinute', label: 'Comments per minute from one network or author, at most' },
  { key: 'perHour', label: 'Comments per hour from one network or author, at most' },
  { key: 'minFillSeconds', label: 'Seconds a person needs at least to fill in the comment form (faster: held for review; 0: off)' },
  { key: 'duplicateWindowHours', label: 'Hours in which the same text posted again is spam (0: off)' },
  { key: 'maxLinks', label: 'Links in one comment, at most (more: held)' },
  { key: 'spamThreshold', label: 'Spam probability from which the filter marks a comment spam (0.5–1)', step: '0.001' },
  { key: 'holdThreshold', label: 'Spam probability from which the filter holds a comment (0.3–1)', step: '0.001' },
  { key: 'reportsToHold', label: 'Reports by different readers that hold a published comment' },
];
export const CHECKS: { key: CheckKey; label: string }[] = [
  { key: 'holdFirstTimeLinks', label: 'Hold comments with links from first-time commenters' },
  { key: 'useClassifier', label: 'Let the spam filter decide (otherwise it only scores, for the moderators)' },
];
export const POLICIES: Record<ModerationSettings['policy'], string> = {
  none: 'Publish what passes the checks',
  'first-time': 'Hold every first-time commenter’s comment',
  links: 'Hold every comment with a link',
  all: 'Hold every comment (pre-moderate everything)',
};

/** The form's values as typed: numbers as text, checkboxes ticked or not. */
export type SettingsTyped = Record<keyof ModerationSettings, string | boolean>;

const NUMBER = /^\d{1,6}(\.\d{1,4})?$/;

const numberField = (key: NumberKey) => formField(z.string().transform((raw, ctx) => {
  const text = raw.trim();
  if (NUMBER.test(text)) return Number(text);
  ctx.addIssue({ code: 'custom', message: `${key}: enter a number`, params: { code: 'INVALID_NUMBER' } });
  return z.NEVER;
}));

/** Each number must be one (in the order of the form) before the settings' own rules are checked. */
const fields = z.object({
  policy: formField(z.string()),
  ...Object.fromEntries(NUMBERS.map((n) => [n.key, numberField(n.key)])) as Record<NumberKey, ReturnType<typeof numberField>>,
  ...Object.fromEntries(CHECKS.map((c) => [c.key, checkbox])) as Record<CheckKey, typeof checkbox>,
});

export const settingsForm = fields.transform((input, ctx): ModerationSettings => {
  const parsed = moderationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    ctx.addIssue({ ...first, message: `${first.path.join('.')}: ${first.message}` });
    return z.NEVER;
  }
  if (parsed.data.holdThreshold > parsed.data.spamThreshold) {
    ctx.addIssue({ code: 'custom', path: ['holdThreshold'], message: 'holdThreshold: holding must start at or below the spam threshold' });
    return z.NEVER;
  }
  return parsed.data;
});

/** The settings as the form shows them. */
export const typedOf = (s: ModerationSettings): SettingsTyped =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)])) as SettingsTyped;

/** A form sent back, as it was typed. */
export function typedFromForm(typed: Typed): SettingsTyped {
  const out = { policy: typed.policy ?? '' } as SettingsTyped;
  for (const n of NUMBERS) out[n.key] = (typed[n.key] ?? '').trim();
  for (const c of CHECKS) out[c.key] = typed[c.key] !== undefined && typed[c.key] !== '0';
  return out;
}

/** "policy: all → first-time, maxLinks: 3 → 2", or "no change", for the audit log. */
export function settingsChange(before: ModerationSettings, after: ModerationSettings): string {
  const changed = (Object.keys(after) as (keyof ModerationSettings)[]).filter((k) => after[k] !== before[k]);
  return changed.length ? changed.map((k) => `${k}: ${before[k]} → ${after[k]}`).join(', ') : 'no change';
}
