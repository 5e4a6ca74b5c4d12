import { z } from 'zod';
import { idText } from '../../platform/http/input.js';

const slug = z.string().trim().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');
const tag = z.string().trim().toLowerCase().min(1).max(40);
const authorIds = z.array(z.number().int().positive().max(2_147_483_647)).max(10);

export const articleInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  slug: slug.optional(),
  summary: z.string().trim().max(500).default(''),
  bodyMarkdown: z.string().min(1).max(100_000),
  /** The byline's text; left out, it is the authors' names joined ("Ada Lovelace and Grace Hopper"). */
  authorName: z.string().trim().min(1).max(80).optional(),
  /** The byline's accounts in order (accounts that may write); left out, the creating account. */
  authorIds: authorIds.optional(),
  tags: z.array(tag).max(10).default([]),
  status: z.enum(['draft', 'published']).default('draft'),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  /** null: follow the site's default. */
  commentsOpen: z.boolean().nullable().default(null),
  /** 'page': a static page (About, Privacy) at /pages/:slug, without comments, dates or byline. */
  kind: z.enum(['article', 'page']).default('article'),
  /** An uploaded image's id (null: none), shown above the article and on listings with its caption and credit. */
  leadImageId: z.number().int().positive().max(2_147_483_647).nullable().default(null),
  leadCaption: z.string().trim().max(300).default(''),
  leadCredit: z.string().trim().max(120).default(''),
});

export const articlePatch = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  slug: slug.optional(),
  summary: z.string().trim().max(500).optional(),
  bodyMarkdown: z.string().min(1).max(100_000).optional(),
  authorName: z.string().trim().min(1).max(80).optional(),
  /** A new byline: the accounts in order; without authorName the byline's text becomes their names. */
  authorIds: authorIds.optional(),
  tags: z.array(tag).max(10).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  /** null: follow the site's default. */
  commentsOpen: z.boolean().nullable().optional(),
  leadImageId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  leadCaption: z.string().trim().max(300).optional(),
  leadCredit: z.string().trim().max(120).optional(),
  /**
   * The article's `updatedAt` as the client last read it: the change is refused (409 EDIT_CONFLICT) when the
   * article was saved since, so one editor does not silently overwrite another.
   */
  ifUpdatedAt: z.string().max(40).optional(),
});

export const publishInput = z.strictObject({ publishedAt: z.iso.datetime({ offset: true }).optional() }).optional();

export const articleSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  authorName: z.string(),
  /** The byline's accounts in order, each with their author page. */
  authors: z.array(z.object({ name: z.string(), slug: z.string(), url: z.string() })),
  tags: z.array(z.string()),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  url: z.string(),
  kind: z.enum(['article', 'page']),
  leadImageId: z.number().int().nullable(),
  leadCaption: z.string(),
  leadCredit: z.string(),
});

export const articleDetailSchema = articleSchema.extend({ bodyHtml: z.string(), bodyMarkdown: z.string().optional() });

export const imageSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  fullUrl: z.string(),
  thumbUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string(),
  markdown: z.string(),
});

export const idParams = z.object({ id: idText });
export const slugParams = z.object({ slug: z.string().min(1).max(200) });
