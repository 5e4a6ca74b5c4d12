// The API tokens page of the newsroom admin: a person's own tokens, the form for a new one, and the
// page that shows a new token its only time.
import type { AppError } from '../../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, PostButton, TableScroll, Time } from '../../../ui/admin/form-parts.js';
import type { listApiTokensOf } from '../accounts.repo.js';
import { TOKEN_SCOPES, type TokenScope } from '../permissions.js';

export type TokenRow = Awaited<ReturnType<typeof listApiTokensOf>>[number];

export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as [TokenScope, ...TokenScope[]];

const SCOPE_TEXT: Record<TokenScope, string> = {
  read: 'read only (public data)',
  articles: 'write and publish articles, upload images (as far as your role allows)',
  campaigns: 'manage campaigns (as far as your role allows)',
  donations: 'the donations ledger and its donors (as far as your role allows)',
  comments: 'moderate comments (as far as your role allows)',
  all: 'everything your role allows',
};

export interface TokensPageProps {
  frame: AdminFrame;
  /** The person's tokens; undefined for the bootstrap token, which belongs to no account. */
  tokens: readonly TokenRow[] | undefined;
  notice?: string;
  error?: AppError;
  /** What the new-token form shows: what was typed, or no name and the read scope. */
  typed?: { name: string; scope: string };
}

function TokenTable({ tokens, csrf }: { tokens: readonly TokenRow[]; csrf: string | undefined }) {
  return (
    <TableScroll>
      <table class="admin-table tokens">
        <thead><tr><th>Name</th><th>Scope</th><th class="wide">Created</th><th>Last used</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {tokens.map((tk) => (
            <tr key={tk.id} id={`token-${tk.id}`} data-revoked={tk.revoked_at ? 'true' : 'false'}>
              <td>{tk.name}</td>
              <td>{tk.scope}</td>
              <td class="wide"><Time iso={tk.created_at} /></td>
              <td>{tk.last_used_at ? <Time iso={tk.last_used_at} /> : 'never'}</td>
              <td>{tk.revoked_at ? <>revoked <Time iso={tk.revoked_at} /></> : 'active'}</td>
              <td>
                {!tk.revoked_at && (
                  <PostButton action={`/admin/tokens/${tk.id}/revoke`} csrf={csrf} label="Revoke" ariaLabel={`Revoke ${tk.name}`} danger />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function NewTokenForm({ csrf, error, typed }: { csrf: string | undefined; error: AppError | undefined; typed: { name: string; scope: string } }) {
  return (
    <form method="post" action="/admin/tokens" class="admin-form" id="new-token">
      <CsrfField csrf={csrf} />
      <label>Name (what it is for)
        <input name="name" required maxLength={80} value={typed.name} aria-invalid={error?.field === 'name' ? 'true' : undefined} />
      </label>
      <FieldError error={error} field="name" />
      <label>Scope
        <select name="scope" required>
          {TOKEN_SCOPE_NAMES.map((s) => <option key={s} value={s} selected={s === typed.scope}>{`${s} — ${SCOPE_TEXT[s]}`}</option>)}
        </select>
      </label>
      <FieldError error={error} field="scope" />
      <div class="form-actions"><button type="submit" class="button primary">Create token</button></div>
    </form>
  );
}

export function TokensPage({ frame, tokens, notice, error, typed = { name: '', scope: 'read' } }: TokensPageProps) {
  return (
    <AdminLayout frame={frame} title="API tokens" current="/admin/tokens" notice={notice} error={error?.message}>
      {!tokens ? (
        <p class="notice" id="no-account">
          You are using the bootstrap token (<code>GAZETTE_ADMIN_TOKEN</code>), which belongs to no account. API tokens belong to a person:
          sign in with your own account to create them.
        </p>
      ) : (
        <>
          <p>Send a token as <code>Authorization: Bearer &lt;token&gt;</code>. A token can never do more than your role allows, and only what its scope names.</p>
          {tokens.length === 0 ? <p>You have no API tokens.</p> : <TokenTable tokens={tokens} csrf={frame.csrf} />}
          <h2>New token</h2>
          <NewTokenForm csrf={frame.csrf} error={error} typed={typed} />
        </>
      )}
    </AdminLayout>
  );
}

/** The plain token, shown in this one response only: not stored, not in a redirect, not cached. */
export function TokenCreatedPage({ frame, name, scope, token }: { frame: AdminFrame; name: string; scope: TokenScope; token: string }) {
  return (
    <AdminLayout frame={frame} title="Token created" current="/admin/tokens">
      <p class="form-error" role="alert"><strong>Copy this token now: it is shown only once.</strong> Gazette keeps only a digest of it; if you lose it, revoke it and create a new one.</p>
      <p><label>Token “{name}” (scope {scope})<br />
        <input id="new-token-value" readOnly value={token} />
      </label></p>
      <p><code class="token">{token}</code></p>
      <p><a class="button" href="/admin/tokens">Done</a></p>
    </AdminLayout>
  );
}
