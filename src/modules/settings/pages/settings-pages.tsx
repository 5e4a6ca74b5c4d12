// The site settings pages (settings.manage), declared in the page registry: the settings form, the logo
// upload and its removal. Forms answer 303 back to the page, or the page again with the error and what
// was typed. Images are stored by the images service, reached through the functions given here.
import { formText, noticeQuery } from '../../../platform/http/input.js';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodError } from '../../../platform/http/errors.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import { readUpload } from '../../../platform/http/upload.js';
import type { FrameOf } from '../../../ui/admin/frame.js';
import { noticeFrom, renderDoc, sendHtml } from '../../../ui/admin/render.js';
import type { Caller } from '../../accounts/index.js';
import { siteSettingsSchema, type DiscoverySettings, type NotificationSettings, type SettingsService } from '../settings.service.js';
import { SettingsPage, type LogoPreview, type SettingsValues } from '../views/SettingsPage.js';

export interface SettingsPagesDeps {
  pages: PageRegistry<Caller>;
  frameOf: FrameOf;
  settings: SettingsService;
  /** Stores an uploaded image (validated and re-encoded), for the logo. */
  storeImage: (file: { data: Buffer; originalName: string; alt: string }) => Promise<{ id: number }>;
  /** A stored image's thumbnail, to show the current logo. */
  imageOf: (id: number) => Promise<LogoPreview | undefined>;
  /** The largest image upload, in bytes. */
  maxImageBytes: number;
}

const access = { permission: 'settings.manage' };
const NOTICES = { saved: 'Settings saved.', logo: 'Logo uploaded.', 'logo-removed': 'Logo removed.' };

const text = formText;
/** The posted settings form, as typed (checked on saving). */
const settingsForm = z.object({
  siteName: text, siteDescription: text, commentsOpenByDefault: text, commentEditWindowMinutes: text, commentPrompt: text,
  notifyBatchMinutes: text, digestHourUtc: text, feedFields: text, feedFullContent: text, robotsTxt: text, timeZone: text,
})
  .transform((f): SettingsValues => ({
    siteName: f.siteName ?? '',
    siteDescription: f.siteDescription ?? '',
    // An unticked checkbox sends nothing.
    commentsOpenByDefault: f.commentsOpenByDefault !== undefined && f.commentsOpenByDefault !== '0',
    commentEditWindowMinutes: (f.commentEditWindowMinutes ?? '').trim(),
    commentPrompt: f.commentPrompt ?? '',
    // Absent (a form of an earlier version): the current value stays.
    notifyBatchMinutes: f.notifyBatchMinutes?.trim(),
    digestHourUtc: f.digestHourUtc?.trim(),
    // The feed fields are only read when the form had them (the hidden feedFields marker): an unticked box sends nothing.
    feedFullContent: f.feedFields === undefined ? undefined : f.feedFullContent !== undefined && f.feedFullContent !== '0',
    robotsTxt: f.feedFields === undefined ? undefined : (f.robotsTxt ?? '').replace(/\r\n?/g, '\n'),
    timeZone: f.timeZone?.trim(),
  }));
const savedFields = siteSettingsSchema.pick({ timeZone: true, siteName: true, siteDescription: true, commentsOpenByDefault: true, commentEditWindowMinutes: true, commentPrompt: true, notifications: true, discovery: true });

/** A whole number typed in the form, or a 400 naming the field and its range. */
function wholeNumber(typed: string, field: string, min: number, max: number, unit: string): number {
  const n = /^\d{1,5}$/.test(typed) ? Number(typed) : NaN;
  if (!(n >= min && n <= max)) throw new AppError(400, 'INVALID_NUMBER', `${field}: enter a whole number of ${unit} from ${min} to ${max}`, field);
  return n;
}

function parseSettings(typed: SettingsValues, current: NotificationSettings, discovery: DiscoverySettings, timeZone: string) {
  const { notifyBatchMinutes, digestHourUtc, feedFullContent, robotsTxt, timeZone: typedZone, ...rest } = typed;
  const input = {
    ...rest,
    // Absent (a form of an earlier version): the current zone stays.
    timeZone: typedZone ?? timeZone,
    commentEditWindowMinutes: wholeNumber(typed.commentEditWindowMinutes, 'commentEditWindowMinutes', 0, 1440, 'minutes'),
    notifications: {
      batchMinutes: notifyBatchMinutes === undefined ? current.batchMinutes : wholeNumber(notifyBatchMinutes, 'notifyBatchMinutes', 0, 1440, 'minutes'),
      digestHourUtc: digestHourUtc === undefined ? current.digestHourUtc : wholeNumber(digestHourUtc, 'digestHourUtc', 0, 23, 'hours'),
    },
    discovery: { feedFullContent: feedFullContent ?? discovery.feedFullContent, robotsTxt: robotsTxt ?? discovery.robotsTxt },
  };
  const parsed = savedFields.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
  return parsed.data;
}

export function registerSettingsPages(deps: SettingsPagesDeps) {
  const { pages, frameOf, settings } = deps;

  async function page(reply: FastifyReply, caller: Caller, opts: { values?: SettingsValues; error?: AppError; logoError?: AppError; notice?: string } = {}) {
    const s = settings.get();
    const values = opts.values ?? {
      ...s, commentEditWindowMinutes: String(s.commentEditWindowMinutes),
      notifyBatchMinutes: String(s.notifications.batchMinutes), digestHourUtc: String(s.notifications.digestHourUtc),
      feedFullContent: s.discovery.feedFullContent, robotsTxt: s.discovery.robotsTxt,
    };
    const logo = s.logoImageId !== null ? await deps.imageOf(s.logoImageId) : undefined;
    return sendHtml(reply, renderDoc(
      <SettingsPage frame={frameOf(caller)} values={values} logo={logo} maxImageBytes={deps.maxImageBytes} error={opts.error} logoError={opts.logoError} notice={opts.notice} />,
    ), (opts.error ?? opts.logoError)?.status);
  }

  pages.add({
    method: 'GET', url: '/admin/settings', access, query: noticeQuery,
    handler: async ({ reply, caller, query }) => page(reply, caller, { notice: noticeFrom(query.notice, NOTICES) }),
  });

  pages.add({
    method: 'POST', url: '/admin/settings', access, form: settingsForm,
    handler: async ({ reply, form }) => {
      await settings.update(parseSettings(form, settings.get().notifications, settings.get().discovery, settings.get().timeZone));
      return reply.redirect('/admin/settings?notice=saved', 303);
    },
    invalid: async ({ reply, caller, typed }, error) => page(reply, caller, { values: settingsForm.parse(typed), error }),
  });

  pages.add({
    method: 'POST', url: '/admin/settings/logo', access,
    handler: async ({ req, reply }) => {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the logo as a file upload (multipart/form-data)', 'logo');
      const { file } = await readUpload(req, { file: 'logo', maxBytes: deps.maxImageBytes });
      if (!file || (file.data.length === 0 && !file.name)) throw new AppError(400, 'REQUIRED', 'Choose an image file to upload', 'logo');
      const image = await deps.storeImage({ data: file.data, originalName: file.name, alt: `${settings.get().siteName} logo` });
      await settings.update({ logoImageId: image.id });
      return reply.redirect('/admin/settings?notice=logo', 303);
    },
    invalid: async ({ reply, caller }, logoError) => page(reply, caller, { logoError }),
  });

  pages.add({
    method: 'POST', url: '/admin/settings/logo/delete', access,
    handler: async ({ reply }) => {
      await settings.update({ logoImageId: null });
      return reply.redirect('/admin/settings?notice=logo-removed', 303);
    },
  });
}
