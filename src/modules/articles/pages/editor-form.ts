// The editor's form: its fields as typed ↔ the article's fields, and the messages shown beside each field.
import { formText } from '../../../platform/http/input.js';
import { z } from 'zod';
import { AppError } from '../../../platform/http/errors.js';
import type { Article } from '../articles.repo.js';
import { joinNames } from '../bylines.js';
import { articleInput, articlePatch } from '../articles.schemas.js';
import { fromLocalInput, toLocalInput } from '../../../ui/time-zone.js';
import { AUTHOR_SELECTS_MAX, type EditorIntent, type EditorValues, type FieldErrors } from '../views/ArticleEditor.js';

const str = formText;

const authorSelects = Object.fromEntries(Array.from({ length: AUTHOR_SELECTS_MAX }, (_, i) => [`author${i + 1}`, str])) as Record<`author${number}`, typeof str>;
const chosenAuthors = (f: Record<string, string | undefined>) =>
  Array.from({ length: AUTHOR_SELECTS_MAX }, (_, i) => (f[`author${i + 1}`] ?? '').trim()).filter(Boolean);

/** The posted form: what was typed (never refused here; the article's rules are checked on saving) and the button. */
export const editorForm = z.object({
  title: str, slug: str, summary: str, tags: str, authorName: str, bodyMarkdown: str,
  commentsOpen: str, publishedAt: str, intent: str, updatedAt: str, kind: str, ...authorSelects, leadImageId: str, leadCaption: str, leadCredit: str,
}).transform((f): EditorValues & { intent: string | undefined } => ({
  kind: f.kind === 'page' ? 'page' : 'article',
  title: f.title ?? '', slug: f.slug ?? '', summary: f.summary ?? '', tags: f.tags ?? '', authorName: f.authorName ?? '',
  authorIds: chosenAuthors(f),
  // Browsers send textarea line breaks as CRLF.
  bodyMarkdown: (f.bodyMarkdown ?? '').replace(/\r\n?/g, '\n'),
  commentsOpen: f.commentsOpen === 'open' || f.commentsOpen === 'closed' ? f.commentsOpen : '',
  publishedAt: (f.publishedAt ?? '').trim(), updatedAt: f.updatedAt ?? '', intent: f.intent,
  leadImageId: (f.leadImageId ?? '').trim(), leadCaption: f.leadCaption ?? '', leadCredit: f.leadCredit ?? '',
}));

/** What the form shows again after a refusal: the typed fields, without the button. */
export function typedValues(typed: Record<string, string>): EditorValues {
  const { intent: _intent, ...values } = editorForm.parse(typed);
  return values;
}

/** An instant as the datetime-local field shows it: the wall clock in the site's time zone. */
export const localIn = (iso: string | null, zone: string) => (iso ? (zone === 'UTC' ? iso.slice(0, 16) : toLocalInput(iso, zone)) : '');

export function valuesOf(a: Article, zone = 'UTC'): EditorValues {
  return {
    title: a.title, slug: a.slug, summary: a.summary, tags: a.tags.join(', '),
    // The byline text field holds only a text of one's own: empty while it is the authors' names joined.
    authorName: a.authors?.length && a.authorName === joinNames(a.authors.map((p) => p.name)) ? '' : a.authorName,
    authorIds: (a.authors ?? []).map((p) => String(p.userId)),
    bodyMarkdown: a.bodyMarkdown, commentsOpen: a.commentsOpen === null ? '' : a.commentsOpen ? 'open' : 'closed',
    publishedAt: localIn(a.publishedAt, zone), updatedAt: a.updatedAt, kind: a.kind,
    leadImageId: a.leadImageId === null ? '' : String(a.leadImageId), leadCaption: a.leadCaption, leadCredit: a.leadCredit,
  };
}

/** A new article's form: empty, with the writer's account as the byline (or, without one, their name as its text). */
export const newValues = (authorName: string, userId: number | undefined, kind: 'article' | 'page' = 'article'): EditorValues => ({
  title: '', slug: '', summary: '', tags: '', authorName: userId === undefined ? authorName : '', authorIds: userId === undefined ? [] : [String(userId)],
  bodyMarkdown: '', commentsOpen: '', publishedAt: '', updatedAt: '', kind, leadImageId: '', leadCaption: '', leadCredit: '',
});

/** Several field errors at once (zod reports them all; the form shows each beside its field). */
export class FormInvalid extends AppError {
  constructor(readonly fields: FieldErrors) {
    super(400, 'VALIDATION_FAILED', Object.keys(fields).length === 1 ? Object.values(fields)[0]! : 'Please correct the marked fields.', Object.keys(fields)[0]);
  }
}

/** The messages beside the fields for an error: each field's own, or the one field the error names. */
export const fieldErrorsOf = (err: AppError | undefined): FieldErrors =>
  err instanceof FormInvalid ? err.fields : err?.field ? { [err.field]: err.message } : {};

