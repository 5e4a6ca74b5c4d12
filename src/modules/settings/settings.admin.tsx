// Site settings page (settings.manage): name, description, logo, comment defaults. Also the site logo
// as the reader pages show it (resolved once per logo, not per request).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, fromZodError } from '../../platform/http/errors.js';
import { readUpload } from '../../platform/http/upload.js';
import { AdminLayout, type AdminFrame } from '../../ui/admin/AdminLayout.js';
import { CsrfField, PostButton } from '../../ui/admin/form-parts.js';
import { renderDoc } from '../../ui/admin/render.js';
import type { AdminShell } from '../admin/admin.shell.js';
import { formError, formOf, noticeOf, sendHtml } from '../admin/admin.routes.js';
import { MAX_IMAGE_BYTES, type ImagesService } from '../articles/images.service.js';
import { siteSettingsSchema, type SettingsService, type SiteSettings } from './settings.service.js';

export interface SettingsAdminDeps {
  shell: AdminShell;
  settings: SettingsService;
  images: ImagesService;
}

/** The logo beside the site name: its thumbnail, scaled to the header's height. */
export interface SiteLogo { url: string; width: number; height: number }
const LOGO_HEIGHT = 40;

export function createSiteLogo(deps: { settings: SettingsService; images: ImagesService }): () => Promise<SiteLogo | undefined> {
  let memo: { id: number; logo: SiteLogo | undefined } | undefined;
  return async () => {
    const id = deps.settings.get().logoImageId;
    if (id === null) return undefined;
    if (memo?.id !== id) {
      const ref = (await deps.images.refs([id])).get(id);
      const logo = ref && {
        url: ref.thumbUrl,
        height: LOGO_HEIGHT,
        width: Math.max(1, Math.round((LOGO_HEIGHT * ref.thumbWidth) / Math.max(1, ref.thumbHeight))),
      };
      memo = { id, logo };
    }
    return memo.logo;
  };
}

const textFields = siteSettingsSchema.pick({ siteName: true, siteDescription: true, commentsOpenByDefault: true, commentEditWindowMinutes: true });

interface Typed { siteName: string; siteDescription: string; commentsOpenByDefault: boolean; commentEditWindowMinutes: string }

const NOTICES = { saved: 'Settings saved.', logo: 'Logo uploaded.', 'logo-removed': 'Logo removed.' };

function FieldError({ error, field }: { error: AppError | undefined; field: string }) {
  return error?.field === field ? <p class="form-error" data-code={error.code}>{error.message}</p> : null;
}

export function registerSettingsAdmin(app: FastifyInstance, deps: SettingsAdminDeps) {
  const { shell, settings, images } = deps;

  const page = async (reply: FastifyReply, frame: AdminFrame, opts: { typed?: Typed; error?: AppError; logoError?: AppError; notice?: string; status?: number }) => {
    const s: SiteSettings = settings.get();
    const typed = opts.typed ?? { ...s, commentEditWindowMinutes: String(s.commentEditWindowMinutes) };
    const { error, logoError } = opts;
    const logo = s.logoImageId !== null ? (await images.refs([s.logoImageId])).get(s.logoImageId) : undefined;
    return sendHtml(reply, renderDoc(
      <AdminLayout frame={frame} title="Settings" current="/admin/settings" notice={opts.notice} error={(error ?? logoError)?.message}>
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
          <div class="form-actions"><button type="submit" class="button primary">Save settings</button></div>
        </form>

        <h2>Logo</h2>
        {logo ? (
          <p class="current-logo">
            <img src={logo.thumbUrl} alt="The current logo" height={LOGO_HEIGHT * 2} width={Math.round((LOGO_HEIGHT * 2 * logo.thumbWidth) / Math.max(1, logo.thumbHeight))} style="max-width:100%;height:auto" />
          </p>
        ) : <p>No logo: the site name is shown alone.</p>}
        {/* Multipart bodies are read by the handler, after the CSRF check: the token goes in the query. */}
        <form method="post" action={`/admin/settings/logo${frame.csrf ? `?_csrf=${encodeURIComponent(frame.csrf)}` : ''}`} enctype="multipart/form-data" class="admin-form" id="logo">
          <label>{logo ? 'Replace the logo' : 'Upload a logo'} (JPEG, PNG, WebP, GIF or AVIF, at most {Math.round(MAX_IMAGE_BYTES / 1024 / 1024)} MB)
            <input type="file" name="logo" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required aria-invalid={logoError ? 'true' : undefined} />
          </label>
          {logoError && <p class="form-error" data-code={logoError.code}>{logoError.message}</p>}
          <div class="form-actions"><button type="submit" class="button">Upload logo</button></div>
        </form>
        {logo && (
          <PostButton action="/admin/settings/logo/delete" id="remove-logo" csrf={frame.csrf} label="Remove the logo" danger />
        )}
      </AdminLayout>,
    ), opts.status ?? 200);
  };

  app.get('/admin/settings', async (req, reply) => {
    const { frame } = await shell.page(req, 'settings.manage');
    return page(reply, frame, { notice: noticeOf(req, NOTICES) });
  });

  app.post('/admin/settings', async (req, reply) => {
    const { frame } = await shell.page(req, 'settings.manage');
    const f = formOf(req);
    const typed: Typed = {
      siteName: f.siteName ?? '',
      siteDescription: f.siteDescription ?? '',
      // An unticked checkbox sends nothing.
      commentsOpenByDefault: f.commentsOpenByDefault !== undefined && f.commentsOpenByDefault !== '0',
      commentEditWindowMinutes: (f.commentEditWindowMinutes ?? '').trim(),
    };
    try {
      if (!/^\d{1,5}$/.test(typed.commentEditWindowMinutes)) {
        throw new AppError(400, 'INVALID_NUMBER', 'commentEditWindowMinutes: enter a whole number of minutes from 0 to 1440', 'commentEditWindowMinutes');
      }
      const input = { ...typed, commentEditWindowMinutes: Number(typed.commentEditWindowMinutes) };
      const parsed = textFields.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
      await settings.update(parsed.data);
      return reply.redirect('/admin/settings?notice=saved', 303);
    } catch (err) {
      const error = formError(err);
      return page(reply, frame, { typed, error, status: error.status });
    }
  });

  app.post('/admin/settings/logo', async (req, reply) => {
    const { frame } = await shell.page(req, 'settings.manage');
    try {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the logo as a file upload (multipart/form-data)', 'logo');
      const { file } = await readUpload(req, { file: 'logo', maxBytes: MAX_IMAGE_BYTES });
      if (!file || (file.data.length === 0 && !file.name)) throw new AppError(400, 'REQUIRED', 'Choose an image file to upload', 'logo');
      const image = await images.store({ data: file.data, originalName: file.name, alt: `${settings.get().siteName} logo` });
      await settings.update({ logoImageId: image.id });
      return reply.redirect('/admin/settings?notice=logo', 303);
    } catch (err) {
      const logoError = formError(err);
      return page(reply, frame, { logoError, status: logoError.status });
    }
  });

  app.post('/admin/settings/logo/delete', async (req, reply) => {
    await shell.page(req, 'settings.manage');
    await settings.update({ logoImageId: null });
    return reply.redirect('/admin/settings?notice=logo-removed', 303);
  });
}
