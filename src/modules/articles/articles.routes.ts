// Articles API: public reading, admin writing (bearer token), image uploads, and the media files.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { AppError } from '../../platform/http/errors.js';
import { parseDbId } from '../../platform/http/input.js';
import { readUpload } from '../../platform/http/upload.js';
import { publicPathOf, type Article } from './articles.repo.js';
import type { ArticlesService } from './articles.service.js';
import type { Caller } from '../accounts/index.js';
import { MAX_IMAGE_BYTES, SAFE_FILE, type ImagesService } from './images.service.js';
import { registerRevisionRoutes } from './revisions.routes.js';
import {
  articleDetailSchema, articleInput, articlePatch, articleSchema, idParams, imageSchema, publishInput, slugParams,
} from './articles.schemas.js';

const view = (a: Article) => ({
  id: a.id, slug: a.slug, title: a.title, summary: a.summary, authorName: a.authorName,
  authors: (a.authors ?? []).flatMap((p) => (p.slug ? [{ name: p.name, slug: p.slug, url: `/authors/${p.slug}` }] : [])), tags: a.tags,
  status: a.status, publishedAt: a.publishedAt, url: publicPathOf(a), kind: a.kind,
  leadImageId: a.leadImageId, leadCaption: a.leadCaption, leadCredit: a.leadCredit,
});
const adminView = (a: Article) => ({ ...view(a), bodyHtml: a.bodyHtml, bodyMarkdown: a.bodyMarkdown });

export interface ArticleRoutesDeps {
  api: ApiRegistry<Caller>;
  articles: ArticlesService;
  images: ImagesService;
}

export function registerArticleRoutes(app: FastifyInstance, deps: ArticleRoutesDeps) {
  const { api, articles, images } = deps;
  registerRevisionRoutes({ api, articles });

  api.add({
    method: 'GET', url: '/api/v1/articles', tag: 'articles', summary: 'Latest published articles',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ articles: z.array(articleSchema) }),
    handler: async ({ query }) => ({ articles: (await articles.latest(query.limit)).map(view) }),
  });
  api.add({
    method: 'GET', url: '/api/v1/articles/:slug', tag: 'articles', summary: 'One published article',
    params: slugParams, response: z.object({ article: articleDetailSchema.omit({ bodyMarkdown: true }) }), errors: [404],
    handler: async ({ params }) => {
      const a = await articles.getPublic(params.slug);
      return { article: { ...view(a), bodyHtml: a.bodyHtml } };
    },
  });

  const one = z.object({ article: articleDetailSchema });
  api.add({
    method: 'POST', url: '/api/v1/admin/articles', tag: 'admin', permission: 'articles.write.own', status: 201, bodyLimit: 1024 * 1024,
    summary: 'Create an article (a draft unless status is published, which needs articles.publish)',
    body: articleInput, response: one, errors: [409, 422],
    handler: async ({ body, caller }) => ({ article: adminView(await articles.create(body, caller)) }),
  });
  api.add({
    method: 'PATCH', url: '/api/v1/admin/articles/:id', tag: 'admin', permission: 'articles.write.own', bodyLimit: 1024 * 1024,
    summary: 'Update an article (authors: only their own drafts)',
    params: idParams, body: articlePatch, response: one, errors: [404, 409, 422],
    handler: async ({ params, body: { ifUpdatedAt, ...patch }, caller }) =>
      ({ article: adminView(await articles.update(params.id, patch, caller, { ifUpdatedAt })) }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/articles/:id/publish', tag: 'admin', permission: 'articles.publish',
    summary: 'Publish an article now, or schedule it for publishedAt',
    params: idParams, body: publishInput, response: one, errors: [404],
    handler: async ({ params, body, caller }) => ({ article: adminView(await articles.publish(params.id, body?.publishedAt, caller)) }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/articles/:id/unpublish', tag: 'admin', permission: 'articles.publish', summary: 'Take an article back to draft',
    params: idParams, response: one, errors: [404],
    handler: async ({ params, caller }) => ({ article: adminView(await articles.unpublish(params.id, caller)) }),
  });

  api.add({
    method: 'POST', url: '/api/v1/admin/articles/:id/submit', tag: 'admin', permission: 'articles.write.own',
    summary: 'Submit a draft for review by an editor',
    params: idParams, response: one, errors: [404],
    handler: async ({ params, caller }) => ({ article: adminView(await articles.submitForReview(params.id, caller)) }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/preview', tag: 'admin', permission: 'articles.write.own', bodyLimit: 1024 * 1024,
    summary: 'Render Markdown as the article page would (live preview)',
    body: z.strictObject({ markdown: z.string().max(100_000) }), response: z.object({ html: z.string() }),
    handler: async ({ body }) => ({ html: await articles.preview(body.markdown) }),
  });

  api.add({
    method: 'POST', url: '/api/v1/admin/images', tag: 'admin', permission: 'images.upload', status: 201,
    summary: 'Upload an image (multipart: file, alt, caption, credit); returns the Markdown to place it in an article',
    rawBody: {
      contentType: 'multipart/form-data',
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, alt: { type: 'string', maxLength: 300 }, caption: { type: 'string', maxLength: 300 }, credit: { type: 'string', maxLength: 120 } } },
    },
    response: z.object({ image: imageSchema }), errors: [413, 415],
    handler: async ({ req }) => {
      if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Expected multipart/form-data with a file field');
      const { file, fields } = await readUpload(req, { file: 'file', fields: ['alt', 'caption', 'credit'], maxBytes: MAX_IMAGE_BYTES });
      const alt = (fields.alt ?? '').trim();
      const caption = (fields.caption ?? '').trim();
      const credit = (fields.credit ?? '').trim();
      if (!file) throw new AppError(400, 'REQUIRED', 'A file field is required', 'file');
      if (alt.length > 300) throw new AppError(400, 'TOO_LONG', 'alt: at most 300 characters', 'alt');
      if (caption.length > 300) throw new AppError(400, 'TOO_LONG', 'caption: at most 300 characters', 'caption');
      if (credit.length > 120) throw new AppError(400, 'TOO_LONG', 'credit: at most 120 characters', 'credit');
      return { image: await images.store({ data: file.data, originalName: file.name, alt, caption, credit }) };
    },
  });

  // Media files on disk: originals and thumbnails, immutable under their random names.
  const sendFile = (dir: string) => async (req: { params: { file: string } }, reply: import('fastify').FastifyReply) => {
    const file = req.params.file;
    if (!SAFE_FILE.test(file)) throw new AppError(404, 'NOT_FOUND', 'No such file');
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) throw new AppError(404, 'NOT_FOUND', 'No such file');
    const type = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' }[file.split('.').pop()!]!;
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(fs.createReadStream(full));
  };
  app.get<{ Params: { file: string } }>('/media/originals/:file', sendFile(images.dirs.originals));
  app.get<{ Params: { file: string } }>('/media/thumbs/:file', sendFile(images.dirs.thumbs));
  app.get<{ Params: { id: string } }>('/media/images/:id', async (req, reply) => {
    const id = parseDbId(req.params.id);
    const ref = id !== undefined ? (await images.refs([id])).get(id) : undefined;
    if (!ref) throw new AppError(404, 'NOT_FOUND', 'No such image');
    return reply.redirect(ref.fullUrl, 301);
  });
}