/**
 * A datetime-local value read in the site's time zone (daylight saving time included: see ui/time-zone.ts);
 * undefined when empty, an error when unreadable.
 */
export function parseLocal(value: string, zone = 'UTC'): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/.exec(value);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new FormInvalid({ publishedAt: `Use a date and time such as 2026-03-14T09:30 (${zone})` });
  return zone === 'UTC' ? d.toISOString() : fromLocalInput(`${m![1]}T${m![2]}${(m![3] ?? ':00').slice(0, 3)}`, zone).toISOString();
}

/** The lead image field: empty for none, else an image's number (a written id that names no image is refused on saving). */
function leadImageIdOf(value: string): number | null {
  if (!value) return null;
  const m = /^(?:#|\/media\/images\/)?(\d{1,10})$/.exec(value);
  if (!m) throw new FormInvalid({ leadImageId: 'Give the number of an uploaded image (e.g. 12), or leave empty for none' });
  return Number(m[1]);
}

const FIELD_NAMES: Record<string, string> = { leadCaption: 'Caption', leadCredit: 'Credit', title: 'Title', slug: 'Slug', summary: 'Summary', authorName: 'Byline text', bodyMarkdown: 'Text', tags: 'Tags' };

function fieldMessage(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? '');
  if (field === 'tags') {
    if (issue.path.length === 1 && issue.code === 'too_big') return `At most ${String(issue.maximum)} tags`;
    if (issue.code === 'too_big') return `Each tag may have at most ${String(issue.maximum)} characters`;
  }
  if (field === 'slug' && issue.code === 'invalid_format') return 'Use lowercase letters, digits and single hyphens (e.g. council-votes)';
  if (issue.code === 'too_small' && issue.minimum === 1) return `${FIELD_NAMES[field] ?? 'This field'} is required`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `At most ${String(issue.maximum)} characters`;
  return issue.message;
}

function zodFields(error: z.ZodError): FormInvalid {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'title') as keyof EditorValues;
    fields[key] ??= fieldMessage(issue);
  }
  return new FormInvalid(fields);
}

const splitTags = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean);
const commentsOpenOf = (v: EditorValues['commentsOpen']) => (v === '' ? null : v === 'open');
/** The byline as the form gives it: the accounts chosen, and a text of one's own (or none: their names). */
function bylineFields(v: EditorValues) {
  const authorIds = [...new Set(v.authorIds)].map((id) => (/^\d{1,9}$/.test(id) ? Number(id) : NaN));
  if (authorIds.some((id) => Number.isNaN(id))) throw new FormInvalid({ authorIds: 'Choose the authors from the lists' });
  if (authorIds.length === 0 && !v.authorName.trim()) throw new FormInvalid({ authorIds: 'Choose at least one author, or type a byline for a guest writer' });
  return { authorIds, ...(v.authorName.trim() && { authorName: v.authorName }) };
}
const articleFields = (v: EditorValues) => ({
  title: v.title, ...(v.slug.trim() && { slug: v.slug }), summary: v.summary, bodyMarkdown: v.bodyMarkdown,
  ...bylineFields(v), tags: splitTags(v.tags), commentsOpen: commentsOpenOf(v.commentsOpen),
  leadImageId: leadImageIdOf(v.leadImageId), leadCaption: v.leadCaption, leadCredit: v.leadCredit,
});

/** The changes an edit makes (the API's rules, the form's messages). */
export function parsePatch(v: EditorValues) {
  const r = articlePatch.safeParse(articleFields(v));
  if (!r.success) throw zodFields(r.error);
  return r.data;
}

/** A new article (the API's rules, the form's messages). */
export function parseInput(v: EditorValues, status: 'draft' | 'published', publishedAt: string | undefined) {
  const r = articleInput.safeParse({ ...articleFields(v), kind: v.kind, status, ...(publishedAt && { publishedAt }) });
  if (!r.success) throw zodFields(r.error);
  return r.data;
}

/** The button pressed, if this form has it. */
export function intentOf(raw: string | undefined, allowed: readonly EditorIntent[]): EditorIntent {
  const intent = (raw ?? 'save') as EditorIntent;
  if (!allowed.includes(intent)) throw new AppError(400, 'INVALID_INTENT', 'Unknown action', 'intent');
  return intent;
}

/** The date a press of "Publish now" or "Schedule" puts on the article. */
export function publishDate(intent: 'publish' | 'schedule', typed: string | undefined, now: Date, zone = 'UTC'): string {
  if (intent === 'schedule') {
    if (!typed) throw new FormInvalid({ publishedAt: `Pick the date and time to publish at (${zone})` });
    if (typed <= now.toISOString()) throw new FormInvalid({ publishedAt: `To schedule, pick a time in the future (${zone})` });
    return typed;
  }
  // Publish now: the present, unless a date in the past was given (backdating, or republishing under the original date).
  return typed && typed <= now.toISOString() ? typed : now.toISOString();
}
