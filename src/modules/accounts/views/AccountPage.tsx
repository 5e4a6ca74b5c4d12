// The frame and form parts of readers' account pages (sign-in, sign-up, reset, the account itself).
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../ui/Layout.js';
import { PASSWORD_MIN } from '../accounts.service.js';
import { PASSWORD_MAX } from '../account-forms.js';

export interface AccountCtx { siteName: string; css: string; viewer?: { name: string; canAdmin: boolean; csrf: string } }
export interface FormError { code: string; message: string; field?: string }

export function Page(props: { ctx: AccountCtx; title: string; notice?: string; children: ComponentChildren }) {
  const { ctx, title, notice, children } = props;
  return (
    <Layout siteName={ctx.siteName} title={title} assets={{ css: ctx.css }} viewer={ctx.viewer}>
      <section class="account-page">
        <h1>{title}</h1>
        {notice && <p class="notice-ok" role="status">{notice}</p>}
        {children}
      </section>
    </Layout>
  );
}

/** A POST form with the session's CSRF token when someone is signed in. */
export function Form(props: { ctx: AccountCtx; action: string; error?: FormError; class?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class={props.class ?? 'account-form'}>
      {props.ctx.viewer && <input type="hidden" name="_csrf" value={props.ctx.viewer.csrf} />}
      {props.error && <p class="form-error" role="alert" data-code={props.error.code}>{props.error.message}</p>}
      {props.children}
    </form>
  );
}

export function Field(props: { label: string; name: string; type?: string; value?: string; autoComplete: string; error?: FormError; minLength?: number; maxLength: number; hint?: string }) {
  const { label, name, type = 'text', value, autoComplete, error, minLength, maxLength, hint } = props;
  return (
    <label class="field">
      <span>{label}</span>
      <input name={name} type={type} value={type === 'password' ? undefined : value} autoComplete={autoComplete} required
        minLength={minLength} maxLength={maxLength} aria-invalid={error?.field === name || undefined} />
      {hint && <small class="field-hint">{hint}</small>}
    </label>
  );
}

export const NewPasswordField = (p: { error?: FormError; label?: string }) => (
  <Field label={p.label ?? 'Password'} name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX}
    hint={`At least ${PASSWORD_MIN} characters.`} error={p.error} />
);

export const Submit = ({ label, danger }: { label: string; danger?: boolean }) => (
  <div class="form-actions"><button type="submit" class={danger ? 'button danger' : 'button primary'}>{label}</button></div>
);

/** A link from an e-mail that does not work (used, expired, revoked): what happened, and what to do. */
export const LinkProblem = ({ error, again }: { error: FormError; again?: { href: string; label: string } }) => (
  <>
    <p class="form-error" role="alert" data-code={error.code}>{error.message}</p>
    {again && <p><a href={again.href}>{again.label}</a></p>}
  </>
);
