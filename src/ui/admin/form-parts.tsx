// Small parts every admin page uses: the CSRF field, one-button forms, a field's error, times, wide tables.
import type { ComponentChildren } from 'preact';
import { exactTime } from '../format.js';

export function CsrfField({ csrf }: { csrf: string | undefined }) {
  return csrf ? <input type="hidden" name="_csrf" value={csrf} /> : null;
}

/** A form that is one button: a state change by POST with the CSRF token (revoke, remove, deactivate…). */
export function PostButton(props: { action: string; csrf: string | undefined; label: string; ariaLabel?: string; danger?: boolean; id?: string }) {
  return (
    <form method="post" action={props.action} id={props.id}>
      <CsrfField csrf={props.csrf} />
      <button type="submit" class={props.danger ? 'button danger' : 'button'} aria-label={props.ariaLabel}>{props.label}</button>
    </form>
  );
}

/** The message of a form's error, beside the field it names (nothing for other fields). */
export function FieldError({ error, field }: { error: { code: string; message: string; field?: string } | undefined; field: string }) {
  return error?.field === field ? <p class="form-error" data-code={error.code}>{error.message}</p> : null;
}

/** "2026-03-14 12:00 UTC" with the long form as tooltip. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return <time datetime={iso} title={exactTime(iso)}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}

/** Wide tables scroll sideways on a phone instead of breaking the page. */
export function TableScroll({ children }: { children: ComponentChildren }) {
  return <div class="table-scroll">{children}</div>;
}
