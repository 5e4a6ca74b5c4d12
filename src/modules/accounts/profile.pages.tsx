// A writer's author profile on their account pages: the address of their author page, their bio and their
// photo (uploaded through the images service the app passes in). Readers have no profile: 403 NOT_AN_AUTHOR.
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import { formText } from '../../platform/http/input.js';
import { readUpload } from '../../platform/http/upload.js';
import type { AuthorProfiles } from './author-profiles.js';
import { BIO_MAX, profileInput } from './author-profiles.js';
import { signedInUser } from './caller.js';
import type { AccountPageKit } from './account-pages.js';
import { Form, Page, Submit, type AccountCtx, type FormError } from './views/AccountPage.js';

export interface ProfilePagesDeps {
  profiles: AuthorProfiles;
  /** Stores an uploaded photo (the images service: checked, re-encoded). */
  storeImage: (file: { data: Buffer; originalName: string; alt: string }) => Promise<{ id: number }>;
  imageOf: (id: number) => Promise<{ thumbUrl: string; thumbWidth: number; thumbHeight: number } | undefined>;
  maxImageBytes: number;
}

const NOTICES = { saved: 'Your author profile is saved.', photo: 'Your photo is saved.', 'photo-removed': 'Your photo is removed.' } as const;
const noticeQuery = z.object({ notice: formText });
const profileForm = z.object({ slug: formText, bio: formText });

interface Shown { slug: string; bio: string; published: boolean; photo?: { thumbUrl: string; thumbWidth: number; thumbHeight: number } }

function profilePage(ctx: AccountCtx, p: Shown, opts: { notice?: string; error?: FormError; photoError?: FormError } = {}) {
  const { error, photoError } = opts;
  const csrfQuery = ctx.viewer ? `?_csrf=${encodeURIComponent(ctx.viewer.csrf)}` : '';
  return (
    <Page ctx={ctx} title="Your author profile" notice={opts.notice}>
      <p>
        Readers see this on your author page{p.published ? <>, <a href={`/authors/${p.slug}`}>/authors/{p.slug}</a></> : ', once an article of yours is published'},
        and your name in bylines links to it. Your e-mail address is never shown.
      </p>
      <Form ctx={ctx} action="/account/profile" error={error}>
        <label class="field">
          <span>Address of your author page: /authors/…</span>
          <input name="slug" value={p.slug} required maxLength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" autoCapitalize="none" spellcheck={false}
            aria-invalid={error?.field === 'slug' || undefined} />
          <small class="field-hint">Lowercase letters, digits and single hyphens.</small>
        </label>
        <label class="field">
          <span>Bio</span>
          <textarea name="bio" rows={6} maxLength={BIO_MAX} value={`\n${p.bio}`} aria-invalid={error?.field === 'bio' || undefined} />
          <small class="field-hint">Plain text; a blank line starts a new paragraph. At most {BIO_MAX} characters.</small>
        </label>
        <Submit label="Save profile" />
      </Form>
      <h2>Photo</h2>
      {p.photo ? <p><img src={p.photo.thumbUrl} alt="Your current photo" width={p.photo.thumbWidth} height={p.photo.thumbHeight} class="author-photo" /></p> : <p>No photo yet.</p>}
      <form method="post" action={`/account/profile/photo${csrfQuery}`} enctype="multipart/form-data" class="account-form">
        {photoError && <p class="form-error" role="alert" data-code={photoError.code}>{photoError.message}</p>}
        <label class="field">
          <span>Photo (JPEG, PNG, WebP, GIF or AVIF)</span>
          <input type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required />
        </label>
        <Submit label="Upload photo" />
      </form>
      {p.photo && (
        <Form ctx={ctx} action="/account/profile/photo/delete" class="inline-form">
          <button type="submit" class="button">Remove photo</button>
        </Form>
      )}
      <p><a href="/account">Back to your account</a></p>
    </Page>
  );
}

export function registerProfilePages(kit: AccountPageKit, deps: ProfilePagesDeps) {
  const { pages } = kit;
  const { profiles } = deps;

  async function shown(userId: number, typed?: { slug?: string; bio?: string }): Promise<Shown> {
    const own = await profiles.ownProfile(userId);
    if (!own) throw new AppError(403, 'NOT_AN_AUTHOR', 'Only accounts that write have an author profile');
    const photo = own.photoImageId !== null ? await deps.imageOf(own.photoImageId) : undefined;
    return { slug: typed?.slug ?? own.slug, bio: typed?.bio ?? own.bio, published: own.published, photo };
  }

  pages.add({
    method: 'GET', url: '/account/profile', access: 'signed-in', query: noticeQuery,
    handler: async ({ reply, caller, query }) => {
      const notice = query.notice && Object.hasOwn(NOTICES, query.notice) ? NOTICES[query.notice as keyof typeof NOTICES] : undefined;
      return kit.send(reply, 200, profilePage(kit.ctxOf(caller), await shown(signedInUser(caller).id), { notice }));
    },
  });

  pages.add({
    method: 'POST', url: '/account/profile', access: 'signed-in', form: profileForm,
    handler: async ({ reply, caller, form }) => {
      const parsed = profileInput.safeParse({ slug: form.slug ?? '', bio: form.bio ?? '' });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError(400, 'VALIDATION_FAILED', issue.message, String(issue.path[0] ?? 'slug'));
      }
      await profiles.updateProfile(signedInUser(caller).id, parsed.data);
      return reply.redirect('/account/profile?notice=saved', 303);
    },
    invalid: async ({ reply, caller, typed }, err) => {
      if (err.status === 403) throw err;
      return kit.send(reply, err.status, profilePage(kit.ctxOf(caller), await shown(signedInUser(caller).id, { slug: typed.slug, bio: typed.bio?.replace(/\r\n?/g, '\n') }), { error: err }));
    },
  });

  pages.add({
    method: 'POST', url: '/account/profile/photo', access: 'signed-in',
    handler: async ({ req, reply, caller }) => {
      const user = signedInUser(caller);
      if (!(await profiles.ownProfile(user.id))) throw new AppError(403, 'NOT_AN_AUTHOR', 'Only accounts that write have an author profile');
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the photo as a file upload (multipart/form-data)', 'photo');
      const { file } = await readUpload(req, { file: 'photo', maxBytes: deps.maxImageBytes });
      if (!file || (file.data.length === 0 && !file.name)) throw new AppError(400, 'REQUIRED', 'Choose an image file to upload', 'photo');
      const image = await deps.storeImage({ data: file.data, originalName: file.name, alt: `Photo of ${user.display_name}` });
      await profiles.setPhoto(user.id, image.id);
      return reply.redirect('/account/profile?notice=photo', 303);
    },
    invalid: async ({ reply, caller }, err) => {
      if (err.status === 403) throw err;
      return kit.send(reply, err.status, profilePage(kit.ctxOf(caller), await shown(signedInUser(caller).id), { photoError: err }));
    },
  });

  pages.add({
    method: 'POST', url: '/account/profile/photo/delete', access: 'signed-in',
    handler: async ({ reply, caller }) => {
      await profiles.setPhoto(signedInUser(caller).id, null);
      return reply.redirect('/account/profile?notice=photo-removed', 303);
    },
  });
}
