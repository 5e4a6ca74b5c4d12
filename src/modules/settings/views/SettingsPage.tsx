// The site settings page: name, description, comment defaults, and the logo (upload, replace, remove).
import type { AppError } from '../../../platform/http/errors.js';
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import { CsrfField, FieldError, PostButton } from '../../../ui/admin/form-parts.js';

/** What the settings form's fields hold, as typed (shown again on an error). */
export interface SettingsValues {
  siteName: string; siteDescription: string; commentsOpenByDefault: boolean; commentEditWindowMinutes: string; commentPrompt: string;
  notifyBatchMinutes: string | undefined; digestHourUtc: string | undefined;
  /** Undefined: the form sent no feed fields (the current values stay). */
  feedFullContent: boolean | undefined; robotsTxt: string | undefined;
  /** Undefined: the form had no time zone field (the current zone stays). */
  timeZone: string | undefined;
}

/** The current logo's thumbnail, shown at twice the header's height. */
export interface LogoPreview { thumbUrl: string; thumbWidth: number; thumbHeight: number }
const PREVIEW_HEIGHT = 80;

export interface SettingsPageProps {
  frame: AdminFrame;
  values: SettingsValues;
  logo: LogoPreview | undefined;
  /** The largest logo the upload takes, in bytes. */
  maxImageBytes: number;
  /** The settings form's error … */
  error?: AppError;
  /** … or the logo upload's. */
  logoError?: AppError;
  notice?: string;
}

export function SettingsPage({ frame, values: typed, logo, maxImageBytes, error, logoError, notice }: SettingsPageProps) {
  return (
    <AdminLayout frame={frame} title="Settings" current="/admin/settings" notice={notice} error={(error ?? logoError)?.message}>
      <form method="post" action="/admin/settings" class="admin-form" id="settings">
        <CsrfField csrf={frame.csrf} />
        <label>Site name
          <input name="siteName" required maxLength={80} value={typed.siteName} aria-invalid={error?.field === 'siteName' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="siteName" />
        <label>Description (shown on the front page and to search engines)
          <textarea name="siteDescription" rows={3} maxLength={300} aria-invalid={error?.field === 'siteDescription' ? 'true' : undefined}>{typed.siteDescription}</textarea>
        </label>
        <FieldError error={error} field="siteDescription" />
        <label style="display:flex;gap:.5rem;align-items:center">
          <input type="checkbox" name="commentsOpenByDefault" value="1" checked={typed.commentsOpenByDefault} style="width:auto" />
          Comments are open on every article that does not set its own rule
        </label>
        <label>Comment edit window in minutes (0–1440; 0: commenters cannot edit or delete their comments)
          <input type="number" name="commentEditWindowMinutes" min={0} max={1440} step={1} required inputmode="numeric"
            value={typed.commentEditWindowMinutes} aria-invalid={error?.field === 'commentEditWindowMinutes' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="commentEditWindowMinutes" />
        <label>Invitation to comment, floating on article pages (empty: none)
          <input name="commentPrompt" maxLength={120} value={typed.commentPrompt} aria-invalid={error?.field === 'commentPrompt' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="commentPrompt" />
        <label>Notification mails: at most one per subscriber and article every … minutes (0–1440; later comments wait and go together)
          <input type="number" name="notifyBatchMinutes" min={0} max={1440} step={1} required inputmode="numeric"
            value={typed.notifyBatchMinutes} aria-invalid={error?.field === 'notifyBatchMinutes' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="notifyBatchMinutes" />
        <label>Time zone of the site (an IANA name such as Europe/Berlin, America/New_York or UTC): publish dates are typed and shown in it
          <input name="timeZone" required maxLength={64} value={typed.timeZone} autocapitalize="none" spellcheck={false}
            aria-invalid={error?.field === 'timeZone' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="timeZone" />
        <label>Daily digest goes out at (hour, UTC, 0–23; stays in UTC whatever the site's time zone)
          <input type="number" name="digestHourUtc" min={0} max={23} step={1} required inputmode="numeric"
            value={typed.digestHourUtc} aria-invalid={error?.field === 'digestHourUtc' ? 'true' : undefined} />
        </label>
        <FieldError error={error} field="digestHourUtc" />
        <input type="hidden" name="feedFields" value="1" />
        <label style="display:flex;gap:.5rem;align-items:center">
          <input type="checkbox" name="feedFullContent" value="1" checked={typed.feedFullContent ?? true} style="width:auto" />
          Feeds (RSS and Atom) carry whole articles (unticked: the summary, or the start of the text)
        </label>
        <label>robots.txt (empty: the default, which keeps crawlers out of the admin and the API and names the sitemap)
          <textarea name="robotsTxt" rows={5} maxLength={5000} aria-invalid={error?.field === 'robotsTxt' ? 'true' : undefined}>{typed.robotsTxt ?? ''}</textarea>
        </label>
        <FieldError error={error} field="robotsTxt" />
        <div class="form-actions"><button type="submit" class="button primary">Save settings</button></div>
      </form>

      <h2>Logo</h2>
      {logo ? (
        <p class="current-logo">
          <img src={logo.thumbUrl} alt="The current logo" height={PREVIEW_HEIGHT} width={Math.round((PREVIEW_HEIGHT * logo.thumbWidth) / Math.max(1, logo.thumbHeight))} style="max-width:100%;height:auto" />
        </p>
      ) : <p>No logo: the site name is shown alone.</p>}
      {/* Multipart bodies are read by the handler, after the CSRF check: the token goes in the query. */}
      <form method="post" action={`/admin/settings/logo${frame.csrf ? `?_csrf=${encodeURIComponent(frame.csrf)}` : ''}`} enctype="multipart/form-data" class="admin-form" id="logo">
        <label>{logo ? 'Replace the logo' : 'Upload a logo'} (JPEG, PNG, WebP, GIF or AVIF, at most {Math.round(maxImageBytes / 1024 / 1024)} MB)
          <input type="file" name="logo" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required aria-invalid={logoError ? 'true' : undefined} />
        </label>
        {logoError && <p class="form-error" data-code={logoError.code}>{logoError.message}</p>}
        <div class="form-actions"><button type="submit" class="button">Upload logo</button></div>
      </form>
      {logo && (
        <PostButton action="/admin/settings/logo/delete" id="remove-logo" csrf={frame.csrf} label="Remove the logo" danger />
      )}
    </AdminLayout>
  );
}
